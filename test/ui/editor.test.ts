// The editor experience in a real browser: Debian's Chromium driven by playwright-core against a
// throwaway n8n set up like `npm start` (examples, one credential per provider on the local mock,
// owner owner@example.com), on free ports and its own user folder (test/ui/support/instance.js).
// Screenshots: node_modules/.cache/reasoning-chat/ui/run-<pid>/screenshots/; with
// UPDATE_SCREENSHOTS=1 the README's ones are copied to docs/ as well.
// The steps share one page and run in order; each one starts from where the last one left off.
import type { Locator, Page } from 'playwright-core';

import { launchBrowser } from './support/browser';
import type { TestBrowser } from './support/browser';
import { startUiInstance } from './support/instance';
import type { UiInstance } from './support/instance';

const WORKFLOW_ID = 'exBasicReasoning';
const NODE = 'Reasoning Chat';
const PROMPT_START = 'A bat and a ball cost $1.10 in total.';
/** Generous: a cold editor bundle and the first model list can take a while on a 2-core machine. */
const WAIT = 30000;
/** Jest's limit for one step (a hang guard; a step takes a few seconds). */
const STEP = 120000;

let n8n: UiInstance;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
	n8n = await startUiInstance();
	browser = await launchBrowser({ runDir: n8n.runDir });
	page = browser.page;
	page.setDefaultTimeout(WAIT);
}, 240000);

afterAll(async () => {
	if (browser) await browser.close();
	if (n8n) await n8n.stop();
}, 60000);

// ---------------------------------------------------------------------------------------------
// helpers

/** it(), plus a screenshot of the page as failed-<n>.png when the step fails (for diagnosis). */
let stepCount = 0;
function step(name: string, fn: () => Promise<void>) {
	const index = ++stepCount;
	it(
		name,
		async () => {
			let passed = false;
			try {
				await fn();
				passed = true;
			} finally {
				if (!passed && page) await browser.shot(`failed-${index}`).catch(() => undefined);
			}
		},
		STEP,
	);
}

function canvasNode(name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

function ndv(): Locator {
	return page.getByTestId('ndv');
}

function credentialModal(): Locator {
	return page.getByTestId('editCredential-modal');
}

/** The union of the rectangles of `locators`, with margins (`bottom` for labels under canvas nodes). */
async function around(locators: Locator[], { side = 40, top = 40, bottom = 40 } = {}) {
	const boxes = [];
	for (const locator of locators) {
		const box = await locator.boundingBox();
		if (!box) throw new Error(`no bounding box for ${String(locator)}`);
		boxes.push(box);
	}
	const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - side);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - top);
	const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + side);
	const bottomEdge = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + bottom);
	return { x, y, width: right - x, height: bottomEdge - y };
}

/** The three nodes of the example on the canvas, zoomed in, with their names and subtitles. */
async function exampleNodes() {
	return around([canvasNode('When clicking ‘Execute workflow’'), canvasNode('Answer, reasoning and cost')], {
		side: 100,
		top: 30,
		bottom: 100,
	});
}

/** The parameters column of the node panel: from its tabs down to Add Option. */
async function parametersColumn() {
	const column = await page.getByTestId('node-parameters').boundingBox();
	const tabs = await page.getByTestId('tab-params').boundingBox();
	const end = await page.getByTestId('collection-parameter-add').boundingBox();
	if (!column || !tabs || !end) throw new Error('the node panel has no parameters column');
	const y = Math.max(0, tabs.y - 16);
	return { x: column.x, y, width: column.width, height: end.y + end.height + 24 - y };
}

async function zoomCanvasIn() {
	for (let i = 0; i < 2; i++) await page.getByTestId('zoom-in-button').click();
	// Away from the nodes, so that no hover controls show; then let the zoom animation end.
	await page.mouse.move(1, 1);
	await page.waitForTimeout(500);
}

/** Lets the credential dialog settle (its buttons fade in after a test) before a screenshot. */
async function settle() {
	await page.mouse.move(1, 1);
	await page.waitForTimeout(400);
}

async function dismissToasts() {
	for (const close of await page.locator('.el-notification__closeBtn').all()) {
		await close.click().catch(() => undefined);
	}
	await page.locator('.el-notification').first().waitFor({ state: 'hidden' }).catch(() => undefined);
}

async function openWorkflow() {
	await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_ID}`);
	await canvasNode(NODE).waitFor();
}

async function openNodePanel() {
	await canvasNode(NODE).dblclick();
	await ndv().waitFor();
	// "Credential for Reasoning Chat: AIML API": n8n names the credential type once a node can take
	// more than one (here: the fallback's).
	await ndv().getByTestId('node-credentials-select').first().waitFor();
}

async function closeNodePanel() {
	await page.keyboard.press('Escape');
	await ndv().waitFor({ state: 'hidden' });
}

/** Authorization headers of the mock's key checks (the credential test requests) since `since`. */
function keyChecks(since: number): string[] {
	return n8n.mock.requests
		.filter((r) => r.at >= since && r.method === 'GET' && /\/(v2\/billing|key|user\/balance)$/.test(r.path))
		.map((r) => String(r.headers?.authorization ?? ''));
}

/** Waits until the mock has seen a credential test with `key` since `since`. */
async function keyCheckWith(key: string, since: number): Promise<string[]> {
	const deadline = Date.now() + WAIT;
	while (!keyChecks(since).includes(`Bearer ${key}`) && Date.now() < deadline) await page.waitForTimeout(100);
	return keyChecks(since);
}

/** Waits until `locator` matches exactly `count` elements (fails after WAIT). */
async function countBecomes(locator: Locator, count: number) {
	const deadline = Date.now() + WAIT;
	while ((await locator.count()) !== count && Date.now() < deadline) await page.waitForTimeout(100);
	expect(await locator.count()).toBe(count);
}

// ---------------------------------------------------------------------------------------------

step('logs in as the owner that npm start sets up', async () => {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.getByLabel('Email').fill(n8n.owner.email);
	await page.getByLabel('Password').fill(n8n.owner.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: WAIT });
	expect(new URL(page.url()).pathname).not.toContain('signin');
});

step('opens the basic example: the node shows provider and model as its subtitle', async () => {
	await openWorkflow();
	const node = canvasNode(NODE);
	// The subtitle: provider, then the model ID without its vendor prefix.
	await node.getByText('AIML API: deepseek-thinking-v3.2-exp', { exact: true }).waitFor();
});

step('opens the Reasoning Chat panel: credential, model, prompt and options in that order', async () => {
	await openNodePanel();
	const panel = ndv();
	expect(await panel.getByTestId('node-credentials-select').locator('input').first().inputValue()).toBe(
		n8n.credentials.aiml.name,
	);
	const labels = [/^Credential/, 'Model', 'Prompt', 'Options'];
	const tops: number[] = [];
	for (const label of labels) {
		const box = await panel.getByText(label, { exact: true }).first().boundingBox();
		tops.push(box ? box.y : Number.NaN);
	}
	expect(tops.every((top, i) => i === 0 || top > tops[i - 1])).toBe(true);
	await panel.getByText('Max Tokens', { exact: true }).waitFor();
	await panel.getByText('System Message', { exact: true }).waitFor();
	await browser.shot('node-panel', { clip: await parametersColumn(), docs: true });
});

step('searches the model list of the provider (the mock\'s models)', async () => {
	const panel = ndv();
	const listRequestsBefore = n8n.mock.stats().modelListRequests;
	await panel.getByTestId('rlc-mode-selector').click();
	await page.getByRole('option', { name: 'From list' }).click();
	await panel.getByTestId('rlc-input').click();
	const search = page.getByPlaceholder('Search...').filter({ visible: true }).first();
	await search.waitFor();
	await search.pressSequentially('deepseek', { delay: 30 });
	const item = page.getByTestId('rlc-item');
	await item.filter({ hasText: 'deepseek/deepseek-reasoner-v3.2' }).waitFor();
	await item.filter({ hasText: 'deepseek/deepseek-thinking-v3.2-exp' }).waitFor();
	const names = await item.allInnerTexts();
	expect(names.length).toBeGreaterThanOrEqual(3);
	expect(names.every((name) => /deepseek/i.test(name))).toBe(true);
	expect(names.join('\n')).not.toContain('gpt-4o-mini');
	expect(n8n.mock.stats().modelListRequests).toBeGreaterThan(listRequestsBefore);
	await browser.shot('model-search', { clip: await parametersColumn(), docs: true });

	// Keep the example's model: pick it from the list.
	await item.filter({ hasText: 'deepseek/deepseek-thinking-v3.2-exp' }).click();
	await item.first().waitFor({ state: 'hidden' });
	await closeNodePanel();
	await canvasNode(NODE).getByText('AIML API: deepseek-thinking-v3.2-exp', { exact: true }).waitFor();
});

step('runs the workflow: the output panel shows answer, reasoning and usage as separate fields', async () => {
	const completedBefore = n8n.mock.stats().completed;
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor();
	expect(n8n.mock.stats().completed).toBe(completedBefore + 1);

	await openNodePanel();
	const output = page.getByTestId('output-panel');
	await output.getByText('1 item').first().waitFor();
	await output.getByRole('radio', { name: 'Table' }).or(output.getByText('Table', { exact: true })).first().click();
	const table = output.locator('table').first();
	await table.waitFor();
	const headers = (await table.locator('th').allInnerTexts()).map((text) => text.trim());
	for (const field of ['answer', 'reasoning', 'usage']) expect(headers).toContain(field);
	const row = await table.locator('tbody tr').first().innerText();
	expect(row).toContain(`Answer: ${PROMPT_START}`);
	expect(row).toContain(`Reasoning about: ${PROMPT_START}`);
	expect(row).toMatch(/totalTokens\s*:\s*\d+/);
	expect(row).toMatch(/cost\s*:\s*[\d.]+/);
	await dismissToasts();
	await page.mouse.move(0, 0);
	await browser.shot('output-table', { target: output });
	await output.getByText('JSON', { exact: true }).first().click();
	await output.getByText('"reasoningTokens"').first().waitFor();
	await browser.shot('output-json', { target: output });
	await output.getByText('Schema', { exact: true }).first().click();
	await output.getByText('reasoningTokens', { exact: true }).first().waitFor();
	await browser.shot('output', { target: output, docs: true });
	await closeNodePanel();
});

for (const [provider, label] of [
	['aiml', 'AIML API'],
	['deepSeek', 'DeepSeek'],
	['openRouter', 'OpenRouter'],
] as const) {
	step(`${label} credential: Test passes with the good key; a bad key or Base URL gets a clear verdict`, async () => {
		const credential = n8n.credentials[provider];
		await page.goto(`${n8n.baseUrl}/home/credentials`);
		await page.getByText(credential.name, { exact: true }).first().click();
		const modal = credentialModal();
		await modal.waitFor();
		// Opening a saved credential tests it; Retry is the dialog's Test button.
		await modal.getByText('Connection tested successfully').waitFor();
		let since = Date.now();
		await modal.getByRole('button', { name: 'Retry' }).click();
		expect(await keyCheckWith(credential.key, since)).toContain(`Bearer ${credential.key}`);
		await modal.getByText('Connection tested successfully').waitFor();
		await settle();
		await browser.shot(`credential-${provider}-ok`, { target: modal.locator('.el-dialog').or(modal).first() });

		const badKey = `wrong-${provider}-key-0000`;
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(badKey);
		since = Date.now();
		await modal.getByRole('button', { name: 'Retry' }).click();
		await modal.getByText('Couldn’t connect with these settings').waitFor();
		await modal.getByText('More details').click();
		const verdict = modal.getByText(`Invalid API key: ${label} rejected it (HTTP 401).`, { exact: false });
		await verdict.waitFor();
		expect(await keyCheckWith(badKey, since)).toContain(`Bearer ${badKey}`);
		await settle();
		await browser.shot(`credential-${provider}-bad-key`, {
			target: modal.locator('.el-dialog').or(modal).first(),
			docs: provider === 'aiml' ? 'credential-test' : false,
		});

		// The good key at a wrong Base URL (a common slip: AIML API's with /v1, OpenRouter's without
		// /api/v1, a path added to DeepSeek's): the verdict says where to look.
		const wrongUrl = {
			aiml: `${n8n.mock.aimlUrl}/v1`,
			deepSeek: `${n8n.mock.deepSeekUrl}/api`,
			openRouter: n8n.mock.openRouterUrl.replace(/\/api\/v1$/, ''),
		}[provider];
		await modal.getByTestId('parameter-input-apiKey').locator('input').fill(credential.key);
		await modal.getByTestId('parameter-input-url').locator('input').fill(wrongUrl);
		await modal.getByRole('button', { name: 'Retry' }).click();
		await modal.getByText('More details').click();
		await modal.getByText('(HTTP 404). Check the Base URL', { exact: false }).waitFor();
		await settle();
		await browser.shot(`credential-${provider}-wrong-url`, { target: modal.locator('.el-dialog').or(modal).first() });

		// Leave without saving: the stored key stays the good one.
		await modal.getByRole('button', { name: 'Close this dialog' }).or(modal.locator('.el-dialog__headerbtn')).first().click();
		await page.getByRole('button', { name: 'Close', exact: true }).click();
		await modal.waitFor({ state: 'hidden' });
	});
}

step('DeepSeek example: subtitle, the model list from DeepSeek, and a run of both turns', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/exDeepSeekConvo1`);
	const first = canvasNode('First question');
	await first.getByText('DeepSeek: deepseek-reasoner', { exact: true }).waitFor();
	await first.dblclick();
	await ndv().waitFor();
	expect(await ndv().getByTestId('node-credentials-select').locator('input').first().inputValue()).toBe(
		n8n.credentials.deepSeek.name,
	);
	const listRequestsBefore = n8n.mock.stats().modelListRequests;
	await ndv().getByTestId('rlc-input').click();
	const search = page.getByPlaceholder('Search...').filter({ visible: true }).first();
	await search.waitFor();
	await search.pressSequentially('reason', { delay: 30 });
	const item = page.getByTestId('rlc-item');
	await item.filter({ hasText: 'deepseek-reasoner' }).waitFor();
	expect(await item.allInnerTexts()).toEqual(['deepseek-reasoner']);
	expect(n8n.mock.stats().modelListRequests).toBeGreaterThan(listRequestsBefore);
	// DeepSeek's model list needs the key: the request carried the credential's.
	const listRequest = n8n.mock.requests.filter((r) => r.path === '/deepseek/models').at(-1);
	expect(listRequest?.headers?.authorization).toBe(`Bearer ${n8n.credentials.deepSeek.key}`);
	await browser.shot('deepseek-model-search', { clip: await parametersColumn() });
	await item.filter({ hasText: 'deepseek-reasoner' }).click();
	await item.first().waitFor({ state: 'hidden' });
	await closeNodePanel();

	const completedBefore = n8n.mock.stats().completed;
	await page.getByTestId('execute-workflow-button').click();
	await page.getByText('Workflow executed successfully').waitFor();
	expect(n8n.mock.stats().completed).toBe(completedBefore + 2);
	const sent = n8n.mock.requests.filter((r) => r.path === '/deepseek/chat/completions').slice(-2);
	expect(sent.map((r) => (r.body as { messages: unknown[] }).messages.length)).toEqual([2, 3]);
	await dismissToasts();
});

step('renders the node icon in the light and the dark theme', async () => {
	const icons: Record<string, string> = {};
	for (const theme of ['light', 'dark'] as const) {
		// What n8n's theme setting (Settings > Personal > Theme) stores.
		await page.evaluate((value) => localStorage.setItem('N8N_THEME', value), theme);
		await openWorkflow();
		await page.waitForFunction((value) => document.body.getAttribute('data-theme') === value, theme);
		const icon = canvasNode(NODE).locator('img').first();
		await icon.waitFor();
		await page.waitForFunction((img) => (img as HTMLImageElement).complete, await icon.elementHandle());
		icons[theme] = (await icon.getAttribute('src')) ?? '';
		await zoomCanvasIn();
		// The picture is about the nodes: hide the run buttons that the zoom brings into the frame.
		const style = await page.addStyleTag({
			content: '[data-test-id^="execute-workflow-button"] { visibility: hidden !important; }',
		});
		await browser.shot(`canvas-${theme}`, { clip: await exampleNodes(), docs: true });
		await style.evaluate((element) => element.parentNode?.removeChild(element));
	}
	expect(icons.light).toMatch(/reasoning\.svg/);
	expect(icons.dark).toMatch(/reasoning\.dark\.svg/);
	await page.evaluate(() => localStorage.setItem('N8N_THEME', 'system'));
});

step('fallback: the fallback provider\'s credential appears when Fallback Provider is set, and goes with None', async () => {
	await openWorkflow();
	await openNodePanel();
	const panel = ndv();
	const credentialSelects = panel.getByTestId('node-credentials-select');
	expect(await credentialSelects.count()).toBe(1);

	const fallbackProvider = panel.getByTestId('parameter-input-fallbackProvider');
	await fallbackProvider.click();
	await page.getByRole('option', { name: 'OpenRouter' }).click();
	await panel.getByText('Fallback Model', { exact: true }).waitFor();
	await countBecomes(credentialSelects, 2);
	// The AIML API credential stays; a field for an OpenRouter credential is added.
	const names = await Promise.all(
		(await credentialSelects.all()).map(async (select) => await select.locator('input').first().inputValue()),
	);
	expect(names).toContain(n8n.credentials.aiml.name);
	await panel.getByText('Credential for Reasoning Chat: OpenRouter API', { exact: true }).waitFor();
	await page.mouse.move(1, 1);
	await page.waitForTimeout(300);
	const column = await page.getByTestId('node-parameters').boundingBox();
	const tabs = await page.getByTestId('tab-params').boundingBox();
	const model = await panel.getByText('Fallback Model', { exact: true }).boundingBox();
	if (!column || !tabs || !model) throw new Error('the node panel has no parameters column');
	await browser.shot('fallback-credential', {
		clip: { x: column.x, y: tabs.y - 16, width: column.width, height: model.y + 90 - (tabs.y - 16) },
		docs: true,
	});

	await fallbackProvider.click();
	await page.getByRole('option', { name: 'None' }).click();
	await countBecomes(credentialSelects, 1);
	expect(await credentialSelects.locator('input').first().inputValue()).toBe(n8n.credentials.aiml.name);
	// The last step: the panel stays open (the edit is never saved).
});

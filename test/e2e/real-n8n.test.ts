// End-to-end: the packed package in a real n8n 2.41.1 (headless, embedded SQLite) against the
// project's mock provider. Workflows come from examples/ and test/e2e/workflows/; they run through
// `n8n execute` (CLI) and through the REST API the editor uses. See test/e2e/README.md.
// The suites in ./suites/ (AI Agent, conversations and the tool variant, streaming to a webhook
// response) run at the end of this file in the same n8n: one n8n start for the whole e2e suite.
import type { IDataObject, INodeExecutionData, IWorkflowBase } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import basicJson from '../../examples/basic-reasoning-chat.json';
import chainingJson from '../../examples/chaining-finish-reason.json';
import deepSeekJson from '../../examples/deepseek-conversation.json';
import scheduledJson from '../../examples/scheduled-batch.json';
import { expectedCompletion } from '../mock-provider/server';
import type { MockExpectedCompletion, MockProviderName, MockRecordedRequest } from '../mock-provider/server';
import { agentSuite } from './suites/agent';
import { conversationAndToolSuite } from './suites/conversation-and-tool';
import { fallbackAndSchemaSuite } from './suites/fallback-and-schema';
import { streamingResponseSuite } from './suites/streaming-response';
import { nodeError, nodeItems, startE2eEnvironment } from './support/environment';
import type { E2eEnvironment, FinishedExecution } from './support/environment';
import { builtInModelCredentials } from './support/helpers';

const NODE_TYPE = 'n8n-nodes-reasoning-chat.reasoningChat';
const basicExample = basicJson as unknown as IWorkflowBase;
const chainingExample = chainingJson as unknown as IWorkflowBase;
const scheduledExample = scheduledJson as unknown as IWorkflowBase;
const deepSeekExample = deepSeekJson as unknown as IWorkflowBase;
const REPLIES_DIR = '.n8n-files/reasoning-chat/replies';

/** Example (c) with one ticket the mock cuts off at the token limit (`mock:length`). */
const CHAIN_LENGTH_ID = 'e2eChainLength01';
function chainingWithCutOffTicket(): IWorkflowBase {
	const workflow = structuredClone(chainingExample);
	workflow.id = CHAIN_LENGTH_ID;
	workflow.name = 'E2E: chaining example with a reply cut off at the token limit';
	const tickets = workflow.nodes.find((node) => node.name === 'Support tickets');
	if (!tickets) throw new Error('examples/chaining-finish-reason.json has no "Support tickets" node');
	tickets.parameters.jsonOutput = JSON.stringify({
		tickets: [
			{ ticketId: 'T-3001', customer: 'Ana', message: 'Where can I download last year\'s invoices?' },
			{ ticketId: 'T-3002', customer: 'Ben', message: 'Write a full migration guide for our 40 integrations. mock:length' },
		],
	});
	return workflow;
}

let env: E2eEnvironment;

beforeAll(async () => {
	env = await startE2eEnvironment({
		cliExecute: [basicExample.id],
		extraWorkflows: [chainingWithCutOffTicket()],
		// For the control workflows of the agent suite (n8n's built-in DeepSeek / OpenRouter models).
		extraCredentials: builtInModelCredentials,
	});
	// A cold run installs n8n first (scripts/ensure-n8n.sh, a few minutes).
}, 20 * 60 * 1000);

afterAll(async () => {
	if (env) await env.stop();
});

beforeEach(() => {
	if (env) env.mock.reset();
});

// ---------------------------------------------------------------------------------------------
// helpers

function json(item: INodeExecutionData): IDataObject {
	return item.json;
}

function usageOf(item: INodeExecutionData): IDataObject {
	return item.json.usage as IDataObject;
}

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (part && typeof part === 'object' ? String((part as IDataObject).text ?? '') : '')).join('');
	}
	return '';
}

function lastUserText(body: IDataObject): string {
	const messages = (Array.isArray(body.messages) ? body.messages : []) as IDataObject[];
	const users = messages.filter((m) => m.role === 'user');
	return users.length ? contentText(users[users.length - 1].content) : '';
}

function chatRequests(requests: MockRecordedRequest[], provider: MockProviderName): MockRecordedRequest[] {
	return requests.filter((r) => r.provider === provider && r.method === 'POST' && r.path.includes('/chat/completions'));
}

/** What a correct node makes of the mock's answer to the request it sent with this prompt. */
function expectedFor(
	requests: MockRecordedRequest[],
	provider: MockProviderName,
	prompt: string,
	stream = false,
): MockExpectedCompletion {
	const request = chatRequests(requests, provider).find(
		(r) => lastUserText(r.body as IDataObject) === prompt && Boolean((r.body as IDataObject).stream) === stream,
	);
	if (!request) throw new Error(`the mock received no ${provider} request${stream ? ' (stream)' : ''} for prompt "${prompt}"`);
	return expectedCompletion(provider, request.body as Record<string, unknown>);
}

/** The contract's output item for a successful answer, checked field by field. */
function expectAnswerItem(
	item: INodeExecutionData,
	index: number,
	prompt: string,
	provider: 'aimlApi' | 'openRouter',
	expected: MockExpectedCompletion,
) {
	expect(item.pairedItem).toEqual({ item: index });
	expect(json(item).error).toBeUndefined();
	// The mock answers "Answer: <prompt>" and reasons "Reasoning about: <prompt>", wherever it puts
	// the reasoning (reasoning field, <think>…</think>, or only a closing </think>).
	expect(json(item).answer).toBe(`Answer: ${prompt}`);
	expect(json(item).reasoning).toBe(`Reasoning about: ${prompt}`);
	expect(String(json(item).answer)).not.toMatch(/<\/?think>|Reasoning about/);
	expect(usageOf(item)).toEqual(expected.usage);
	expect(usageOf(item).totalTokens).toBeGreaterThan(0);
	expect(usageOf(item).reasoningTokens).toBeGreaterThan(0);
	expect(usageOf(item).cost).toBeGreaterThan(0);
	expect(json(item).model).toBe(expected.model);
	expect(json(item).provider).toBe(provider);
	expect(json(item).finishReason).toBe('stop');
	expect(json(item).id).toBe(expected.id);
	const messages = json(item).messages as IDataObject[];
	expect(messages[0]).toEqual({ role: 'user', content: prompt });
	expect(messages[messages.length - 1]).toMatchObject({ role: 'assistant', content: `Answer: ${prompt}` });
}

function promptsOf(workflowId: string): string[] {
	const workflow = env.workflows.get(workflowId);
	const prompts = workflow?.nodes.find((node) => node.name === 'Prompts');
	if (!prompts) throw new Error(`workflow ${workflowId} has no "Prompts" node`);
	const parsed = JSON.parse(String(prompts.parameters.jsonOutput)) as { prompts: Array<{ prompt: string }> };
	return parsed.prompts.map((p) => p.prompt);
}

function expectSuccess(execution: FinishedExecution) {
	const error = execution.data.resultData.error;
	expect({ status: execution.status, error: error?.message }).toEqual({ status: 'success', error: undefined });
}

/** A parameter of a node of a workflow. */
function parameter(workflow: IWorkflowBase, nodeName: string, name: string): unknown {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow ${workflow.id} has no node "${nodeName}"`);
	return node.parameters[name];
}

// ---------------------------------------------------------------------------------------------

describe('n8n loads the package', () => {
	interface NodeTypeDescription {
		name: string;
		version: number | number[];
		inputs: unknown;
		outputs: unknown;
		usableAsTool?: boolean;
		iconUrl?: { light: string; dark: string };
		credentials?: Array<{ name: string; required?: boolean; displayOptions?: IDataObject }>;
		properties: Array<{ name: string; type: string; default?: unknown; options?: IDataObject[]; modes?: IDataObject[]; displayOptions?: IDataObject }>;
	}
	interface CredentialTypeDescription {
		name: string;
		properties: Array<{ name: string; type: string; default?: unknown; typeOptions?: IDataObject }>;
		test?: { request: IDataObject };
		supportedNodes?: string[];
	}

	it('registers reasoningChat with both credentials in the editor\'s node types (/types/nodes.json)', async () => {
		const nodes = (await env.client.expectOk('GET', '/types/nodes.json')) as NodeTypeDescription[];
		const node = nodes.find((n) => n.name === NODE_TYPE);
		expect(node).toBeDefined();
		if (!node) return;
		expect(node.version).toBe(1);
		expect(node.inputs).toEqual(['main']);
		expect(node.outputs).toEqual(['main']);
		expect(node.usableAsTool).toBe(true);
		// Each credential is shown when its provider is the Provider or the Fallback Provider
		// (through a hidden marker parameter: see nodes/shared/description/fallback.ts).
		expect(node.credentials).toEqual([
			{ name: 'reasoningAimlApi', required: true, displayOptions: { show: { usesAimlApiCredential: [true] } } },
			{ name: 'reasoningDeepSeekApi', required: true, displayOptions: { show: { usesDeepSeekCredential: [true] } } },
			{ name: 'reasoningOpenRouterApi', required: true, displayOptions: { show: { usesOpenRouterCredential: [true] } } },
		]);
		const property = (name: string) => node.properties.filter((p) => p.name === name);
		expect(property('fallbackProvider')[0].options?.map((o) => o.value)).toEqual(['none', 'aimlApi', 'deepSeek', 'openRouter']);
		expect(property('usesOpenRouterCredential').map((p) => p.displayOptions)).toEqual([
			{ show: { provider: ['openRouter'] } },
			{ show: { fallbackProvider: ['openRouter'] }, hide: { provider: ['openRouter'] } },
		]);
		expect(property('usesDeepSeekCredential').map((p) => p.displayOptions)).toEqual([
			{ show: { provider: ['deepSeek'] } },
			{ show: { fallbackProvider: ['deepSeek'] }, hide: { provider: ['deepSeek'] } },
		]);
		expect(property('provider')[0].options?.map((o) => o.value)).toEqual(['aimlApi', 'deepSeek', 'openRouter']);
		expect(property('provider')[0].default).toBe('aimlApi');
		const models = property('model');
		expect(models.map((m) => m.type)).toEqual(['resourceLocator', 'resourceLocator', 'resourceLocator']);
		for (const model of models) expect(model.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		expect(property('prompt')[0].type).toBe('string');
		const options = (property('options')[0].options ?? []).map((o) => o.name);
		expect(options).toEqual(
			expect.arrayContaining([
				'systemMessage',
				'maxTokens',
				'temperature',
				'reasoning',
				'reasoningEffort',
				'concurrency',
				'maxRetries',
				'timeout',
				'stream',
				'messages',
				'outputFormat',
			]),
		);
		// The icon the editor shows is served from the installed package.
		const icon = await env.client.getRaw(`/${node.iconUrl?.light ?? 'no-icon-url'}`);
		expect({ status: icon.status, type: icon.contentType }).toEqual({ status: 200, type: expect.stringContaining('image/svg+xml') });
		expect(icon.text).toContain('<svg');
	});

	it('serves the full description through POST /rest/node-types too', async () => {
		const body = (await env.client.expectOk('POST', '/rest/node-types', {
			nodeInfos: [{ name: NODE_TYPE, version: 1 }],
		})) as { data: NodeTypeDescription[] };
		expect(body.data).toHaveLength(1);
		expect(body.data[0].credentials?.map((c) => c.name)).toEqual([
			'reasoningAimlApi',
			'reasoningDeepSeekApi',
			'reasoningOpenRouterApi',
		]);
	});

	it('registers the three credential types (/types/credentials.json)', async () => {
		const credentials = (await env.client.expectOk('GET', '/types/credentials.json')) as CredentialTypeDescription[];
		const expectations = [
			{ name: 'reasoningAimlApi', url: 'https://api.aimlapi.com', testUrl: '/v2/billing' },
			{ name: 'reasoningDeepSeekApi', url: 'https://api.deepseek.com', testUrl: '/user/balance' },
			{ name: 'reasoningOpenRouterApi', url: 'https://openrouter.ai/api/v1', testUrl: '/key' },
		];
		for (const { name, url, testUrl } of expectations) {
			const credential = credentials.find((c) => c.name === name);
			expect(credential).toBeDefined();
			if (!credential) continue;
			const apiKey = credential.properties.find((p) => p.name === 'apiKey');
			expect(apiKey?.typeOptions).toEqual({ password: true });
			expect(credential.properties.find((p) => p.name === 'url')?.default).toBe(url);
			expect(credential.test?.request).toMatchObject({ url: testUrl, method: 'GET' });
			expect(credential.supportedNodes).toContain(NODE_TYPE);
		}
	});
});

describe('credential test (POST /rest/credentials/test)', () => {
	interface StoredCredential {
		id: string;
		name: string;
		type: string;
		data: IDataObject;
	}
	async function testCredential(id: string, change: IDataObject = {}) {
		// As the editor does: the stored credential comes back with its key blanked; sending that
		// placeholder makes n8n test with the stored key.
		const stored = ((await env.client.expectOk('GET', `/rest/credentials/${id}?includeData=true`)) as { data: StoredCredential }).data;
		const body = (await env.client.expectOk('POST', '/rest/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: { ...stored.data, ...change } },
		})) as { data: { status: string; message: string } };
		return body.data;
	}

	/** Authorization headers of the key checks the mock received since the last reset. */
	function keyCheckAuthorizations(): string[] {
		return env.mock.requests
			.filter((r) => r.method === 'GET' && /\/(v2\/billing|key|user\/balance)$/.test(r.path))
			.map((r) => String(r.headers?.authorization ?? ''));
	}

	for (const provider of ['aiml', 'openRouter', 'deepSeek'] as const) {
		it(`${provider}: passes with the good key, fails with a bad one`, async () => {
			const good = env.credentials[provider];
			const bad = env.badCredentials[provider];

			expect(await testCredential(good.id)).toEqual({ status: 'OK', message: 'Connection successful!' });
			// The stored key went out through the credential's authenticate block, to its url.
			expect(keyCheckAuthorizations()).toEqual([`Bearer ${good.key}`]);

			env.mock.reset();
			expect((await testCredential(bad.id)).status).toBe('Error');
			// n8n repeats a failed credential test request once, so there may be two.
			expect(new Set(keyCheckAuthorizations())).toEqual(new Set([`Bearer ${bad.key}`]));

			env.mock.reset();
			expect((await testCredential(good.id, { apiKey: 'typed-in-wrong-key' })).status).toBe('Error');
			expect(new Set(keyCheckAuthorizations())).toEqual(new Set(['Bearer typed-in-wrong-key']));
		});
	}
});

describe('examples', () => {
	const basicPrompt = String(parameter(basicExample, 'Reasoning Chat', 'prompt'));

	function expectBasicOutput(item: INodeExecutionData | undefined, expected: MockExpectedCompletion) {
		expect(item?.json).toEqual({
			answer: `Answer: ${basicPrompt}`,
			reasoning: `Reasoning about: ${basicPrompt}`,
			costUsd: expected.usage.cost,
			totalTokens: expected.usage.totalTokens,
			reasoningTokens: expected.usage.reasoningTokens,
			model: expected.model,
		});
	}

	it('basic: headless `n8n execute --rawOutput` gives answer, reasoning and cost', () => {
		const run = env.cliRuns[basicExample.id];
		// Exit code, signal and the end of stderr together, so a failure says how the CLI ended.
		expect({ code: run.code, signal: run.signal, stderrTail: run.stderrTail }).toMatchObject({
			code: 0,
		});
		expect(run.execution).not.toBeNull();
		if (!run.execution) return;
		expect(run.execution.status).toBe('success');
		const items = nodeItems(run.execution.data, 'Answer, reasoning and cost');
		expect(items).toHaveLength(1);
		expectBasicOutput(items[0], expectedFor(run.requests, 'aiml', basicPrompt));
	});

	it('basic: "Execute workflow" through the REST API gives answer, reasoning and cost', async () => {
		const execution = await env.runWorkflow(basicExample.id);
		expectSuccess(execution);
		const items = nodeItems(execution.data, 'Answer, reasoning and cost');
		expect(items).toHaveLength(1);
		expectBasicOutput(items[0], expectedFor(env.mock.requests, 'aiml', basicPrompt));
		// The system message and Max Tokens of the example reached the provider.
		const sent = chatRequests(env.mock.requests, 'aiml')[0].body as IDataObject;
		expect((sent.messages as IDataObject[])[0].role).toBe('system');
		expect(sent.max_tokens).toBe(4096);
	});

	it('scheduled batch: run from the Schedule Trigger, items in order, totals of tokens and cost', async () => {
		const execution = await env.runWorkflow(scheduledExample.id, 'Every weekday at 07:00');
		expectSuccess(execution);
		const reviews = nodeItems(execution.data, 'One item per review');
		const answers = nodeItems(execution.data, 'Reasoning Chat');
		expect(reviews).toHaveLength(8);
		expect(answers).toHaveLength(8);
		const requests = env.mock.requests;
		let totalTokens = 0;
		let reasoningTokens = 0;
		let cost = 0;
		answers.forEach((item, i) => {
			const review = json(reviews[i]);
			const prompt = `Classify this customer review as positive, neutral or negative, and name the main reason in one sentence.\n\nReview ${review.reviewId}: ${review.text}`;
			const expected = expectedFor(requests, 'openRouter', prompt);
			expectAnswerItem(item, i, prompt, 'openRouter', expected);
			totalTokens += expected.usage.totalTokens;
			reasoningTokens += expected.usage.reasoningTokens;
			cost += expected.usage.cost ?? 0;
		});
		const report = nodeItems(execution.data, 'Batch report');
		expect(report).toHaveLength(1);
		expect(json(report[0])).toMatchObject({ reviews: 8, totalTokens, reasoningTokens });
		expect(json(report[0]).costUsd).toBeCloseTo(cost, 8);
		// Concurrency 5: never more than 5 requests at once.
		expect(env.mock.stats().maxConcurrent).toBeLessThanOrEqual(5);
		expect(chatRequests(requests, 'openRouter')).toHaveLength(8);
	});

	it('DeepSeek conversation: two streamed turns on {url}/chat/completions, the second carrying the first', async () => {
		const execution = await env.runWorkflow(deepSeekExample.id);
		expectSuccess(execution);
		const first = String(parameter(deepSeekExample, 'First question', 'prompt'));
		const followUp = String(parameter(deepSeekExample, 'Follow-up', 'prompt'));
		const requests = chatRequests(env.mock.requests, 'deepSeek');
		expect(requests.map((request) => request.path)).toEqual(['/deepseek/chat/completions', '/deepseek/chat/completions']);
		expect(requests.map((request) => request.headers?.authorization)).toEqual([
			`Bearer ${env.credentials.deepSeek.key}`,
			`Bearer ${env.credentials.deepSeek.key}`,
		]);
		// The follow-up sends the first turn back as the conversation, without reasoning_content.
		// (The first node's system message is its own: `messages` does not carry it on.)
		expect((requests[1].body as IDataObject).messages).toEqual([
			{ role: 'user', content: first },
			{ role: 'assistant', content: `Answer: ${first}` },
			{ role: 'user', content: followUp },
		]);
		const expected = expectedFor(env.mock.requests, 'deepSeek', followUp, true);
		const items = nodeItems(execution.data, 'Answer and usage');
		expect(items.map(json)).toEqual([
			{
				answer: `Answer: ${followUp}`,
				reasoning: `Reasoning about: ${followUp}`,
				turns: 4,
				reasoningTokens: expected.usage.reasoningTokens,
				cachedTokens: 0,
				costReported: false,
			},
		]);
		expect(expected.usage.reasoningTokens).toBeGreaterThan(0);
	});

	it('chaining: finished replies (finishReason stop) are written to disk as Markdown', async () => {
		env.clearDir(REPLIES_DIR);
		const execution = await env.runWorkflow(chainingExample.id);
		expectSuccess(execution);
		const tickets = nodeItems(execution.data, 'One item per ticket');
		expect(tickets).toHaveLength(3);
		expect(nodeItems(execution.data, 'Reply complete?', 0)).toHaveLength(3);
		expect(nodeItems(execution.data, 'Reply complete?', 1)).toHaveLength(0);
		const saved = nodeItems(execution.data, 'Save reply to disk');
		expect(saved.map((item) => json(item).fileName)).toEqual(
			tickets.map((t) => `${REPLIES_DIR}/reply-${json(t).ticketId}.md`),
		);
		expect(env.listFiles(REPLIES_DIR)).toEqual(['reply-T-2041.md', 'reply-T-2042.md', 'reply-T-2043.md']);
		const drafts = nodeItems(execution.data, 'Draft reply');
		tickets.forEach((ticket, i) => {
			const { ticketId, customer } = json(ticket);
			expect(drafts[i].pairedItem).toEqual({ item: i });
			expect(json(drafts[i]).finishReason).toBe('stop');
			expect(env.readFile(`${REPLIES_DIR}/reply-${ticketId}.md`)).toBe(
				`# Reply to ${ticketId} (${customer})\n\n${json(drafts[i]).answer}\n`,
			);
			expect(json(drafts[i]).answer).toBe(
				`Answer: Draft a reply to support ticket ${ticketId} from ${customer}:\n\n${json(ticket).message}`,
			);
		});
		expect(parameter(chainingExample, 'Draft reply', 'provider')).toBe('aimlApi');
	});

	it('chaining: a reply cut off at the token limit (finishReason length) goes to the review branch', async () => {
		env.clearDir(REPLIES_DIR);
		const execution = await env.runWorkflow(CHAIN_LENGTH_ID);
		expectSuccess(execution);
		const drafts = nodeItems(execution.data, 'Draft reply');
		expect(drafts.map((d) => json(d).finishReason)).toEqual(['stop', 'length']);
		// Cut off while thinking: no answer, the reasoning kept apart, and a warning saying why.
		expect(json(drafts[1]).answer).toBe('');
		expect(String(json(drafts[1]).reasoning)).toMatch(/^Reasoning about: Draft a reply to support ticket T-3002/);
		expect(String(json(drafts[1]).warning)).toMatch(/Max Tokens/);
		expect(env.listFiles(REPLIES_DIR)).toEqual(['reply-T-3001.md']);
		const review = nodeItems(execution.data, 'Cut off: needs review');
		expect(review).toHaveLength(1);
		expect(json(review[0])).toMatchObject({ ticketId: 'T-3002', finishReason: 'length', warning: json(drafts[1]).warning });
		expect(String(json(review[0]).nextStep)).toMatch(/raise Max Tokens/);
	});
});

describe('both providers in real n8n', () => {
	const nodes = [
		{ name: 'AIML API', provider: 'aimlApi', mock: 'aiml', stream: false },
		{ name: 'OpenRouter', provider: 'openRouter', mock: 'openRouter', stream: false },
		{ name: 'AIML API (stream)', provider: 'aimlApi', mock: 'aiml', stream: true },
		{ name: 'OpenRouter (stream)', provider: 'openRouter', mock: 'openRouter', stream: true },
	] as const;
	let execution: FinishedExecution;
	let requests: MockRecordedRequest[];

	beforeAll(async () => {
		env.mock.reset();
		execution = await env.runWorkflow('e2eProviders0001');
		requests = env.mock.requests.slice();
	});

	it('runs the workflow successfully', () => {
		expectSuccess(execution);
		expect(chatRequests(requests, 'aiml')).toHaveLength(6);
		expect(chatRequests(requests, 'openRouter')).toHaveLength(6);
	});

	for (const node of nodes) {
		it(`${node.name}: answer and reasoning apart (reasoning field, <think> tags, closing tag only), usage and cost as reported`, () => {
			const prompts = promptsOf('e2eProviders0001');
			const items = nodeItems(execution.data, node.name);
			expect(items).toHaveLength(prompts.length);
			items.forEach((item, i) => {
				expectAnswerItem(item, i, prompts[i], node.provider, expectedFor(requests, node.mock, prompts[i], node.stream));
			});
		});
	}

	it('OpenRouter: asks for reasoning and keeps reasoning_details for the next turn', () => {
		const sent = chatRequests(requests, 'openRouter')[0].body as IDataObject;
		expect(sent.reasoning).toMatchObject({ enabled: true });
		const item = nodeItems(execution.data, 'OpenRouter')[0];
		const messages = json(item).messages as IDataObject[];
		expect(messages[messages.length - 1].reasoning_details).toEqual([
			expect.objectContaining({ type: 'reasoning.text', text: `Reasoning about: ${promptsOf('e2eProviders0001')[0]}` }),
		]);
	});
});

describe('errors', () => {
	let execution: FinishedExecution;
	let requests: MockRecordedRequest[];

	beforeAll(async () => {
		env.mock.reset();
		execution = await env.runWorkflow('e2eErrorsCont001');
		requests = env.mock.requests.slice();
	});

	it('On Error: Continue — a failed item becomes {error} in its place, the others are unaffected', () => {
		expectSuccess(execution);
		const prompts = promptsOf('e2eErrorsCont001');
		for (const [nodeName, provider, providerName] of [
			['AIML API (continue)', 'aiml', 'AIML API'],
			['OpenRouter (continue)', 'openRouter', 'OpenRouter'],
		] as const) {
			const items = nodeItems(execution.data, nodeName);
			expect(items).toHaveLength(3);
			const nodeProvider = provider === 'aiml' ? 'aimlApi' : 'openRouter';
			expectAnswerItem(items[0], 0, prompts[0], nodeProvider, expectedFor(requests, provider, prompts[0]));
			expectAnswerItem(items[2], 2, prompts[2], nodeProvider, expectedFor(requests, provider, prompts[2]));
			expect(items[1].pairedItem).toEqual({ item: 1 });
			expect(Object.keys(json(items[1]))).toEqual(['error']);
			expect(String(json(items[1]).error)).toContain(`${providerName} answered HTTP 400 for item 1`);
		}
	});

	it('On Error: Continue with a bad key — every item says 401 and which credential to fix, never the key', () => {
		expectSuccess(execution);
		for (const [nodeName, provider, providerName] of [
			['AIML API (bad key)', 'aiml', 'AIML API'],
			['OpenRouter (bad key)', 'openRouter', 'OpenRouter'],
		] as const) {
			const items = nodeItems(execution.data, nodeName);
			expect(items).toHaveLength(3);
			const bad = env.badCredentials[provider];
			items.forEach((item, i) => {
				expect(item.pairedItem).toEqual({ item: i });
				expect(Object.keys(json(item))).toEqual(['error']);
				const error = String(json(item).error);
				expect(error).toContain(`${providerName} answered HTTP 401 for item ${i}`);
				expect(error).toContain(`Check the API key in the credential "${bad.name}"`);
			});
		}
		const everything = JSON.stringify(execution.data);
		expect(everything).not.toContain(env.badCredentials.aiml.key);
		expect(everything).not.toContain(env.badCredentials.openRouter.key);
	});

	it('On Error: Stop — a bad key fails the execution with a clear message and no key in it', async () => {
		const stopped = await env.runWorkflow('e2eStopOnError01');
		expect(stopped.status).toBe('error');
		const error = stopped.data.resultData.error;
		expect(error?.message).toContain('OpenRouter answered HTTP 401 for item 0');
		expect(error?.message).toContain(`Check the API key in the credential "${env.badCredentials.openRouter.name}"`);
		expect(nodeError(stopped.data, 'OpenRouter (bad key)')?.message).toBe(error?.message);
		expect(stopped.data.resultData.lastNodeExecuted).toBe('OpenRouter (bad key)');
		expect(JSON.stringify(stopped.data)).not.toContain(env.badCredentials.openRouter.key);
	});
});

describe('batch of 20 items with concurrency 5', () => {
	it('keeps input order and pairedItem although answers finish out of order', async () => {
		const execution = await env.runWorkflow('e2eBatchOrder001');
		expectSuccess(execution);
		const prompts = promptsOf('e2eBatchOrder001');
		expect(prompts).toHaveLength(20);
		const requests = env.mock.requests;
		const items = nodeItems(execution.data, 'Reasoning Chat');
		expect(items).toHaveLength(20);
		items.forEach((item, i) => expectAnswerItem(item, i, prompts[i], 'openRouter', expectedFor(requests, 'openRouter', prompts[i])));
		// n8n resolves $('One item per prompt').item through the node's pairedItem links.
		const paired = nodeItems(execution.data, 'Paired input');
		expect(paired.map((item) => json(item).n)).toEqual(prompts.map((_, i) => i));
		paired.forEach((item) => expect(json(item).answer).toBe(`Answer: ${json(item).prompt}`));
		// Item i waits (20 - i) × 40 ms at the mock, so later items finish first; five at a time.
		const stats = env.mock.stats();
		expect(stats.maxConcurrent).toBe(5);
		expect(stats.completed).toBe(20);
	});
});

describe('money-safe batches in real n8n (issue 12)', () => {
	it('40 streamed items, two with null entries (choices [null], tool_calls [null]): all answer; one system message, the option\'s, first', async () => {
		env.mock.reset();
		const execution = await env.runWorkflow('e2eMoneySafe001');
		expectSuccess(execution);
		const prompts = promptsOf('e2eMoneySafe001');
		const items = nodeItems(execution.data, 'Reasoning Chat');
		expect(items.map((item) => json(item).answer)).toEqual(prompts.map((prompt) => `Answer: ${prompt}`));
		items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		const requests = chatRequests(env.mock.requests, 'openRouter');
		expect(requests).toHaveLength(40);
		for (const request of requests) {
			const messages = (request.body as IDataObject).messages as IDataObject[];
			expect(messages.filter((message) => message.role === 'system')).toEqual([{ role: 'system', content: 'Option rules' }]);
			expect(messages[0]).toEqual({ role: 'system', content: 'Option rules' });
		}
		// Nothing reaches the provider after the node has returned.
		const atReturn = env.mock.stats().chatRequests;
		await sleep(300);
		expect(env.mock.stats().chatRequests).toBe(atReturn);
	});
});

// ---------------------------------------------------------------------------------------------
// In the same n8n (test/e2e/suites/): issues 9, 7 and 6.

agentSuite(() => env);
conversationAndToolSuite(() => env);
streamingResponseSuite(() => env);
fallbackAndSchemaSuite(() => env);

'use strict';
// Debian's Chromium (scripts/ensure-browser.sh installs it) driven by playwright-core, which never
// downloads a browser of its own. Flags as known to work on these machines: headless, no sandbox
// (tests run as root), no GPU, and no background networking (the machine's closed network refuses
// Chromium's own connections), with a new empty profile for every run.
// Screenshots go to <runDir>/screenshots/; with UPDATE_SCREENSHOTS=1 the ones named for the README
// are also copied to docs/.

const fs = require('node:fs');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DOCS = path.join(ROOT, 'docs');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Opens Chromium on a new empty profile in `runDir`; resolves to { context, page, shot, close }. */
async function launchBrowser({ runDir, viewport = { width: 1440, height: 900 }, colorScheme = 'light' }) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium is not at ${CHROMIUM}. Run: bash scripts/ensure-browser.sh (npm run test:ui does), or set CHROMIUM_PATH.`,
		);
	}
	// n8n's own test ids (data-test-id) for the few elements that have no usable role or text.
	selectors.setTestIdAttribute('data-test-id');
	const profile = path.join(runDir, 'chromium-profile');
	fs.rmSync(profile, { recursive: true, force: true });
	fs.mkdirSync(profile, { recursive: true });
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport,
		colorScheme,
		timeout: 60000,
	});
	const page = context.pages()[0] || (await context.newPage());
	const shotsDir = path.join(runDir, 'screenshots');
	fs.mkdirSync(shotsDir, { recursive: true });
	const update = process.env.UPDATE_SCREENSHOTS === '1';

	/**
	 * Screenshot of the page (optionally clipped) or of one element, as <runDir>/screenshots/<name>.png,
	 * and, when UPDATE_SCREENSHOTS=1 and `docs` is set, as docs/<docs>.png too (docs/<name>.png for
	 * `docs: true`). Returns the path.
	 */
	async function shot(name, { target, clip, docs = false } = {}) {
		const file = path.join(shotsDir, `${name}.png`);
		if (target) await target.screenshot({ path: file, animations: 'disabled' });
		else await page.screenshot({ path: file, clip, animations: 'disabled' });
		if (update && docs) {
			fs.mkdirSync(DOCS, { recursive: true });
			fs.copyFileSync(file, path.join(DOCS, `${docs === true ? name : docs}.png`));
		}
		return file;
	}

	return {
		context,
		page,
		shotsDir,
		shot,
		close: () => context.close(),
	};
}

module.exports = { launchBrowser, CHROMIUM };

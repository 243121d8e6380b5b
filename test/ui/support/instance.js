'use strict';
// The n8n the browser test drives: set up as `npm start` sets it up (scripts/start.js: the packed
// package installed into a user folder, the example workflows and one credential per provider
// pointed at the local mock provider, the owner account owner@example.com), but throwaway: its
// own user folder under node_modules/.cache/reasoning-chat/ui/run-<pid>/ and free ports, so it
// never clashes with a developer's running `npm start` (5678/5679/5680) or its data.
// Plain CommonJS (typed by instance.d.ts): child processes and the file system.

const fs = require('node:fs');
const path = require('node:path');
const rt = require('../../../scripts/lib/n8n-runtime');
const { startMockProvider } = require('../../mock-provider/server');

const UI_DIR = path.join(rt.RUNTIME, 'ui');
const EXAMPLES = path.join(rt.ROOT, 'examples');
/** The login `npm start` sets up (scripts/start.js). */
const OWNER = { email: 'owner@example.com', firstName: 'Local', lastName: 'Owner', password: 'Reasoning-Chat-1' };

function progress(message) {
	if (process.env.UI_QUIET !== '1') process.stderr.write(`[ui] ${message}\n`);
}

/** Removes run folders of earlier runs whose process is gone (the latest one is kept for reading). */
function removeStaleRuns() {
	if (!fs.existsSync(UI_DIR)) return;
	for (const name of fs.readdirSync(UI_DIR)) {
		const match = /^run-(\d+)$/.exec(name);
		if (!match || Number(match[1]) === process.pid) continue;
		try {
			process.kill(Number(match[1]), 0);
		} catch {
			fs.rmSync(path.join(UI_DIR, name), { recursive: true, force: true });
		}
	}
}

/** Starts the mock provider (in this process) and n8n; resolves once the owner can log in. */
async function startUiInstance() {
	const started = Date.now();
	const step = async (label, fn) => {
		const t = Date.now();
		const result = await fn();
		progress(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
		return result;
	};
	if (!rt.isInstalled()) {
		progress('n8n is not installed yet: running scripts/ensure-n8n.sh (first run only, a few minutes)');
		await step('install n8n', async () => rt.ensureN8n());
	}
	removeStaleRuns();
	const runDir = path.join(UI_DIR, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const logFile = path.join(runDir, 'n8n.log');

	await step('build', async () => rt.buildPackage());
	await step('pack + install', async () => rt.installPackage(rt.packPackage(path.join(runDir, 'pack')), userFolder));

	const mock = await startMockProvider({ port: 0 });
	const [port, brokerPort] = await Promise.all([rt.freePort(), rt.freePort()]);
	const env = rt.n8nEnv({ userFolder, port, brokerPort, encryptionKey: 'reasoning-chat-ui-encryption-key' });
	const credentialsFile = path.join(runDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(rt.credentialEntries(mock), null, 2));

	let server;
	const stop = async () => {
		await rt.stopProcessGroup(server);
		await mock.close();
		progress(`stopped; ${((Date.now() - started) / 1000).toFixed(1)} s since the start of the set-up`);
	};
	try {
		await step('import:credentials', () => rt.runN8nCliOrThrow(['import:credentials', `--input=${credentialsFile}`], env));
		await step('import:workflow (examples/)', () =>
			rt.runN8nCliOrThrow(['import:workflow', '--separate', `--input=${EXAMPLES}`], env),
		);
		fs.mkdirSync(path.join(userFolder, rt.FILES_DIR_NAME, 'reasoning-chat', 'replies'), { recursive: true });
		server = rt.startN8nServer(env, logFile);
		const baseUrl = `http://127.0.0.1:${port}`;
		await step('n8n start until ready', () => rt.waitForN8n(baseUrl, server, { logFile }));
		const client = new rt.N8nRestClient(baseUrl);
		await client.setupOwner(OWNER);
		progress(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${baseUrl} (log: ${path.relative(rt.ROOT, logFile)})`);
		return {
			baseUrl,
			mock,
			client,
			owner: OWNER,
			credentials: rt.CREDENTIALS,
			badCredentials: rt.BAD_CREDENTIALS,
			runDir,
			logFile,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startUiInstance, OWNER };

'use strict';
// The end-to-end environment: the project's mock provider (in this process) and a throwaway real
// n8n 2.41.1 with the packed package installed, in node_modules/.cache/reasoning-chat/e2e/run-<pid>/ with free ports.
//
// Order, chosen by measurement (see test/e2e/README.md):
//   1. ensure n8n is installed (scripts/ensure-n8n.sh, only on a fresh clone), build, pack, install
//   2. n8n CLI, one command after the other on the fresh SQLite database: import:credentials,
//      import:workflow, then `n8n execute --rawOutput` for the workflows asked for (~2.5 s each)
//   3. only then `n8n start` (no CLI writes to the database while the server runs), owner set-up,
//      and every other execution through the REST API the editor uses (~0.2-1 s each).
// Plain CommonJS (typed by environment.d.ts) because it needs child processes, timers and the
// file system, which the node lint rules forbid in TypeScript files.

const fs = require('node:fs');
const path = require('node:path');
const rt = require('../../../scripts/lib/n8n-runtime');
const { startMockProvider } = require('../../mock-provider/server');

const E2E_DIR = path.join(rt.RUNTIME, 'e2e');
const TEST_WORKFLOWS = path.join(__dirname, '..', 'workflows');
const EXAMPLES = path.join(rt.ROOT, 'examples');
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' };

function progress(message) {
	if (process.env.E2E_QUIET !== '1') process.stderr.write(`[e2e] ${message}\n`);
}

function readWorkflowDir(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: path.join(dir, f), workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

/** Removes run folders of earlier e2e runs whose process is gone (the latest one is kept for reading). */
function removeStaleRuns() {
	if (!fs.existsSync(E2E_DIR)) return;
	for (const name of fs.readdirSync(E2E_DIR)) {
		const match = /^run-(\d+)$/.exec(name);
		if (!match || Number(match[1]) === process.pid) continue;
		let alive = false;
		try {
			process.kill(Number(match[1]), 0);
			alive = true;
		} catch {
			alive = false;
		}
		if (!alive) fs.rmSync(path.join(E2E_DIR, name), { recursive: true, force: true });
	}
}

/** The first trigger node of a workflow (where a manual run starts). */
function triggerOf(workflow) {
	const trigger = workflow.nodes.find((n) => /trigger/i.test(n.type));
	if (!trigger) throw new Error(`workflow ${workflow.id} has no trigger node`);
	return trigger.name;
}

/** Output items of a node in an execution's data (first run), [] when it did not run. */
function nodeItems(data, nodeName, output = 0) {
	const runs = data.resultData.runData[nodeName];
	if (!runs || !runs[0] || !runs[0].data) return [];
	return (runs[0].data.main && runs[0].data.main[output]) || [];
}

/** The error a node ended with (first run), or undefined. */
function nodeError(data, nodeName) {
	const runs = data.resultData.runData[nodeName];
	return runs && runs[0] ? runs[0].error : undefined;
}

/**
 * @param {{ cliExecute?: string[], extraWorkflows?: object[], extraCredentials?: Function }} [options]
 */
async function startE2eEnvironment(options = {}) {
	const timings = {};
	const time = async (label, fn) => {
		const started = Date.now();
		const result = await fn();
		timings[label] = Date.now() - started;
		progress(`${label}: ${(timings[label] / 1000).toFixed(1)} s`);
		return result;
	};
	const totalStarted = Date.now();

	if (!rt.isInstalled()) {
		progress('n8n is not installed yet: running scripts/ensure-n8n.sh (first run only, a few minutes)');
		await time('install n8n', async () => rt.ensureN8n());
	}
	removeStaleRuns();
	const runDir = path.join(E2E_DIR, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const logFile = path.join(runDir, 'n8n.log');

	await time('build', async () => rt.buildPackage());
	await time('pack + install', async () => rt.installPackage(rt.packPackage(path.join(runDir, 'pack')), userFolder));

	const mock = await startMockProvider({ port: 0 });
	const [port, brokerPort] = await Promise.all([rt.freePort(), rt.freePort()]);
	const env = rt.n8nEnv({
		userFolder,
		port,
		brokerPort,
		encryptionKey: 'reasoning-chat-e2e-encryption-key',
		logFormat: 'json',
	});

	const workflows = new Map();
	for (const { workflow } of [...readWorkflowDir(EXAMPLES), ...readWorkflowDir(TEST_WORKFLOWS)]) {
		workflows.set(workflow.id, workflow);
	}
	for (const workflow of options.extraWorkflows || []) workflows.set(workflow.id, workflow);

	const importDir = path.join(runDir, 'import');
	const workflowDir = path.join(importDir, 'workflows');
	fs.mkdirSync(workflowDir, { recursive: true });
	const credentialsFile = path.join(importDir, 'credentials.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify(
			[
				...rt.credentialEntries(mock),
				...rt.credentialEntries(mock, rt.BAD_CREDENTIALS),
				...(options.extraCredentials ? options.extraCredentials(mock) : []),
			],
			null,
			2,
		),
	);
	for (const workflow of workflows.values()) {
		fs.writeFileSync(path.join(workflowDir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	}

	let server;
	const stop = async () => {
		await rt.stopProcessGroup(server);
		await mock.close();
	};
	try {
		await time('import:credentials', () => rt.runN8nCliOrThrow(['import:credentials', `--input=${credentialsFile}`], env));
		await time('import:workflow', () => rt.runN8nCliOrThrow(['import:workflow', '--separate', `--input=${workflowDir}`], env));

		// CLI executions first: `n8n execute` opens the same SQLite database as the server would.
		const cliRuns = {};
		for (const id of options.cliExecute || []) {
			mock.reset();
			const result = await time(`n8n execute --id=${id}`, () => rt.runN8nCli(['execute', `--id=${id}`, '--rawOutput'], env));
			cliRuns[id] = {
				code: result.code,
				signal: result.signal,
				stderrTail: rt.tail(result.stderr, 20),
				ms: result.ms,
				execution: rt.parseCliExecution(result.stdout),
				requests: mock.requests.slice(),
				output: result.stdout,
			};
		}

		fs.mkdirSync(path.join(userFolder, rt.FILES_DIR_NAME, 'reasoning-chat', 'replies'), { recursive: true });
		server = rt.startN8nServer(env, logFile);
		const baseUrl = `http://127.0.0.1:${port}`;
		await time('n8n start until ready', () => rt.waitForN8n(baseUrl, server, { logFile }));
		const client = new rt.N8nRestClient(baseUrl);
		await client.setupOwner(OWNER);
		timings.total = Date.now() - totalStarted;
		progress(`ready in ${(timings.total / 1000).toFixed(1)} s (n8n log: ${path.relative(rt.ROOT, logFile)})`);

		return {
			mock,
			client,
			baseUrl,
			runDir,
			userFolder,
			logFile,
			filesDir: path.join(userFolder, rt.FILES_DIR_NAME),
			workflows,
			cliRuns,
			timings,
			credentials: rt.CREDENTIALS,
			badCredentials: rt.BAD_CREDENTIALS,
			packageName: rt.PACKAGE.name,
			async runWorkflow(id, triggerName) {
				const workflow = workflows.get(id);
				if (!workflow) throw new Error(`workflow ${id} was not imported`);
				return client.runWorkflow(id, triggerName || triggerOf(workflow));
			},
			/**
			 * Publishes (activates) an imported workflow as the editor's "Publish" does, so that its
			 * production webhooks are registered: POST /rest/workflows/:id/activate with its current
			 * versionId. n8n 2.41 registers the triggers asynchronously (publication outbox), so this
			 * then waits, as the editor does, until GET /rest/workflows/:id/publication-status says
			 * 'published' (and fails with the trigger errors if it says 'failed' or 'partial').
			 */
			async activateWorkflow(id, { timeoutMs = 30000 } = {}) {
				const current = await client.expectOk('GET', `/rest/workflows/${id}`);
				const versionId = current.data && current.data.versionId;
				if (!versionId) throw new Error(`workflow ${id} has no versionId: ${JSON.stringify(current).slice(0, 300)}`);
				const activated = await client.expectOk('POST', `/rest/workflows/${id}/activate`, { versionId });
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const res = await client.request('GET', `/rest/workflows/${id}/publication-status`);
					if (res.status === 404) break; // publication service off: activation was synchronous
					const status = res.body && res.body.data;
					if (status && status.status === 'published' && status.liveVersionId === versionId) break;
					if (status && (status.status === 'failed' || status.status === 'partial')) {
						throw new Error(`publishing workflow ${id} ${status.status}: ${JSON.stringify(status.triggers)}`);
					}
					if (Date.now() > deadline) throw new Error(`workflow ${id} was not published in ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
					await rt.sleep(50);
				}
				return activated.data;
			},
			async deactivateWorkflow(id) {
				const deactivated = await client.expectOk('POST', `/rest/workflows/${id}/deactivate`, {});
				return deactivated.data;
			},
			/**
			 * Calls a production webhook (`/webhook/<path>`) and reads the whole response body as it
			 * arrives; each complete line is kept with the time it arrived (ms after the request was sent).
			 */
			async callWebhook(webhookPath, { method = 'POST', body, headers = {} } = {}) {
				const started = Date.now();
				const res = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
					method,
					headers: { 'content-type': 'application/json', ...headers },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				const lines = [];
				let text = '';
				let pending = '';
				const decoder = new TextDecoder();
				const take = (final) => {
					const parts = pending.split('\n');
					pending = final ? '' : parts.pop();
					for (const line of parts) if (line.trim()) lines.push({ line, ms: Date.now() - started });
				};
				if (res.body) {
					for await (const chunk of res.body) {
						const piece = decoder.decode(chunk, { stream: true });
						text += piece;
						pending += piece;
						take(false);
					}
				}
				const rest = decoder.decode();
				text += rest;
				pending += rest;
				take(true);
				return {
					status: res.status,
					contentType: res.headers.get('content-type') || '',
					text,
					lines,
					ms: Date.now() - started,
				};
			},
			/** The newest execution of a workflow (any mode), finished, with its data; undefined when there is none. */
			async latestExecution(workflowId, { timeoutMs = 30000 } = {}) {
				const filter = encodeURIComponent(JSON.stringify({ workflowId }));
				const list = await client.expectOk('GET', `/rest/executions?filter=${filter}&limit=1`);
				const results = (list.data && list.data.results) || [];
				if (!results.length) return undefined;
				return client.waitForExecution(results[0].id, { timeoutMs });
			},
			readFile(relativePath) {
				return fs.readFileSync(path.join(userFolder, relativePath), 'utf8');
			},
			listFiles(relativeDir) {
				const dir = path.join(userFolder, relativeDir);
				return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
			},
			clearDir(relativeDir) {
				const dir = path.join(userFolder, relativeDir);
				fs.rmSync(dir, { recursive: true, force: true });
				fs.mkdirSync(dir, { recursive: true });
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startE2eEnvironment, nodeItems, nodeError, triggerOf };

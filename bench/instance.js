'use strict';
// A throwaway n8n (`n8n start`) for the benchmark: fresh free ports on every start, the owner set
// up on the first start and logged in on later ones, and workflow runs over the REST API.

const path = require('node:path');
const rt = require('../scripts/lib/n8n-runtime');
const { descendantsOf } = require('./proc');

const OWNER = {
	email: 'bench-owner@example.com',
	firstName: 'Bench',
	lastName: 'Owner',
	password: 'Bench-Owner-Passw0rd',
};
const ENCRYPTION_KEY = 'reasoning-chat-bench-encryption-key';

/** `count` different free ports (two quick freePort() calls can return the same one). */
async function freePorts(count) {
	const ports = new Set();
	while (ports.size < count) ports.add(await rt.freePort());
	return [...ports];
}

function envFor(userFolder, [port, brokerPort], extra = {}) {
	return rt.n8nEnv({
		userFolder,
		port,
		brokerPort,
		encryptionKey: ENCRYPTION_KEY,
		logFormat: 'json',
		extra,
	});
}

/**
 * Starts n8n on `userFolder` (already imported), waits until ready and logs in. `extraEnv` is
 * added to n8n's environment (e.g. NODE_OPTIONS for profiling); `inspect: true` opens the
 * inspector on a free port (`instance.inspectPort`).
 */
async function startInstance(userFolder, logFile, options = {}) {
	// Other engineers start n8n instances on this machine too: a port taken between choosing it
	// and n8n binding it is retried once with new ports.
	try {
		return await startOnce(userFolder, logFile, options);
	} catch (error) {
		if (
			!/already in use|EADDRINUSE|exited before it was ready/.test(String(error && error.message))
		)
			throw error;
		return startOnce(userFolder, logFile, options);
	}
}

async function startOnce(userFolder, logFile, { extraEnv = {}, inspect = false } = {}) {
	const ports = await freePorts(3);
	const inspectPort = inspect ? ports[2] : undefined;
	const env = envFor(userFolder, ports, {
		...extraEnv,
		...(inspect
			? { NODE_OPTIONS: `${extraEnv.NODE_OPTIONS || ''} --inspect=127.0.0.1:${inspectPort}`.trim() }
			: {}),
	});
	const baseUrl = `http://127.0.0.1:${env.N8N_PORT}`;
	const started = Date.now();
	const child = rt.startN8nServer(env, logFile);
	try {
		await rt.waitForN8n(baseUrl, child, { logFile });
		const client = new rt.N8nRestClient(baseUrl);
		client.browserId = 'reasoning-chat-bench';
		if (await client.needsOwnerSetup()) await client.setupOwner(OWNER);
		else await client.login(OWNER.email, OWNER.password);
		return {
			child,
			pid: child.pid,
			client,
			baseUrl,
			readyMs: Date.now() - started,
			inspectPort,
			/** Pids of the n8n main process and its descendants (the task runner). */
			processes() {
				return [child.pid, ...descendantsOf(child.pid)];
			},
			/**
			 * Runs a workflow from its Start trigger and waits for the saved execution. Each poll
			 * makes n8n read the execution (with the workflow) from its database, so polls start at
			 * 200 ms and slow down to 1 s on long runs; the times reported come from the execution
			 * data, so polling only delays noticing the end. `beforePolling` is awaited before the
			 * first poll.
			 */
			async run(workflowId, { timeoutMs = 300000, beforePolling } = {}) {
				const runStarted = Date.now();
				const started = await client.expectOk('POST', `/rest/workflows/${workflowId}/run`, {
					triggerToStartFrom: { name: 'Start' },
				});
				const executionId = started.data && started.data.executionId;
				if (!executionId)
					throw new Error(
						`workflow ${workflowId} did not start: ${JSON.stringify(started).slice(0, 300)}`,
					);
				const deadline = Date.now() + timeoutMs;
				// Lets a caller keep n8n free of these reads while it measures (e.g. until the mock has
				// answered every item).
				if (beforePolling) await beforePolling();
				for (;;) {
					await rt.sleep(Math.min(1000, 200 + (Date.now() - runStarted) / 10));
					const res = await client.request('GET', `/rest/executions/${executionId}`);
					const execution = res.status === 200 && res.body && res.body.data;
					if (
						execution &&
						!['new', 'running', 'waiting'].includes(execution.status) &&
						execution.finished !== undefined
					) {
						return { ...execution, data: rt.parseFlatted(execution.data) };
					}
					if (Date.now() > deadline)
						throw new Error(`execution ${executionId} did not finish in ${timeoutMs} ms`);
				}
			},
			stop: () => rt.stopProcessGroup(child),
		};
	} catch (error) {
		await rt.stopProcessGroup(child);
		throw error;
	}
}

/**
 * Imports credentials and workflows with the n8n CLI (before any server runs on this folder).
 * `extraEnv`: e.g. the Postgres settings of a queue-mode run (bench/services.js).
 */
async function importAll(userFolder, importDir, credentials, workflows, extraEnv = {}) {
	const fs = require('node:fs');
	const env = envFor(userFolder, await freePorts(2), extraEnv);
	const workflowDir = path.join(importDir, 'workflows');
	fs.mkdirSync(workflowDir, { recursive: true });
	const credentialsFile = path.join(importDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
	for (const workflow of workflows) {
		fs.writeFileSync(path.join(workflowDir, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await rt.runN8nCliOrThrow(['import:credentials', `--input=${credentialsFile}`], env);
	await rt.runN8nCliOrThrow(['import:workflow', '--separate', `--input=${workflowDir}`], env);
}

/**
 * A queue-mode worker (`n8n worker --concurrency=<concurrency>`) on `userFolder`, with the same
 * encryption key as startInstance's main process and `extraEnv` (the queue and database
 * settings). Its health server (127.0.0.1, a free port) says when it is ready: connected to the
 * database and Redis, and taking jobs. Retried once with new ports, like startInstance.
 */
async function startWorker(userFolder, logFile, { concurrency, extraEnv = {} }) {
	try {
		return await startWorkerOnce(userFolder, logFile, concurrency, extraEnv);
	} catch (error) {
		if (
			!/already in use|EADDRINUSE|exited before it was ready/.test(String(error && error.message))
		)
			throw error;
		return startWorkerOnce(userFolder, logFile, concurrency, extraEnv);
	}
}

async function startWorkerOnce(userFolder, logFile, concurrency, extraEnv) {
	const [port, brokerPort, healthPort] = await freePorts(3);
	const env = envFor(userFolder, [port, brokerPort], {
		...extraEnv,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	const started = Date.now();
	const child = rt.startN8nServer(env, logFile, ['worker', `--concurrency=${concurrency}`]);
	try {
		await rt.waitForN8n(`http://127.0.0.1:${healthPort}`, child, { logFile });
		return {
			child,
			pid: child.pid,
			logFile,
			readyMs: Date.now() - started,
			stop: () => rt.stopProcessGroup(child),
		};
	} catch (error) {
		await rt.stopProcessGroup(child);
		throw error;
	}
}

module.exports = { startInstance, startWorker, importAll };

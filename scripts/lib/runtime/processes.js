'use strict';
// `n8n start` as a server in its own process group: starting it, waiting until it is ready and
// stopping the whole group (n8n and its task runner).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { NODE24, N8N_BIN } = require('./paths');
const { tail, sleep } = require('./util');

/**
 * `n8n start` in its own process group (so that its task runner child stops with it), cwd
 * `userFolder`, output appended to `logFile`. Returns the child process. `args` replaces the
 * command (e.g. `['worker', '--concurrency=2']` for a queue-mode worker).
 */
function startN8nServer(env, logFile, args = ['start']) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(NODE24, [N8N_BIN, ...args], {
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

module.exports = { startN8nServer, waitForN8n, stopProcessGroup };

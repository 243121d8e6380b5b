'use strict';
// The n8n CLI (`import:credentials`, `execute`, ...) run with the project's Node 24, and reading
// the execution that `n8n execute` prints.

const { spawn } = require('node:child_process');
const { NODE24, N8N_BIN } = require('./paths');
const { tail } = require('./util');

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
		child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
	});
}

async function runN8nCliOrThrow(args, env) {
	const result = await runN8nCli(args, env);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.stdout + result.stderr, 40)}`);
	}
	return result;
}

/**
 * The execution that `n8n execute --rawOutput` printed, from its stdout in N8N_LOG_FORMAT=json:
 * the log line whose `message` is itself JSON holding `data.resultData`.
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

module.exports = { runN8nCli, runN8nCliOrThrow, parseCliExecution };

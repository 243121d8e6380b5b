'use strict';
// The local mock provider (test/mock-provider/cli.js) as a separate process in its own group.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./paths');
const { tail } = require('./util');

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

module.exports = { startMockProcess };

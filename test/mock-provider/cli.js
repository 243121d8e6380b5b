#!/usr/bin/env node
'use strict';
// Run the mock provider in its own process (end-to-end tests against a real n8n).
//
//   node test/mock-provider/cli.js [--port N] [--host H] [--latency-ms N] [--max-in-flight N]
//        [--retry-after-seconds N|null] [--rate-limit-fraction F] [--server-error-fraction F]
//        [--seed N] [--tool-rounds N] [--record-bodies|--no-record-bodies]
//        [--no-enforce-reasoning-rules] [--aiml-key K]... [--openrouter-key K]... [--deepseek-key K]...
//        [--valid-keys '{"aiml":["k"],"openRouter":["k"],"deepSeek":["k"]}']
//
// Any `--some-option value` becomes config key `someOption` (value parsed as JSON when it can
// be, else kept as a string); `--flag` alone is true and `--no-flag` is false.
// Prints exactly one JSON line {"url","aimlUrl","openRouterUrl"} on stdout once listening;
// SIGTERM / SIGINT close the server and exit 0. Control it at runtime over HTTP:
// POST /__mock/config, POST /__mock/reset, GET /__mock/stats, GET /__mock/requests.

const { startMockProvider } = require('./server');

/** @param {string} v */
function parseValue(v) {
	try {
		return JSON.parse(v);
	} catch {
		return v;
	}
}

/** @param {string[]} argv @returns {Record<string, any>} */
function parseArgs(argv) {
	/** @type {Record<string, any>} */
	const options = {};
	/** @type {string[]} */
	const aimlKeys = [];
	/** @type {string[]} */
	const openRouterKeys = [];
	/** @type {string[]} */
	const deepSeekKeys = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
		let name = arg.slice(2);
		/** @type {string | undefined} */
		let inline;
		const eq = name.indexOf('=');
		if (eq >= 0) {
			inline = name.slice(eq + 1);
			name = name.slice(0, eq);
		}
		const next = argv[i + 1];
		const takeValue = () => {
			if (inline !== undefined) return inline;
			if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
			i++;
			return next;
		};
		if (name === 'help' || name === 'h') {
			process.stderr.write(
				'usage: node test/mock-provider/cli.js [--port N] [--latency-ms N] [--max-in-flight N] ... (see the top of cli.js)\n',
			);
			process.exit(0);
		}
		if (name === 'aiml-key') {
			aimlKeys.push(takeValue());
			continue;
		}
		if (name === 'deepseek-key' || name === 'deep-seek-key') {
			deepSeekKeys.push(takeValue());
			continue;
		}
		if (name === 'openrouter-key' || name === 'open-router-key') {
			openRouterKeys.push(takeValue());
			continue;
		}
		const camel = (/** @type {string} */ s) =>
			s.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());
		if (name.startsWith('no-') && inline === undefined) {
			options[camel(name.slice(3))] = false;
			continue;
		}
		if (inline === undefined && (next === undefined || next.startsWith('--'))) {
			options[camel(name)] = true;
			continue;
		}
		options[camel(name)] = parseValue(takeValue());
	}
	if (aimlKeys.length > 0 || openRouterKeys.length > 0 || deepSeekKeys.length > 0) {
		options.validKeys = { ...(options.validKeys || {}) };
		if (deepSeekKeys.length > 0) options.validKeys.deepSeek = deepSeekKeys;
		if (aimlKeys.length > 0) options.validKeys.aiml = aimlKeys;
		if (openRouterKeys.length > 0) options.validKeys.openRouter = openRouterKeys;
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const mock = await startMockProvider(options);
	process.stdout.write(
		`${JSON.stringify({ url: mock.url, aimlUrl: mock.aimlUrl, openRouterUrl: mock.openRouterUrl, deepSeekUrl: mock.deepSeekUrl })}\n`,
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		mock.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`[mock-provider] ${e && e.message ? e.message : e}\n`);
		process.exit(1);
	});
}

module.exports = { parseArgs };

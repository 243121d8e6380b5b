'use strict';
// Local mock of the AIML API, OpenRouter and DeepSeek chat-completions services, for tests.
// Plain CommonJS with Node built-ins only: jest `require`s it, and `node cli.js` runs it in its
// own process for end-to-end tests against a real n8n.
//
//   const { startMockProvider } = require('./server');
//   const mock = await startMockProvider({ latencyMs: 20 });
//   // credential urls: mock.aimlUrl (…/aiml), mock.openRouterUrl (…/openrouter/api/v1),
//   // mock.deepSeekUrl (…/deepseek)
//   mock.configure({ maxInFlight: 4 }); mock.stats(); mock.requests; mock.reset(); await mock.close();
//
// This file starts and stops the server. state.js holds config, counters and the request log,
// routing.js picks the handler, scenarios.js answers chat requests; the answers come from
// content.js (what), aiml.js / openrouter.js / deepseek.js (wire shape), sse.js (streaming)
// and rules.js (DeepSeek's reasoning-in-input rules). README.md lists every directive.

const http = require('node:http');
const { expectedCompletion } = require('./content');
const { parseDirectives, KNOWN_DIRECTIVES } = require('./directives');
const { sendJson } = require('./http');
const { FLAVOURS } = require('./providers');
const { route } = require('./routing');
const { DEFAULT_CONFIG, createState, mergeConfig, publicConfig } = require('./state');

/**
 * Start a mock provider server.
 * @param {Partial<import('./state').MockConfig> & { port?: number, host?: string }} [options]
 */
async function startMockProvider(options = {}) {
	const { port = 0, host = '127.0.0.1', ...initial } = options;
	const state = createState(initial);

	const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
		route(state, req, res).catch((e) => {
			// a bug in the mock: say so loudly in the response rather than hanging the client
			process.stderr.write(`[mock-provider] internal error: ${e && e.stack ? e.stack : e}\n`);
			if (!res.headersSent)
				sendJson(res, 500, { error: `mock provider internal error: ${e && e.message}` });
			else res.destroy();
		});
	});
	server.requestTimeout = 0;
	server.keepAliveTimeout = 5000;
	server.on('clientError', (_err, socket) => socket.destroy());

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	let urlHost = host;
	if (host === '0.0.0.0' || host === '' || host === '::') urlHost = '127.0.0.1';
	else if (host.includes(':')) urlHost = `[${host}]`;
	const url = `http://${urlHost}:${address.port}`;

	/** @type {Promise<void> | null} */
	let closed = null;
	function close() {
		if (closed) return closed;
		state.closing = true;
		closed = new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
			state.wakeAll();
		});
		return closed;
	}

	return {
		url,
		aimlUrl: `${url}${FLAVOURS.aiml.PREFIX}`,
		openRouterUrl: `${url}${FLAVOURS.openRouter.PREFIX}`,
		deepSeekUrl: `${url}${FLAVOURS.deepSeek.PREFIX}`,
		port: address.port,
		configure: state.configure,
		reset: state.reset,
		stats: state.stats,
		get requests() {
			return state.recorded;
		},
		get config() {
			return publicConfig(state.config);
		},
		close,
	};
}

module.exports = {
	startMockProvider,
	DEFAULT_CONFIG,
	KNOWN_DIRECTIVES,
	parseDirectives,
	expectedCompletion,
	mergeConfig,
};

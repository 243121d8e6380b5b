'use strict';
// The project's mock provider (test/mock-provider/cli.js) as a separate process, and its admin API.

const path = require('node:path');
const rt = require('../scripts/lib/n8n-runtime');

/** Quiet defaults for benchmark runs: no request log (it would cost the mock time per request). */
const BASE = {
	latencyMs: 0,
	maxInFlight: null,
	retryAfterSeconds: 1,
	recordBodies: false,
	maxRecorded: 0,
};

async function startMock(runDir) {
	const port = await rt.freePort();
	const { child, urls } = await rt.startMockProcess({
		port,
		logFile: path.join(runDir, 'mock.log'),
	});
	const admin = async (method, route, body) => {
		const res = await fetch(`${urls.url}/__mock/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!res.ok) throw new Error(`mock ${method} /__mock/${route} answered ${res.status}`);
		return res.json();
	};
	return {
		child,
		urls,
		/** Clears counters and log, then applies BASE + `config` (reset alone returns to the start options). */
		async prepare(config = {}) {
			await admin('POST', 'reset', {});
			return admin('POST', 'config', { ...BASE, ...config });
		},
		stats: () => admin('GET', 'stats'),
		requests: (limit) => admin('GET', `requests${limit ? `?limit=${limit}` : ''}`),
		async stop() {
			await rt.stopProcessGroup(child, 5000);
		},
	};
}

module.exports = { startMock };

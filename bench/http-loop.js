'use strict';
// A plain HTTP client loop, the reference for the node's per-item overhead: the same chat
// requests as the node sends, one after the other, from a bare Node process (run with the same
// Node 24 as n8n). Prints one JSON line: { client, n, ms, cpuMs, ok, failed, bodyBytes }.
//
//   node bench/http-loop.js '{"url":"...","apiKey":"...","model":"...","n":1000,"client":"http"}'
//
// client "http": node:http with one keep-alive connection;
// client "http-new-connection": node:http with a new agent, so a new connection, per request
//   (what n8n 2.41's request helpers do: @n8n/backend-network builds agents per request);
// client "fetch": the built-in fetch (undici).

const http = require('node:http');
const { performance } = require('node:perf_hooks');

const {
	url,
	apiKey,
	model,
	n,
	client = 'http',
	warmup = 20,
	prefix = 'loop',
} = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const target = new URL(url);

function bodyFor(i) {
	return JSON.stringify({ model, messages: [{ role: 'user', content: `${prefix} prompt ${i}` }] });
}

function viaHttp(body, requestAgent = agent) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: target.pathname,
				method: 'POST',
				agent: requestAgent,
				headers: {
					'content-type': 'application/json',
					accept: 'application/json',
					authorization: `Bearer ${apiKey}`,
					'content-length': Buffer.byteLength(body),
				},
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

async function viaFetch(body) {
	const res = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json',
			authorization: `Bearer ${apiKey}`,
		},
		body,
	});
	return { status: res.status, json: await res.json() };
}

async function main() {
	const send =
		client === 'fetch'
			? viaFetch
			: client === 'http-new-connection'
				? (body) => viaHttp(body, new http.Agent())
				: viaHttp;
	for (let i = 0; i < warmup; i++) await send(bodyFor(`warmup-${i}`));
	let ok = 0;
	let failed = 0;
	const started = performance.now();
	const cpuStarted = process.cpuUsage();
	for (let i = 0; i < n; i++) {
		const res = await send(bodyFor(i));
		if (res.status === 200 && res.json && res.json.choices) ok++;
		else failed++;
	}
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuStarted);
	agent.destroy();
	process.stdout.write(
		`${JSON.stringify({ client, n, ms, cpuMs: (cpu.user + cpu.system) / 1000, ok, failed, bodyBytes: Buffer.byteLength(bodyFor(0)) })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});

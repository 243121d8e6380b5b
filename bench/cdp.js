'use strict';
// A minimal Chrome DevTools Protocol client for a Node process started with --inspect (needs the
// global WebSocket of Node >= 22). Used by bench/profile.js to read the live heap after a full GC
// and the sampling heap profile of n8n.

async function connectInspector(port) {
	if (typeof WebSocket !== 'function')
		throw new Error('the inspector client needs Node >= 22 (global WebSocket)');
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
	await new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = reject;
	});
	let nextId = 0;
	const pending = new Map();
	ws.onmessage = (event) => {
		const message = JSON.parse(event.data);
		const entry = message.id !== undefined && pending.get(message.id);
		if (!entry) return;
		pending.delete(message.id);
		if (message.error) entry.reject(new Error(`${message.error.message}`));
		else entry.resolve(message.result);
	};
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = ++nextId;
			pending.set(id, { resolve, reject });
			ws.send(JSON.stringify({ id, method, params }));
		});
	return {
		send,
		/** process.memoryUsage() of the target after a full GC. */
		async liveMemory() {
			await send('HeapProfiler.collectGarbage');
			const result = await send('Runtime.evaluate', {
				expression: 'process.memoryUsage()',
				returnByValue: true,
			});
			return result.result.value;
		},
		close: () => ws.close(),
	};
}

/** Live bytes of a sampling heap profile by allocating function (self) and by package. */
function summariseHeapProfile(profile, packageOf, limit = 25) {
	const byFunction = new Map();
	const byPackage = new Map();
	let total = 0;
	const walk = (node) => {
		const frame = node.callFrame;
		const self = node.selfSize || 0;
		if (self) {
			const key = `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}` : ''}`;
			byFunction.set(key, (byFunction.get(key) || 0) + self);
			const pkg = frame.url ? packageOf(frame.url) : '(native / V8)';
			byPackage.set(pkg, (byPackage.get(pkg) || 0) + self);
			total += self;
		}
		for (const child of node.children || []) walk(child);
	};
	walk(profile.head);
	const top = (map) =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, limit)
			.map(([name, bytes]) => `${(bytes / 1048576).toFixed(1).padStart(8)} MiB  ${name}`);
	return { totalBytes: total, functions: top(byFunction), packages: top(byPackage) };
}

module.exports = { connectInspector, summariseHeapProfile };

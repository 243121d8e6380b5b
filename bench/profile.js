#!/usr/bin/env node
'use strict';
// Where n8n spends its time while the Reasoning Chat node runs a batch: a V8 CPU profile of the
// n8n main process (NODE_OPTIONS=--cpu-prof), cut to the window of one workflow run, summarised
// by package and by function (self and inclusive time), plus the process's peak RSS during the
// run. An investigation aid next to bench/run.js, not part of `npm run bench`.
//
//   node bench/profile.js [--items 1000] [--concurrency 1] [--latency 0]
//        [--runs 1] [--mock '{"maxInFlight":10}'] [--timeline] [--workflow node|node-fixed-prompt|http] [--variant as-built|<change>[,<change>...]|both|all] [--env NAME=VALUE]... [--no-cpu-prof] [--heap [--all-allocations] [--heap-midway]]
//
// `--heap` (run this script with Node >= 22, e.g. n8n's Node 24) starts n8n with --inspect and
// reports its live heap after a full GC before and after the run, and where the memory still
// alive after the run was allocated (V8 sampling heap profiler); with --all-allocations, where
// everything allocated during the run was allocated, garbage included; with --heap-midway, what
// is alive (after a full GC) when half of the items have been answered, by allocating function.
// `--variant` patches the installed copy (never nodes/ or dist/) to try a change before making it:
//   cached-credentials    the node's requests reuse the credentials read once per node run
//                         instead of n8n reading and decrypting them for every request;
//   function-authenticate the credential adds the Authorization header with a function instead
//                         of a `={{ }}` expression n8n evaluates for every request;
//   both                  the two together;
//   no-signal-any         each attempt's abort controller is linked to the execution's cancel
//                         signal by a listener removed at the end, not by AbortSignal.any;
//   probe-backoff         the request gate waits twice as long before probing above a limit
//                         that drew a 429 (5 s, 10 s ... 60 s) instead of every 5 s;
//   all                   cached-credentials + function-authenticate + no-signal-any;
//   a comma-separated list combines changes, e.g. all,probe-backoff.
// `--runs N` with --heap repeats the measured run and prints the live heap after each (a leak
// across executions would grow it run after run).
// `--mock` adds settings to the mock for the measured run; `--timeline` prints when requests
// reached the mock (per 100 ms) and the node's retry decisions (from n8n's debug log).
// `--env` passes settings to n8n, e.g. --env N8N_EXPRESSION_ENGINE=legacy. The .cpuprofile file
// (open it in Chrome DevTools → Performance) stays in node_modules/.cache/reasoning-chat/bench/profile-<pid>/.

const fs = require('node:fs');
const path = require('node:path');
const rt = require('../scripts/lib/n8n-runtime');
const wf = require('./workflows');
const { startMock } = require('./mock');
const { startInstance, importAll } = require('./instance');
const { buildAndInstall } = require('./package');
const { applyVariant } = require('./variants');

const { cpuTimeMs, memoryOf, resetPeak } = require('./proc');
const { connectInspector, summariseHeapProfile } = require('./cdp');

function parseArgs(argv) {
	const options = {
		items: 1000,
		concurrency: 1,
		latency: 0,
		workflow: 'node',
		env: {},
		cpuProf: true,
		heap: false,
		allAllocations: false,
		midway: false,
		runs: 1,
		variant: 'as-built',
		mock: {},
		timeline: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i].replace(/^--/, '');
		if (name === 'no-cpu-prof') options.cpuProf = false;
		else if (name === 'heap') options.heap = true;
		else if (name === 'all-allocations') options.allAllocations = true;
		else if (name === 'heap-midway') options.midway = options.heap = true;
		else if (name === 'env') {
			const [key, ...value] = argv[++i].split('=');
			options.env[key] = value.join('=');
		} else if (name === 'workflow') options.workflow = argv[++i];
		else if (name === 'variant') options.variant = argv[++i];
		else if (name === 'mock') options.mock = JSON.parse(argv[++i]);
		else if (name === 'timeline') options.timeline = true;
		else if (name in options) options[name] = Number(argv[++i]);
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	return options;
}
const options = parseArgs(process.argv.slice(2));

/** CLOCK_MONOTONIC in µs, the clock V8 stamps profile samples with on Linux. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function packageOf(url) {
	if (!url) return '(native / V8)';
	const file = url.replace(/^file:\/\//, '');
	if (file.includes('/n8n-nodes-reasoning-chat/')) return 'n8n-nodes-reasoning-chat';
	const parts = file.split('/node_modules/');
	if (parts.length < 2) return file.startsWith('node:') ? 'node (core)' : file;
	const rest = parts[parts.length - 1].split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function summarise(profile, fromUs, toUs) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfByFunction = new Map();
	const selfByPackage = new Map();
	const inclusive = new Map();
	const parentOf = new Map();
	for (const node of profile.nodes)
		for (const child of node.children || []) parentOf.set(child, node.id);
	const keyOf = (frame) =>
		`${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}` : ''}`;
	let t = profile.startTime;
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (t < fromUs || t > toUs) continue;
		const delta = profile.timeDeltas[i + 1] ?? 0;
		const node = byId.get(profile.samples[i]);
		const frame = node.callFrame;
		const key = keyOf(frame);
		const seen = new Set();
		for (let id = node.id; id !== undefined; id = parentOf.get(id)) {
			const k = keyOf(byId.get(id).callFrame);
			if (seen.has(k)) continue;
			seen.add(k);
			inclusive.set(k, (inclusive.get(k) || 0) + delta);
		}
		selfByFunction.set(key, (selfByFunction.get(key) || 0) + delta);
		const pkg = frame.url
			? packageOf(frame.url)
			: frame.functionName.startsWith('(')
				? frame.functionName
				: '(native / V8)';
		selfByPackage.set(pkg, (selfByPackage.get(pkg) || 0) + delta);
		total += delta;
	}
	const top = (map, n) =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(
				([name, us]) =>
					`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`,
			);
	const interesting = new Map(
		[...inclusive.entries()].filter(([k]) =>
			/^(runItems|planOrError|readItem|completeChat|sendWithRetries|attemptChat|buildOutput|runPool|httpRequestWithAuthentication|getCredentials|authenticate|preAuthentication|getDecrypted|getParameterValue|resolveSimpleParameterValue|getNodeParameter|execute|request|dispatchHttpRequest|getCredentialsProperties|decrypt|applyDefaultsAndOverwrites|runQuery|findOne|findOneBy|processRunExecutionData|runNode|saveExecutionProgress|stringify|parse) /.test(
				k,
			),
		),
	);
	return {
		totalMs: total / 1000,
		functions: top(selfByFunction, 30),
		packages: top(selfByPackage, 20),
		inclusive: top(interesting, 40),
	};
}

/** What is running, for the SIGINT handler. */
const running = { instance: undefined, mock: undefined };

async function main() {
	const benchDir = path.join(rt.RUNTIME, 'bench');
	// Earlier profiles whose process is gone (the newest one is kept for reading).
	const old = fs.existsSync(benchDir)
		? fs.readdirSync(benchDir).filter((name) => /^profile-\d+$/.test(name))
		: [];
	for (const name of old
		.sort(
			(a, b) =>
				fs.statSync(path.join(benchDir, b)).mtimeMs - fs.statSync(path.join(benchDir, a)).mtimeMs,
		)
		.slice(1)) {
		try {
			process.kill(Number(name.slice(8)), 0);
		} catch {
			fs.rmSync(path.join(benchDir, name), { recursive: true, force: true });
		}
	}
	const runDir = path.join(benchDir, `profile-${process.pid}`);
	const profDir = path.join(runDir, 'cpuprofile');
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(profDir, { recursive: true });
	rt.ensureN8n();
	const installed = await buildAndInstall(runDir, userFolder, {
		build: process.env.BENCH_SKIP_BUILD !== '1',
	});
	applyVariant(installed, options.variant);
	const mock = await startMock(runDir);
	running.mock = mock;
	let instance;
	try {
		const kind = options.workflow;
		const { items, concurrency, latency: latencyMs } = options;
		const node =
			kind === 'http'
				? wf.httpRequest({
						typeVersion: wf.httpRequestVersion(),
						chatUrl: `${mock.urls.aimlUrl}/v1/chat/completions`,
						apiKey: rt.CREDENTIALS.aiml.key,
					})
				: wf.reasoningChat({ concurrency });
		if (kind === 'node-fixed-prompt') node.parameters.prompt = 'node prompt 0';
		const workflow = wf.chain('bchProfile000001', 'Bench: profile', items, 'node', node);
		const warm = wf.chain('bchProfileWarm01', 'Bench: profile warm-up', 20, 'node', node);
		await importAll(userFolder, path.join(runDir, 'import'), rt.credentialEntries(mock.urls), [
			workflow,
			warm,
		]);
		const extraEnv = { ...options.env };
		const nodeOptions = [];
		if (options.cpuProf)
			nodeOptions.push(`--cpu-prof --cpu-prof-dir=${profDir} --cpu-prof-interval=200`);
		if (nodeOptions.length) extraEnv.NODE_OPTIONS = nodeOptions.join(' ');
		if (options.timeline) extraEnv.N8N_LOG_LEVEL = 'debug';
		instance = running.instance = await startInstance(userFolder, path.join(runDir, 'n8n.log'), {
			extraEnv,
			inspect: options.heap,
		});
		const inspectPort = instance.inspectPort;
		await mock.prepare({ latencyMs });
		await instance.run(warm.id);
		await mock.prepare({
			latencyMs,
			...options.mock,
			...(options.timeline ? { maxRecorded: 100000 } : {}),
		});
		await rt.sleep(1000);
		const inspector = options.heap ? await connectInspector(inspectPort) : undefined;
		const heapBefore = inspector ? await inspector.liveMemory() : undefined;
		if (inspector)
			await inspector.send('HeapProfiler.startSampling', {
				samplingInterval: 16384,
				includeObjectsCollectedByMajorGC: options.allAllocations,
				includeObjectsCollectedByMinorGC: options.allAllocations,
			});
		const before = memoryOf(instance.pid);
		resetPeak(instance.pid);
		const cpuBefore = cpuTimeMs(instance.pid);
		const from = monotonicUs();
		let midway;
		const execution = await instance.run(workflow.id, {
			beforePolling: options.midway
				? async () => {
						while ((await mock.stats()).completed < items / 2) await rt.sleep(100);
						const memory = await inspector.liveMemory();
						const { profile: live } = await inspector.send('HeapProfiler.getSamplingProfile');
						midway = { memory, summary: summariseHeapProfile(live, packageOf, 30) };
					}
				: undefined,
		});
		const to = monotonicUs();
		if (midway) {
			const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
			process.stdout.write(
				`midway (${items / 2} items answered): live heap ${mb(midway.memory.heapUsed)} (+${mb(midway.memory.heapUsed - heapBefore.heapUsed)}); ` +
					`sampled allocations made during the run and alive now: ${mb(midway.summary.totalBytes)}\n\nBy package:\n${midway.summary.packages.join('\n')}\n\nBy allocating function:\n${midway.summary.functions.join('\n')}\n\n`,
			);
		}
		const cpuMs = cpuTimeMs(instance.pid) - cpuBefore;
		const after = memoryOf(instance.pid);
		for (let run = 2; inspector && run <= options.runs; run++) {
			const live = await inspector.liveMemory();
			process.stdout.write(
				`live heap after run ${run - 1}: ${(live.heapUsed / 1048576).toFixed(1)} MiB\n`,
			);
			await mock.prepare({ latencyMs, ...options.mock });
			await instance.run(workflow.id);
		}
		if (inspector) {
			const heapAfter = await inspector.liveMemory();
			const { profile: heapProfile } = await inspector.send('HeapProfiler.getSamplingProfile');
			await inspector.send('HeapProfiler.stopSampling');
			inspector.close();
			const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
			const heap = summariseHeapProfile(heapProfile, packageOf);
			process.stdout.write(
				`live heap after full GC: ${mb(heapBefore.heapUsed)} before, ${mb(heapAfter.heapUsed)} after (+${mb(heapAfter.heapUsed - heapBefore.heapUsed)}); ` +
					`external ${mb(heapBefore.external)} → ${mb(heapAfter.external)}, arrayBuffers ${mb(heapBefore.arrayBuffers)} → ${mb(heapAfter.arrayBuffers)}\n` +
					`sampled allocations ${options.allAllocations ? 'during the run (garbage included)' : 'still alive after the run'}: ${mb(heap.totalBytes)}\n\nBy package:\n${heap.packages.join('\n')}\n\nBy allocating function:\n${heap.functions.join('\n')}\n\n`,
			);
		}
		const task = execution.data.resultData.runData[wf.NODE][0];
		const stats = await mock.stats();
		if (options.timeline) {
			const log = await mock.requests();
			const t0 = log.length ? log[0].at : 0;
			const buckets = new Map();
			for (const entry of log) {
				const b = Math.floor((entry.at - t0) / 100);
				buckets.set(b, (buckets.get(b) || 0) + 1);
			}
			const last = Math.max(...buckets.keys());
			const line = [];
			for (let b = 0; b <= last; b++) line.push(String(buckets.get(b) || 0));
			process.stdout.write(
				`requests reaching the mock per 100 ms from the first one:\n${line.join(' ')}\n`,
			);
			const retries = fs
				.readFileSync(path.join(runDir, 'n8n.log'), 'utf8')
				.split('\n')
				.filter((l) => l.includes('retrying in'))
				.map((l) => {
					try {
						const entry = JSON.parse(l);
						return `${new Date(entry.metadata.timestamp).getTime() - t0} ms: ${entry.message}`;
					} catch {
						return l.slice(0, 160);
					}
				});
			process.stdout.write(
				`retry decisions (${retries.length}), times from the first request:\n${retries.join('\n')}\n`,
			);
		}
		process.stdout.write(
			`${kind} (${options.variant}) ${items} items, concurrency ${concurrency}, latency ${latencyMs} ms${Object.keys(options.env).length ? `, ${JSON.stringify(options.env)}` : ''}: ` +
				`node ${task.executionTime} ms (${(task.executionTime / items).toFixed(2)} ms/item), run ${execution.status}, mock completed ${stats.completed}; n8n CPU ${cpuMs.toFixed(0)} ms (${(cpuMs / items).toFixed(2)} ms/item)\n` +
				`n8n main process RSS ${(before.rssKb / 1024).toFixed(0)} MiB before, peak ${(after.hwmKb / 1024).toFixed(0)} MiB (+${((after.hwmKb - before.rssKb) / 1024).toFixed(0)} MiB), ${(after.rssKb / 1024).toFixed(0)} MiB after\n`,
		);
		await instance.stop();
		instance = undefined;
		if (!options.cpuProf) return;
		const files = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
		// The main process's profile is the largest one (the task runner idles).
		const file = files
			.map((f) => path.join(profDir, f))
			.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
		if (!file) throw new Error(`no .cpuprofile written in ${profDir}`);
		const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
		const summary = summarise(profile, from, to);
		process.stdout.write(
			`\nCPU samples in the run window: ${summary.totalMs.toFixed(0)} ms (profile ${path.relative(rt.ROOT, file)})\n`,
		);
		process.stdout.write(`\nBy package (self time):\n${summary.packages.join('\n')}\n`);
		process.stdout.write(`\nTop functions (self time):\n${summary.functions.join('\n')}\n`);
		process.stdout.write(
			`\nSelected functions (inclusive time):\n${summary.inclusive.join('\n')}\n`,
		);
	} finally {
		if (instance) await instance.stop();
		await mock.stop();
	}
}

// A reader that goes away (`| head`) must not end this process before it has stopped n8n and
// the mock, which run in their own process groups.
process.stdout.on('error', () => {});
process.on('SIGINT', async () => {
	process.stderr.write('[profile] interrupted: stopping n8n and the mock\n');
	if (running.instance) await running.instance.stop().catch(() => {});
	if (running.mock) await running.mock.stop().catch(() => {});
	process.exit(130);
});
main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exitCode = 1;
});

#!/usr/bin/env node
'use strict';
// `npm run bench`: the batch benchmark of issue 5 §6 in a real n8n 2.41.1 (a figure-printing
// benchmark, not a test). It builds and packs this package, installs it into a throwaway n8n
// (node_modules/.cache/reasoning-chat/bench/run-<pid>/, free ports), runs the project's mock
// provider as a separate process (test/mock-provider/cli.js), imports the workflows it generates
// and runs them over the REST API the editor uses. Figures come from the execution data (the
// node's executionTime), the mock's counters and /proc. Prints a table and writes bench/RESULTS.md:
// a full run rewrites it, a run of some phases rewrites only the memory and limits sections it
// ran (bench/sections.js); the timing and overhead rows are written by full runs only.
//
// Settings (environment): BENCH_REPEATS (3) runs of every timing scenario, the median is reported;
// BENCH_SKIP_BUILD=1 packs the existing dist/; BENCH_PHASES=timing,overhead,memory (all);
// BENCH_VARIANT=<a variant of bench/variants.js> measures a proposed change on the installed
// copy (never nodes/) and leaves bench/RESULTS.md alone. `node bench/profile.js` is the
// investigation tool (CPU and heap profiles of n8n during one run). The queue-mode phase
// (bench/queue.js) is not in the default phases: `npm run bench -- --only queue`.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const rt = require('../scripts/lib/n8n-runtime');
const wf = require('./workflows');
const { startMock } = require('./mock');
const { startInstance, importAll } = require('./instance');
const { buildAndInstall } = require('./package');
const { applyVariant } = require('./variants');
const { measureRun, median } = require('./measure');
const { cpuTimeMs, commandOf } = require('./proc');
const report = require('./report');
const limits = require('./limits');
const queue = require('./queue');
const queueReport = require('./queue-report');
const { stopLeftoverServices } = require('./services');
const memory = require('./memory');
const memoryReport = require('./memory-report');
const sections = require('./sections');

const BENCH_DIR = path.join(rt.RUNTIME, 'bench');
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS || 3));
/**
 * `npm run bench -- --only limits` runs just the limits phase (bench/limits.js), `--only queue`
 * just the queue-mode phase (bench/queue.js).
 */
const ALONE = ['limits', 'queue'];
const onlyIndex = process.argv.indexOf('--only');
const ONLY = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (ONLY !== undefined && !ALONE.includes(ONLY)) {
	process.stderr.write(
		`[bench] --only ${ONLY}: the phases that run alone are ${ALONE.map((p) => `"${p}"`).join(' and ')}\n`,
	);
	process.exit(2);
}
const PHASES = new Set(
	(ONLY || process.env.BENCH_PHASES || 'timing,overhead,memory,limits')
		.split(',')
		.map((s) => s.trim()),
);
/** The default phases; `queue` runs only when asked for (--only queue, BENCH_PHASES). */
const ALL_PHASES = ['timing', 'overhead', 'memory', 'limits'];
/** Phases that need the regular-mode n8n of the run folder's user/ (SQLite). */
const REGULAR_PHASES = ALL_PHASES;

/** Issue 5 §6 parameters. */
const P = {
	n: 200,
	latencyMs: 200,
	concurrency: 10,
	limit: 10,
	rlConcurrency: 20,
	retryAfterSeconds: 1,
	overheadN: 1000,
	issueBatching: { batchSize: 10, batchInterval: 1000 },
	// Beyond the issue: a batch long enough for the request gate to probe above the limit.
	longN: 600,
};

const children = { mock: null, n8n: null };

/**
 * The memory phase talks to n8n's inspector over WebSocket, which Node has built in from 22 on.
 * Under an older Node (npm's), the benchmark runs itself again with n8n's Node 24.
 */
function reexecUnderNode24() {
	if (typeof WebSocket === 'function') return false;
	rt.ensureN8n();
	const result = spawnSync(rt.NODE24, [__filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, BENCH_DRIVER_NODE: process.version },
	});
	process.exitCode = result.status === null ? 1 : result.status;
	return true;
}

function progress(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

function promptsOf(count, tag) {
	return Array.from({ length: count }, (_, i) => `${tag} prompt ${i}`);
}

/** Removes run folders of earlier bench runs whose process is gone. */
function removeStaleRuns() {
	if (!fs.existsSync(BENCH_DIR)) return;
	for (const name of fs.readdirSync(BENCH_DIR)) {
		const match = /^run-(\d+)$/.exec(name);
		if (!match || Number(match[1]) === process.pid) continue;
		try {
			process.kill(Number(match[1]), 0);
		} catch {
			// A run that was killed outright leaves its mock (and a queue phase its n8n processes,
			// Redis and Postgres) running.
			stopLeftoverMock(path.join(BENCH_DIR, name));
			stopLeftoverServices(path.join(BENCH_DIR, name, 'queue', 'services'));
			fs.rmSync(path.join(BENCH_DIR, name), { recursive: true, force: true });
		}
	}
}

/** Stops the mock (its process group) that a killed run left, if it is still that mock. */
function stopLeftoverMock(dir) {
	const pidFile = path.join(dir, 'mock.pid');
	if (!fs.existsSync(pidFile)) return;
	const pid = Number(fs.readFileSync(pidFile, 'utf8'));
	if (!pid || !commandOf(pid).includes('mock-provider')) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// gone meanwhile
	}
}

function machineInfo() {
	const cpus = os.cpus();
	const node24 = spawnSync(rt.NODE24, ['-v'], { encoding: 'utf8' }).stdout.trim();
	const n8nPackage = JSON.parse(
		fs.readFileSync(path.join(rt.N8N_BIN, '..', '..', 'package.json'), 'utf8'),
	);
	const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
		cwd: rt.ROOT,
		encoding: 'utf8',
	}).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], {
		cwd: rt.ROOT,
		encoding: 'utf8',
	}).stdout.trim();
	return {
		cores: cpus.length,
		cpuModel: cpus[0] ? cpus[0].model.trim() : 'unknown',
		memoryGiB: os.totalmem() / 2 ** 30,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		systemNode: process.env.BENCH_DRIVER_NODE || process.version,
		driverNode: process.version,
		n8nNode: node24,
		n8nVersion: n8nPackage.version,
		packageVersion: `${rt.PACKAGE.name} ${rt.PACKAGE.version}`,
		commit: git + (dirty ? ' (nodes/ or credentials/ modified)' : ''),
		loadStart: os.loadavg(),
	};
}

function buildWorkflows(mockUrls, httpVersion, uiBatching) {
	const n = P.n;
	const http = (batching, nodeSettings) =>
		wf.httpRequest({
			typeVersion: httpVersion,
			chatUrl: `${mockUrls.aimlUrl}/v1/chat/completions`,
			apiKey: rt.CREDENTIALS.aiml.key,
			batching,
			nodeSettings,
		});
	const list = {
		warmNode: wf.chain(
			'bchWarmNode00001',
			'Bench: warm-up Reasoning Chat',
			10,
			'node',
			wf.reasoningChat({ concurrency: 5 }),
		),
		warmHttp: wf.chain('bchWarmHttp00001', 'Bench: warm-up HTTP Request', 10, 'http', http()),
		node: wf.chain(
			'bchNode200c10001',
			`Bench: Reasoning Chat ${n} items, concurrency ${P.concurrency}`,
			n,
			'node',
			wf.reasoningChat({ concurrency: P.concurrency }),
		),
		nodeRl: wf.chain(
			'bchNode200c20001',
			`Bench: Reasoning Chat ${n} items, concurrency ${P.rlConcurrency}`,
			n,
			'node',
			wf.reasoningChat({ concurrency: P.rlConcurrency }),
		),
		nodeRlLong: wf.chain(
			'bchNode600c20001',
			`Bench: Reasoning Chat ${P.longN} items, concurrency ${P.rlConcurrency}`,
			P.longN,
			'node',
			wf.reasoningChat({ concurrency: P.rlConcurrency }),
		),
		http: wf.chain(
			'bchHttp200def001',
			`Bench: HTTP Request ${n} items, default settings`,
			n,
			'http',
			http(),
		),
		httpIssueBatch: wf.chain(
			'bchHttp200b10001',
			`Bench: HTTP Request ${n} items, batching ${P.issueBatching.batchSize}/${P.issueBatching.batchInterval} ms`,
			n,
			'http',
			http(P.issueBatching),
		),
		httpUiBatch: wf.chain(
			'bchHttp200bUI001',
			`Bench: HTTP Request ${n} items, batching ${uiBatching.batchSize}/${uiBatching.batchInterval} ms`,
			n,
			'http',
			http(uiBatching),
		),
		httpContinue: wf.chain(
			'bchHttp200con001',
			`Bench: HTTP Request ${n} items, On Error: Continue`,
			n,
			'http',
			http(undefined, { onError: 'continueRegularOutput' }),
		),
		httpRetry: wf.chain(
			'bchHttp200ret001',
			`Bench: HTTP Request ${n} items, Retry On Fail`,
			n,
			'http',
			http(undefined, { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 }),
		),
		httpOverhead: wf.chain(
			'bchHttp1000def01',
			`Bench: HTTP Request ${P.overheadN} items, default settings`,
			P.overheadN,
			'http',
			http(),
		),
		nodeOverhead: wf.chain(
			'bchNode1000c1001',
			`Bench: Reasoning Chat ${P.overheadN} items, concurrency 1`,
			P.overheadN,
			'node',
			wf.reasoningChat({ concurrency: 1 }),
		),
	};
	limits.limitWorkflows().forEach((workflow, i) => {
		list[`limitExec${i}`] = workflow;
	});
	const memoryList = memory.memoryWorkflows(http);
	for (const [kind, pair] of Object.entries(memoryList)) {
		list[`memWarm_${kind}`] = pair.warm;
		list[`mem_${kind}`] = pair.run;
	}
	return { list, memory: memoryList };
}

/** The timing scenarios, run REPEATS times each in interleaved order. */
function timingScenarios(workflows, uiBatching) {
	const normal = { latencyMs: P.latencyMs };
	const limited = {
		latencyMs: P.latencyMs,
		maxInFlight: P.limit,
		retryAfterSeconds: P.retryAfterSeconds,
	};
	const node = promptsOf(P.n, 'node');
	const http = promptsOf(P.n, 'http');
	const s = (key, label, workflow, kind, mock, prompts) => ({
		key,
		label,
		workflowId: workflow.id,
		kind,
		mockConfig: mock,
		prompts,
	});
	return [
		s(
			'node',
			`Reasoning Chat, concurrency ${P.concurrency}`,
			workflows.node,
			'reasoningChat',
			normal,
			node,
		),
		s(
			'nodeRl',
			`Reasoning Chat, concurrency ${P.rlConcurrency}, limit ${P.limit}`,
			workflows.nodeRl,
			'reasoningChat',
			limited,
			node,
		),
		s(
			'nodeRlLong',
			`Reasoning Chat, ${P.longN} items, concurrency ${P.rlConcurrency}, limit ${P.limit}`,
			workflows.nodeRlLong,
			'reasoningChat',
			limited,
			promptsOf(P.longN, 'node'),
		),
		s('http', 'HTTP Request, default settings', workflows.http, 'http', normal, http),
		s(
			'httpIssueBatch',
			`HTTP Request, batching ${P.issueBatching.batchSize}/${P.issueBatching.batchInterval} ms`,
			workflows.httpIssueBatch,
			'http',
			normal,
			http,
		),
		s(
			'httpUiBatch',
			`HTTP Request, batching ${uiBatching.batchSize}/${uiBatching.batchInterval} ms`,
			workflows.httpUiBatch,
			'http',
			normal,
			http,
		),
		s('httpRl', `HTTP Request, default, limit ${P.limit}`, workflows.http, 'http', limited, http),
		s(
			'httpRlContinue',
			`HTTP Request, On Error: Continue, limit ${P.limit}`,
			workflows.httpContinue,
			'http',
			limited,
			http,
		),
		s(
			'httpRlRetry',
			`HTTP Request, Retry On Fail (3 × 1000 ms), limit ${P.limit}`,
			workflows.httpRetry,
			'http',
			limited,
			http,
		),
		s(
			'httpRlIssueBatch',
			`HTTP Request, batching ${P.issueBatching.batchSize}/${P.issueBatching.batchInterval} ms, limit ${P.limit}`,
			workflows.httpIssueBatch,
			'http',
			limited,
			http,
		),
	];
}

function strip(result) {
	const { execution, task, ...rest } = result;
	return rest;
}

/** The plain HTTP loop (bench/http-loop.js) under n8n's Node 24. */
function runLoop(mockUrls, client) {
	const args = {
		url: `${mockUrls.aimlUrl}/v1/chat/completions`,
		apiKey: rt.CREDENTIALS.aiml.key,
		model: wf.MODEL,
		n: P.overheadN,
		client,
		prefix: 'loop',
	};
	const result = spawnSync(
		rt.NODE24,
		[path.join(__dirname, 'http-loop.js'), JSON.stringify(args)],
		{ encoding: 'utf8' },
	);
	if (result.status !== 0) throw new Error(`http-loop.js failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function timingPhase(instance, mock, workflows, uiBatching, results) {
	progress('warm-up runs');
	await mock.prepare({ latencyMs: 0 });
	await instance.run(workflows.warmNode.id);
	await instance.run(workflows.warmHttp.id);
	const scenarios = PHASES.has('timing') ? timingScenarios(workflows, uiBatching) : [];
	const overheadPrompts = promptsOf(P.overheadN, 'node');
	for (let repeat = 1; repeat <= REPEATS; repeat++) {
		for (const scenario of scenarios) {
			const started = Date.now();
			const result = strip(await measureRun(instance, mock, scenario));
			(results.timing[scenario.key] ||= { label: scenario.label, runs: [] }).runs.push(result);
			progress(
				`run ${repeat}/${REPEATS} ${scenario.label}: node ${result.nodeMs} ms, ok ${result.ok}/${scenario.prompts.length}, ` +
					`429s ${result.mock.rejected429}, max in flight ${result.mock.maxConcurrent}${result.nodeError ? `, error: ${result.nodeError.slice(0, 80)}` : ''} (${Date.now() - started} ms)`,
			);
		}
		if (PHASES.has('overhead')) {
			const cpuBefore = cpuTimeMs(instance.pid);
			const nodeRun = strip(
				await measureRun(instance, mock, {
					workflowId: workflows.nodeOverhead.id,
					mockConfig: { latencyMs: 0 },
					prompts: overheadPrompts,
					kind: 'reasoningChat',
				}),
			);
			// CPU of the n8n main process for the whole execution (the other nodes and the saving
			// included, a few ms): a second view of the overhead that other work on the machine
			// disturbs less than wall time.
			nodeRun.n8nCpuMs = cpuTimeMs(instance.pid) - cpuBefore;
			// The same for the HTTP Request node (it sends all at once, so only its CPU compares).
			const httpCpuBefore = cpuTimeMs(instance.pid);
			const httpRun = strip(
				await measureRun(instance, mock, {
					workflowId: workflows.httpOverhead.id,
					mockConfig: { latencyMs: 0 },
					prompts: promptsOf(P.overheadN, 'http'),
					kind: 'http',
				}),
			);
			httpRun.n8nCpuMs = cpuTimeMs(instance.pid) - httpCpuBefore;
			await mock.prepare({ latencyMs: 0 });
			const httpLoop = runLoop(mock.urls, 'http');
			await mock.prepare({ latencyMs: 0 });
			const newConnectionLoop = runLoop(mock.urls, 'http-new-connection');
			await mock.prepare({ latencyMs: 0 });
			const fetchLoop = runLoop(mock.urls, 'fetch');
			results.overhead.push({
				node: nodeRun,
				httpNode: httpRun,
				httpLoop,
				newConnectionLoop,
				fetchLoop,
			});
			progress(
				`run ${repeat}/${REPEATS} overhead: node ${nodeRun.nodeMs} ms (ok ${nodeRun.ok}, n8n CPU ${nodeRun.n8nCpuMs.toFixed(0)} ms; HTTP Request n8n CPU ${httpRun.n8nCpuMs.toFixed(0)} ms, ok ${httpRun.ok}), loops: keep-alive ${httpLoop.ms.toFixed(0)} ms, ` +
					`new connection each ${newConnectionLoop.ms.toFixed(0)} ms, fetch ${fetchLoop.ms.toFixed(0)} ms`,
			);
		}
	}
}

async function main() {
	const started = Date.now();
	const machine = machineInfo();
	if (!rt.isInstalled())
		progress(
			'n8n is not installed yet: running scripts/ensure-n8n.sh (first run only, a few minutes)',
		);
	rt.ensureN8n();
	removeStaleRuns();
	const runDir = path.join(BENCH_DIR, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });

	const queueFolders = queue.userFolders(runDir);
	const installed = await buildAndInstall(runDir, userFolder, {
		build: process.env.BENCH_SKIP_BUILD !== '1',
		log: progress,
		alsoInto: PHASES.has('queue') ? [queueFolders.main, ...queueFolders.workers] : [],
	});
	const variant = process.env.BENCH_VARIANT || 'as-built';
	applyVariant(installed, variant);
	if (variant !== 'as-built')
		progress(`variant ${variant}: the installed copy is patched (bench/variants.js)`);

	const mock = await startMock(runDir);
	children.mock = mock;
	fs.writeFileSync(path.join(runDir, 'mock.pid'), String(mock.child.pid));
	progress(`mock provider (separate process ${mock.child.pid}) on ${mock.urls.url}`);

	const httpVersion = wf.httpRequestVersion();
	const uiBatching = wf.httpRequestBatchingDefaults();
	const { list: workflows, memory: memoryWorkflows } = buildWorkflows(
		mock.urls,
		httpVersion,
		uiBatching,
	);
	if (REGULAR_PHASES.some((phase) => PHASES.has(phase))) {
		progress('import credentials and workflows (n8n CLI)');
		await importAll(
			userFolder,
			path.join(runDir, 'import'),
			rt.credentialEntries(mock.urls),
			Object.values(workflows),
		);
	}

	const results = { timing: {}, overhead: [], memory: {} };
	if (PHASES.has('timing') || PHASES.has('overhead')) {
		progress('n8n start (timing instance)');
		const instance = await startInstance(userFolder, path.join(runDir, 'n8n-timing.log'));
		children.n8n = instance.child;
		progress(
			`n8n ready in ${(instance.readyMs / 1000).toFixed(1)} s on ${instance.baseUrl} (pid ${instance.pid})`,
		);
		try {
			await timingPhase(instance, mock, workflows, uiBatching, results);
		} finally {
			await instance.stop();
			children.n8n = null;
		}
	}
	if (PHASES.has('memory')) {
		results.memory = await memory.runMemory({
			userFolder,
			runDir,
			mock,
			workflows: memoryWorkflows,
			onInstance: (child) => {
				children.n8n = child;
			},
			progress,
		});
	}
	if (PHASES.has('limits')) {
		progress('n8n start (limits instance)');
		const instance = await startInstance(userFolder, path.join(runDir, 'n8n-limits.log'));
		children.n8n = instance.child;
		try {
			await mock.prepare({ latencyMs: 0 });
			await instance.run(workflows.warmNode.id);
			results.limits = await limits.runLimits(
				instance,
				mock,
				workflows.nodeRl,
				Object.keys(workflows)
					.filter((key) => key.startsWith('limitExec'))
					.map((key) => workflows[key]),
				progress,
			);
		} finally {
			await instance.stop();
			children.n8n = null;
		}
	}
	if (PHASES.has('queue')) {
		progress(
			`queue: n8n main + ${queue.Q.workers} workers, Redis and Postgres (${queue.Q.repeats} repeats)`,
		);
		results.queue = await queue.runQueue({ runDir, mock, progress });
	}
	await mock.stop();
	children.mock = null;

	machine.loadEnd = os.loadavg();
	machine.variant = variant;
	machine.date = new Date().toISOString();
	machine.shared = machine.loadStart[0] > 1 || machine.loadEnd[0] > 1;
	if (results.limits) process.stdout.write(`\n${limits.table(results.limits)}\n`);
	if (results.queue) process.stdout.write(`\n${queueReport.table(results.queue)}\n`);
	const summary = report.summarize({
		P,
		results,
		machine,
		httpVersion,
		uiBatching,
		repeats: REPEATS,
		median,
	});
	summary.durationS = (Date.now() - started) / 1000;
	const rawFile = path.relative(rt.ROOT, path.join(runDir, 'results.json'));
	fs.writeFileSync(
		path.join(runDir, 'results.json'),
		JSON.stringify({ P, M: memory.M, results, machine }, null, 2),
	);
	if (summary.rows.length || summary.memory) process.stdout.write(`\n${report.table(summary)}\n`);
	writeResults(summary, results, machine, rawFile);
}

/**
 * A full run rewrites bench/RESULTS.md; a run of some phases rewrites only the sections of the
 * memory and limits phases it ran and leaves the rest as it was (the timing and overhead rows
 * share one table and are written by full runs only); a variant leaves the file alone.
 */
function writeResults(summary, results, machine, rawFile) {
	const resultsFile = path.join(__dirname, 'RESULTS.md');
	const name = path.relative(rt.ROOT, resultsFile);
	if (machine.variant !== 'as-built') {
		progress(`variant ${machine.variant}: ${name} left as it was (raw figures: ${rawFile})`);
		return;
	}
	if (ALL_PHASES.every((phase) => PHASES.has(phase))) {
		// The queue section (this run's or an earlier one's) outlives the rewrite of the rest.
		const queueSection = queueReport.readSection(resultsFile);
		fs.writeFileSync(resultsFile, report.markdown(summary));
		writeLimits(resultsFile, results.limits, machine);
		if (queueSection) queueReport.restoreSection(resultsFile, queueSection);
		if (results.queue) queueReport.writeQueueSection(resultsFile, results.queue, machine);
		progress(`wrote ${name} (${summary.durationS.toFixed(0)} s in all; raw figures: ${rawFile})`);
		return;
	}
	const written = [];
	if (summary.memory) {
		sections.writeSection(
			resultsFile,
			memoryReport.START,
			memoryReport.END,
			memoryReport.markdownSection(summary.memory, machine, report.rowsTable),
			limits.START,
		);
		written.push('memory');
	}
	if (results.limits) {
		writeLimits(resultsFile, results.limits, machine);
		written.push('limits');
	}
	if (results.queue) {
		queueReport.writeQueueSection(resultsFile, results.queue, machine);
		written.push('queue');
	}
	const unwritten = ['timing', 'overhead'].filter((phase) => PHASES.has(phase));
	progress(
		(written.length
			? `wrote the ${written.join(', ')} section${written.length > 1 ? 's' : ''} of ${name}`
			: `${name} left as it was`) +
			(unwritten.length
				? `; the ${unwritten.join(' and ')} figures are written by full runs only`
				: '') +
			` (raw figures: ${rawFile})`,
	);
}

function writeLimits(file, limitResults, machine) {
	limits.writeSection(file, limits.markdownSection(limitResults, machine));
}

async function cleanUp() {
	await rt.stopProcessGroup(children.n8n).catch(() => {});
	await queue.cleanUp().catch(() => {});
	if (children.mock) await children.mock.stop().catch(() => {});
}

if (!reexecUnderNode24()) {
	process.stdout.on('error', () => {}); // a reader that goes away must not skip the clean-up
	let stopping = false;
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			progress(`${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: stopping n8n and the mock`);
			cleanUp().finally(() => process.exit(130));
		});
	}
	main().catch(async (error) => {
		process.stderr.write(`\n[bench] FAILED: ${error && error.stack ? error.stack : error}\n`);
		await cleanUp();
		process.exit(1);
	});
}

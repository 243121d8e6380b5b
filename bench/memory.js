'use strict';
// The "memory" phase of `npm run bench` (issues 5 §6 and 13 §4): peak RSS of the n8n main process
// while 10,000 items (the same prompts each time) go through No Operation (the baseline), the
// Reasoning Chat node and n8n's own HTTP Request node (the same request to the same mock), each
// on a freshly started n8n after a 10-item warm-up run of the same workflow and a full GC; then
// the live heap (after a forced GC every second) while Reasoning Chat answers them, on a fourth
// fresh n8n. Run alone with `BENCH_PHASES=memory npm run bench`.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const rt = require('../scripts/lib/n8n-runtime');
const wf = require('./workflows');
const { startInstance } = require('./instance');
const { measureRun } = require('./measure');
const { memoryOf, commandOf, resetPeak, startRssSampler } = require('./proc');
const { connectInspector } = require('./cdp');

const M = {
	n: 10000,
	concurrency: 20,
	// HTTP Request has no concurrency setting: Batching only waits batchInterval before every
	// batchSize-th item is sent, and it never waits for answers. 20 per 20 ms starts requests at
	// the pace Reasoning Chat answers them (about 1 per ms at latency 0) in groups as large as its
	// concurrency, instead of 10,000 sockets at once (no Batching) or 1,000 s (the 10/1000).
	httpBatching: { batchSize: 20, batchInterval: 20 },
	liveHeapEveryMs: 1000,
};

const KINDS = {
	baseline: { label: 'No Operation (baseline)', measure: 'noOp' },
	node: { label: `Reasoning Chat, concurrency ${M.concurrency}`, measure: 'reasoningChat' },
	http: {
		label: `HTTP Request, batching ${M.httpBatching.batchSize}/${M.httpBatching.batchInterval} ms`,
		measure: 'http',
	},
};

const promptsOf = (count) => Array.from({ length: count }, (_, i) => `node prompt ${i}`);

/** The workflows of this phase: per kind a 10-item warm-up and the 10,000-item run. */
function memoryWorkflows(httpNode) {
	const nodes = {
		baseline: () => wf.noOp(),
		node: () => wf.reasoningChat({ concurrency: M.concurrency }),
		http: () => httpNode(M.httpBatching),
	};
	const ids = {
		baseline: ['bchMemWarmBase01', 'bchMem10kNoOp001', 'No Operation'],
		node: ['bchMemWarmNode01', 'bchMem10kNode001', 'Reasoning Chat'],
		http: ['bchMemWarmHttp01', 'bchMem10kHttp001', 'HTTP Request'],
	};
	const list = {};
	for (const [kind, [warmId, runId, name]] of Object.entries(ids)) {
		// Every workflow splits the same prompts (tag `node`), so all three get identical items.
		list[kind] = {
			warm: wf.chain(warmId, `Bench: warm-up ${name} (memory)`, 10, 'node', nodes[kind]()),
			run: wf.chain(runId, `Bench: ${M.n} items through ${name}`, M.n, 'node', nodes[kind]()),
		};
	}
	return list;
}

/** RSS before, peak RSS (VmHWM reset just before, plus 20 ms samples) and RSS after, per process. */
async function peakDuring(pids, fn) {
	const before = new Map(pids.map((pid) => [pid, memoryOf(pid)]));
	const resettable = pids.map((pid) => resetPeak(pid));
	const sampler = startRssSampler(pids, 20);
	const result = await fn();
	const sampled = sampler.stop();
	const processes = pids.map((pid, i) => {
		const after = memoryOf(pid) || { rssKb: 0, hwmKb: 0 };
		const start = before.get(pid) || { rssKb: 0, hwmKb: 0 };
		return {
			pid,
			command: commandOf(pid)
				.replace(rt.ROOT, '.')
				.replace(/^\S*\/bin\/node /, 'node ')
				.slice(0, 100),
			rssBeforeKb: start.rssKb,
			peakKb: resettable[i] ? Math.max(after.hwmKb, sampled.get(pid) || 0) : sampled.get(pid) || 0,
			peakSource: resettable[i]
				? 'VmHWM reset before the run, and 20 ms VmRSS samples'
				: '20 ms VmRSS samples',
			rssAfterKb: after.rssKb,
		};
	});
	return { result, processes };
}

/** Heap size of a list of items as objects and as JSON (bench/item-size.js under Node 24). */
function itemSizeOf(items, file) {
	fs.writeFileSync(file, JSON.stringify(items));
	const size = spawnSync(rt.NODE24, ['--expose-gc', path.join(__dirname, 'item-size.js'), file], {
		encoding: 'utf8',
	});
	if (size.status !== 0) throw new Error(`item-size.js failed: ${size.stderr}`);
	return JSON.parse(size.stdout.trim());
}

function stripped(result) {
	const { execution, task, ...rest } = result;
	return rest;
}

/**
 * Runs the memory phase. `ctx`: { userFolder, runDir, mock, workflows (from memoryWorkflows),
 * onInstance(child | null) so the caller can stop a running n8n on Ctrl-C, progress }.
 */
async function runMemory(ctx) {
	const { userFolder, runDir, mock, workflows, onInstance, progress } = ctx;

	/** A fresh n8n (inspector open) after the warm-up run and a full GC. */
	async function fresh(warmWorkflow, name) {
		const instance = await startInstance(userFolder, path.join(runDir, `n8n-memory-${name}.log`), {
			inspect: true,
		});
		onInstance(instance.child);
		try {
			const inspector = await connectInspector(instance.inspectPort);
			await mock.prepare({ latencyMs: 0 });
			await instance.run(warmWorkflow.id);
			await rt.sleep(1000);
			const heapBefore = await inspector.liveMemory();
			return { instance, inspector, heapBefore };
		} catch (error) {
			await instance.stop();
			onInstance(null);
			throw error;
		}
	}

	async function stop({ instance, inspector }) {
		inspector.close();
		await instance.stop();
		onInstance(null);
	}

	const spec = (kind, runOptions) => ({
		workflowId: workflows[kind].run.id,
		mockConfig: { latencyMs: 0 },
		prompts: promptsOf(M.n),
		kind: KINDS[kind].measure,
		runOptions,
	});

	/** Peak RSS of n8n (and its task runner) during one 10,000-item run on a fresh instance. */
	async function peakRun(kind) {
		const started = Date.now();
		const f = await fresh(workflows[kind].warm, `peak-${kind}`);
		try {
			const { instance, inspector, heapBefore } = f;
			const { result, processes } = await peakDuring(instance.processes(), () =>
				measureRun(instance, mock, spec(kind)),
			);
			const heapAfter = await inspector.liveMemory();
			const items = result.task && result.task.data ? result.task.data.main[0] : [];
			const itemSize = itemSizeOf(items, path.join(runDir, `items-${kind}.json`));
			const main = processes[0];
			progress(
				`memory ${KINDS[kind].label}: ${result.status}, ok ${result.ok}/${M.n}, node ${result.nodeMs} ms, max in flight ${result.mock.maxConcurrent}, ` +
					`n8n main process RSS ${Math.round(main.rssBeforeKb / 1024)} → peak ${Math.round(main.peakKb / 1024)} MiB (${((Date.now() - started) / 1000).toFixed(0)} s with the start)`,
			);
			return {
				label: KINDS[kind].label,
				...stripped(result),
				processes,
				itemSize,
				heapBefore,
				heapAfter,
			};
		} finally {
			await stop(f);
		}
	}

	/**
	 * The live heap while Reasoning Chat answers the items: a full GC and a reading of heapUsed
	 * every M.liveHeapEveryMs with the number answered so far (at the mock). Forcing GCs changes
	 * the peak RSS, hence a run of its own.
	 */
	async function liveHeapRun() {
		const f = await fresh(workflows.node.warm, 'live-node');
		try {
			const { instance, inspector, heapBefore } = f;
			const samples = [];
			let sampling = true;
			const sampler = (async () => {
				while (sampling) {
					await rt.sleep(M.liveHeapEveryMs);
					if (!sampling) break;
					const memory = await inspector.liveMemory();
					const stats = await mock.stats();
					samples.push({ heapUsed: memory.heapUsed, completed: stats.completed });
				}
			})();
			// No execution polls while the items are answered: each poll makes n8n read the execution
			// (and its 10,000-prompt workflow) from the database, which a reading could catch alive.
			const untilAnswered = async () => {
				while ((await mock.stats()).completed < M.n) await rt.sleep(500);
			};
			const result = stripped(
				await measureRun(instance, mock, spec('node', { beforePolling: untilAnswered })),
			);
			sampling = false;
			await sampler;
			const heapAfter = await inspector.liveMemory();
			const max = samples.length
				? Math.max(...samples.map((x) => x.heapUsed))
				: heapBefore.heapUsed;
			progress(
				`memory: live heap after GC during the node run: ${samples.length} samples, at most +${Math.round((max - heapBefore.heapUsed) / 1048576)} MiB`,
			);
			return {
				heapBefore: heapBefore.heapUsed,
				heapAfter: heapAfter.heapUsed,
				samples,
				ok: result.ok,
				nodeMs: result.nodeMs,
			};
		} finally {
			await stop(f);
		}
	}

	const started = Date.now();
	progress(`memory: ${M.n} items, each run on a fresh n8n`);
	const results = {};
	for (const kind of Object.keys(KINDS)) results[kind] = await peakRun(kind);
	results.live = await liveHeapRun();
	results.durationS = (Date.now() - started) / 1000;
	progress(`memory phase: ${results.durationS.toFixed(0)} s`);
	return results;
}

module.exports = { M, memoryWorkflows, runMemory };

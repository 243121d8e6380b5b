'use strict';
// The "queue" phase of `npm run bench` (issue 13): several executions at once in n8n's queue mode,
// on one API key, against one provider limit. n8n 2.41.1 as a main process (`n8n start`,
// EXECUTIONS_MODE=queue) and 2 workers (`n8n worker --concurrency=2`), each with its own user
// folder and its own copy of the packed package (as on separate machines), sharing Redis and a
// throwaway Postgres that bench/services.js starts from Debian's packages. The mock provider serves
// 10 requests at once and answers 429 + Retry-After 1 beyond that, 500 ms per answer.
//
// 4 workflows × 50 items (Reasoning Chat, Concurrency 10) are started together over REST as manual
// executions; OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true makes the main process put them on the
// queue instead of running them itself (n8n 2.x runs manual executions on main otherwise), and
// every worker log's "Worker started execution <id>" lines say which worker ran which. Reported
// per repeat: statuses, lost and duplicated prompts (the mock's per-prompt counters), 429s, the
// most requests the mock had open at once, the worker of each execution, and goodput = ideal at
// the limit (200 × 500 ms / 10 = 10 s) / the span from the first node start to the last node end
// (the executions' saved data). Repeated BENCH_QUEUE_REPEATS (3) times on the same processes.
//
// Not in the default run (it needs Redis and Postgres, i.e. root or sudo for apt-get on a fresh
// machine): `npm run bench -- --only queue`, or add `queue` to BENCH_PHASES.

const fs = require('node:fs');
const path = require('node:path');
const rt = require('../scripts/lib/n8n-runtime');
const wf = require('./workflows');
const { median, countItems, promptAccounting } = require('./measure');
const { startInstance, startWorker, importAll } = require('./instance');
const { startQueueServices } = require('./services');
const { descendantsOf, commandOf } = require('./proc');

const Q = {
	workers: 2,
	workerConcurrency: 2,
	executions: 4,
	itemsPerExecution: 50,
	concurrency: 10,
	limit: 10,
	latencyMs: 500,
	retryAfterSeconds: 1,
	repeats: Math.max(1, Number(process.env.BENCH_QUEUE_REPEATS || 3)),
};
Q.idealMs = (Q.executions * Q.itemsPerExecution * Q.latencyMs) / Q.limit;

const TAGS = ['qeA0', 'qeB1', 'qeC2', 'qeD3'];
const promptsOf = (count, tag) => Array.from({ length: count }, (_, i) => `${tag} prompt ${i}`);

/** Whatever this phase has running, for the clean-up on failure or Ctrl-C (stopped in reverse). */
const running = [];

/** The user folders of the main process and the workers (run.js installs the package into them). */
function userFolders(runDir) {
	const root = path.join(runDir, 'queue');
	return {
		main: path.join(root, 'main'),
		workers: Array.from({ length: Q.workers }, (_, i) => path.join(root, `worker-${i + 1}`)),
	};
}

function queueWorkflows() {
	return TAGS.slice(0, Q.executions).map((tag, i) =>
		wf.chain(
			`bchQueueExec${String(i).padStart(4, '0')}`,
			`Bench: queue mode, execution ${i + 1} of ${Q.executions}, ${Q.itemsPerExecution} items, concurrency ${Q.concurrency}`,
			Q.itemsPerExecution,
			tag,
			wf.reasoningChat({ concurrency: Q.concurrency }),
		),
	);
}

/** Execution id → worker name, from the workers' logs. */
function workerOfExecutions(workers) {
	const byExecution = {};
	for (const worker of workers) {
		const text = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
		for (const match of text.matchAll(/Worker started execution (\d+) \(job/g)) {
			byExecution[match[1]] = worker.name;
		}
	}
	return byExecution;
}

/** One repeat: the executions started together, measured from their saved data and the mock. */
async function runOnce(main, workers, mock, workflows) {
	await mock.prepare({
		latencyMs: Q.latencyMs,
		maxInFlight: Q.limit,
		retryAfterSeconds: Q.retryAfterSeconds,
	});
	const executions = await Promise.all(workflows.map((workflow) => main.run(workflow.id)));
	const stats = await mock.stats();
	const workerOf = workerOfExecutions(workers);
	const rows = executions.map((execution, i) => {
		const task = (execution.data.resultData.runData[wf.NODE] || [])[0];
		const items = (task && task.data && task.data.main && task.data.main[0]) || [];
		const counts = countItems(items, promptsOf(Q.itemsPerExecution, TAGS[i]), 'reasoningChat');
		return {
			id: String(execution.id),
			status: execution.status,
			worker: workerOf[String(execution.id)] || 'main or unknown',
			ok: counts.ok,
			nodeStart: task ? task.startTime : undefined,
			nodeMs: task ? task.executionTime : undefined,
			queuedMs: new Date(execution.startedAt) - new Date(execution.createdAt),
		};
	});
	if (rows.some((row) => row.nodeStart === undefined))
		throw new Error(
			`an execution has no run of "${wf.NODE}": statuses ${rows.map((row) => row.status).join('/')}`,
		);
	const first = Math.min(...rows.map((row) => row.nodeStart));
	const last = Math.max(...rows.map((row) => row.nodeStart + row.nodeMs));
	for (const row of rows) row.startOffsetMs = row.nodeStart - first;
	const prompts = TAGS.slice(0, Q.executions).flatMap((tag) => promptsOf(Q.itemsPerExecution, tag));
	const spanMs = last - first;
	const split = {};
	for (const row of rows) split[row.worker] = (split[row.worker] || 0) + 1;
	// When each worker's last execution ended (ms after the first node start): an uneven share of
	// the limit between the workers shows as one finishing long before the other.
	const workerEndMs = {};
	for (const row of rows) {
		const end = row.nodeStart + row.nodeMs - first;
		workerEndMs[row.worker] = Math.max(workerEndMs[row.worker] || 0, end);
	}
	return {
		executions: rows,
		statuses: rows.map((row) => row.status),
		ok: rows.reduce((sum, row) => sum + row.ok, 0),
		split,
		workerEndMs,
		spanMs,
		goodput: Q.idealMs / spanMs,
		rejected429: stats.rejected429,
		completed: stats.completed,
		maxConcurrent: stats.maxConcurrent,
		...promptAccounting(stats, prompts),
	};
}

function describe(run) {
	const split = Object.entries(run.split)
		.map(([worker, count]) => `${worker} ${count} (done at +${run.workerEndMs[worker]} ms)`)
		.join(', ');
	return `span ${(run.spanMs / 1000).toFixed(2)} s, goodput ${run.goodput.toFixed(2)}, 429s ${run.rejected429}, lost ${run.lost}, duplicated ${run.duplicated}, ok ${run.ok}/${Q.executions * Q.itemsPerExecution}, at most ${run.maxConcurrent} at the mock, statuses ${run.statuses.join('/')}, ${split}`;
}

/**
 * The whole phase: services, import, main + workers, a warm-up, the repeats; everything it
 * started is stopped before it returns or throws.
 */
async function runQueue({ runDir, mock, progress }) {
	const started = Date.now();
	const folders = userFolders(runDir);
	try {
		const services = await startQueueServices(path.join(runDir, 'queue', 'services'), {
			log: (message) => progress(`queue: ${message}`),
		});
		running.push(services.stop);
		const queueEnv = {
			...services.env,
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		};
		const workflows = queueWorkflows();
		progress('queue: import credentials and workflows into Postgres (n8n CLI)');
		await importAll(
			folders.main,
			path.join(runDir, 'queue', 'import'),
			rt.credentialEntries(mock.urls),
			workflows,
			queueEnv,
		);
		progress('queue: n8n start (main, queue mode)');
		const main = await startInstance(folders.main, path.join(runDir, 'queue', 'n8n-main.log'), {
			extraEnv: queueEnv,
		});
		running.push(main.stop);
		services.track(main.pid);
		progress(
			`queue: main ready in ${(main.readyMs / 1000).toFixed(1)} s; starting ${Q.workers} workers`,
		);
		const workers = await Promise.all(
			folders.workers.map(async (folder, i) => {
				const name = `worker-${i + 1}`;
				const worker = await startWorker(folder, path.join(runDir, 'queue', `n8n-${name}.log`), {
					concurrency: Q.workerConcurrency,
					extraEnv: queueEnv,
				});
				running.push(worker.stop);
				services.track(worker.pid);
				return { ...worker, name };
			}),
		);
		progress(
			`queue: workers ready in ${workers.map((w) => `${(w.readyMs / 1000).toFixed(1)} s`).join(', ')} (pids ${workers.map((w) => w.pid).join(', ')})`,
		);
		// The first execution on a worker loads the package's code: a warm-up without latency or limit.
		await mock.prepare({ latencyMs: 0 });
		await Promise.all(workflows.map((workflow) => main.run(workflow.id)));
		const warmUp = Object.values(workerOfExecutions(workers));
		progress(`queue: warm-up done (${warmUp.join(', ')})`);
		const runs = [];
		for (let repeat = 1; repeat <= Q.repeats; repeat++) {
			const run = await runOnce(main, workers, mock, workflows);
			runs.push(run);
			progress(`queue run ${repeat}/${Q.repeats}: ${describe(run)}`);
		}
		return {
			Q,
			runs,
			medianSpanMs: median(runs.map((run) => run.spanMs)),
			medianGoodput: median(runs.map((run) => run.goodput)),
			readyMs: { main: main.readyMs, workers: workers.map((w) => w.readyMs) },
			phaseS: (Date.now() - started) / 1000,
		};
	} finally {
		await cleanUp();
	}
}

/**
 * Stops what runQueue started, last first (workers and main before Postgres and Redis). An n8n
 * CLI child still running (an import interrupted by Ctrl-C) is killed before the database goes:
 * without it, it would keep trying to reconnect after this process has exited.
 */
async function cleanUp() {
	const stops = running.splice(0).reverse();
	// The workers and main stop together; the services after them.
	const services = stops.pop();
	await Promise.all(stops.map((stop) => stop().catch(() => {})));
	for (const pid of descendantsOf(process.pid)) {
		if (commandOf(pid).includes(rt.N8N_BIN)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
	}
	if (services) await services().catch(() => {});
}

module.exports = { Q, userFolders, runQueue, cleanUp, describe };

'use strict';
// The figures of the queue phase (bench/queue.js): a console table and its own section of
// bench/RESULTS.md, between the `queue:start` / `queue:end` markers.

const fs = require('node:fs');
const { writeSection } = require('./sections');

const START = '<!-- queue:start (written by the queue phase of npm run bench) -->';
const END = '<!-- queue:end -->';

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

function splitOf(run) {
	return Object.entries(run.split)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([worker, count]) => `${worker}: ${count}`)
		.join(', ');
}

/** Which worker ran each execution, in the order the workflows were started. */
function workersOf(run) {
	return run.executions.map((execution) => execution.worker.replace('worker-', 'w')).join(' ');
}

/** How far apart the workers finished: the slower one's end over the faster one's. */
function evenness(run) {
	const ends = Object.entries(run.workerEndMs).sort(([a], [b]) => a.localeCompare(b));
	const times = ends.map(([worker, ms]) => `${worker} ${s(ms)}`).join(', ');
	const values = ends.map(([, ms]) => ms);
	return `${times} (${(Math.max(...values) / Math.min(...values)).toFixed(2)}×)`;
}

function table(r) {
	const { Q } = r;
	const lines = [
		`Queue mode: main + ${Q.workers} workers (concurrency ${Q.workerConcurrency}), ${Q.executions} executions × ${Q.itemsPerExecution} items at once, concurrency ${Q.concurrency} each, limit ${Q.limit} (429 + Retry-After ${Q.retryAfterSeconds}), latency ${Q.latencyMs} ms; ideal at the limit ${s(Q.idealMs)}`,
	];
	r.runs.forEach((run, i) => {
		lines.push(
			`  run ${i + 1}: span ${s(run.spanMs)}, goodput ${run.goodput.toFixed(2)}, 429s ${run.rejected429}, lost ${run.lost}, duplicated ${run.duplicated}, ok ${run.ok}, peak at the mock ${run.maxConcurrent}, statuses ${run.statuses.join('/')}, ${splitOf(run)}; workers done at ${evenness(run)}`,
		);
	});
	lines.push(
		`  median: span ${s(r.medianSpanMs)}, goodput ${r.medianGoodput.toFixed(2)} (target ≥ 0.8: ${r.medianGoodput >= 0.8 ? 'PASS' : 'FAIL'})`,
	);
	return lines.join('\n');
}

function markdownSection(r, machine) {
	const { Q } = r;
	const items = Q.executions * Q.itemsPerExecution;
	const bothWorkers = r.runs.every((run) =>
		Array.from({ length: Q.workers }, (_, i) => `worker-${i + 1}`).every((w) => run.split[w] > 0),
	);
	const lost = r.runs.reduce((sum, run) => sum + run.lost, 0);
	const duplicated = r.runs.reduce((sum, run) => sum + run.duplicated, 0);
	const rows = r.runs.map(
		(run, i) =>
			`| ${i + 1} | ${s(run.spanMs)} | **${run.goodput.toFixed(2)}** | ${run.rejected429} | ${run.lost} / ${run.duplicated} | ${run.ok}/${items} | ${run.maxConcurrent} | ${run.statuses.join(', ')} | ${workersOf(run)} | ${run.executions.map((e) => `+${e.startOffsetMs}`).join(', ')} | ${run.executions.map((e) => (e.nodeMs / 1000).toFixed(2)).join(', ')} | ${run.executions.map((e) => e.queuedMs).join(', ')} |`,
	);
	const goodputs = r.runs.map((run) => run.goodput);
	return [
		START,
		'## Queue mode: one limit shared by 2 workers (issue 13)',
		'',
		`Run ${machine.date} on commit ${machine.commit}; load average at start ${machine.loadStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${machine.loadEnd.map((v) => v.toFixed(2)).join(' / ')}. ${machine.shared ? 'The machine was shared with other work during this run (its 2 cores also ran other n8n instances and test suites): the times are noisy.' : ''} The phase took ${r.phaseS.toFixed(0)} s (services, import, main ready in ${s(r.readyMs.main)}, workers in ${r.readyMs.workers.map(s).join(' and ')}, a warm-up, ${r.runs.length} repeats).`,
		'',
		`Setup: n8n ${machine.n8nVersion} in queue mode, a main process (\`n8n start\`) and ${Q.workers} workers (\`n8n worker --concurrency=${Q.workerConcurrency}\`), each with its own user folder and copy of the packed package; Redis and a throwaway Postgres cluster (Debian's packages, started by the benchmark). ${Q.executions} workflows × ${Q.itemsPerExecution} items (Reasoning Chat, Concurrency ${Q.concurrency}, one API key) started together over REST as manual executions, which \`OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true\` sends to the workers. Mock provider: ${Q.limit} requests at once, 429 + Retry-After ${Q.retryAfterSeconds} s beyond that, ${Q.latencyMs} ms per answer. Ideal at the limit = ${items} × ${Q.latencyMs} ms / ${Q.limit} = ${s(Q.idealMs)}; goodput = ideal / the span from the first node start to the last node end (the executions' saved data). Target: goodput ≥ 0.8.`,
		'',
		'| Run | Span | Goodput | 429s | Lost / duplicated | Items ok | Peak at the mock | Statuses | Worker of each execution | Node starts (ms after the first) | Node times (s) | Queued before a worker took it (ms) |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...rows,
		'',
		`Median of ${r.runs.length}: span ${s(r.medianSpanMs)}, goodput **${r.medianGoodput.toFixed(2)}** (runs ${goodputs.map((g) => g.toFixed(2)).join(', ')}): target ≥ 0.8 ${r.medianGoodput >= 0.8 ? 'PASS' : 'FAIL'}.`,
		'',
		'Interpretation:',
		'',
		`- Correctness: ${lost} lost and ${duplicated} duplicated prompts over ${r.runs.length} × ${items} items (the mock's per-prompt success counters); statuses ${[...new Set(r.runs.flatMap((run) => run.statuses))].join(', ')}.`,
		`- Distribution: ${bothWorkers ? `both workers ran executions in every repeat (${r.runs.map(splitOf).join('; ')})` : `NOT every repeat used both workers (${r.runs.map(splitOf).join('; ')})`}. With ${Q.workerConcurrency} jobs per worker and ${Q.executions} executions queued together, each worker takes at most ${Q.workerConcurrency}, so ${Q.executions} executions fill the ${Q.workers * Q.workerConcurrency} slots.`,
		`- Share of the limit between the workers: ${r.runs.map((run, i) => `run ${i + 1}: ${evenness(run)}`).join('; ')} (each worker's last node end, after the first node start).`,
		`- Each worker learns the provider's limit on its own from the 429s (the limit per API key is per process: nodes/shared/transport/keyLimiter.ts); the two share the mock's ${Q.limit} slots without talking to each other. Repeats run on the same processes, but a key's limiter is dropped once idle (nodes/shared/transport/limiterRegistry.ts), so every repeat starts learning afresh, as executions that do not overlap would.`,
		`- Goodput ${r.medianGoodput.toFixed(2)} (median) vs the target 0.8: ${r.medianGoodput >= 0.8 ? 'met' : 'not met'}. The span includes the node starts' spread (the workers take the jobs at slightly different times; see the node starts above), and at most ${Math.max(...r.runs.map((run) => run.maxConcurrent))} requests were open at the mock at once.`,
		END,
	].join('\n');
}

function writeQueueSection(file, r, machine) {
	writeSection(file, START, END, markdownSection(r, machine));
}

/** The queue section as it stands in `file`, or null (a full run rewrites the file around it). */
function readSection(file) {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	const from = text.indexOf(START);
	const to = text.indexOf(END);
	return from >= 0 && to > from ? text.slice(from, to + END.length) : null;
}

function restoreSection(file, section) {
	writeSection(file, START, END, section);
}

module.exports = { table, markdownSection, writeQueueSection, readSection, restoreSection };

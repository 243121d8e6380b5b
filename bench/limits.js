'use strict';
// The "limits" phase of `npm run bench` (issue 13): how the node shares a provider limit.
// (a) the rate-limited batch (200 items, Concurrency 20, a limit of 10 answered with 429 +
//     Retry-After 1 beyond it) repeated BENCH_LIMIT_REPEATS (5) times: median and worst as
//     multiples of the ideal at the limit;
// (b) several executions at once in one n8n: 4 workflows × 50 items on one API key, Concurrency
//     10 each, started together over REST against the same limit of 10: 429s, lost and
//     duplicated prompts, and goodput = ideal at the limit / the span from the first node start
//     to the last node end (from the executions' own data, not the REST round trips).
// Run alone with `npm run bench -- --only limits`; the full benchmark runs it too.

const wf = require('./workflows');
const { measureRun, median } = require('./measure');
const sections = require('./sections');

const L = {
	n: 200,
	latencyMs: 200,
	limit: 10,
	concurrency: 20,
	retryAfterSeconds: 1,
	repeats: Math.max(1, Number(process.env.BENCH_LIMIT_REPEATS || 5)),
	executions: 4,
	itemsPerExecution: 50,
	executionConcurrency: 10,
};

const TAGS = ['exA0', 'exB1', 'exC2', 'exD3'];

const promptsOf = (count, tag) => Array.from({ length: count }, (_, i) => `${tag} prompt ${i}`);

/** The workflows of this phase (the rate-limited batch itself is run.js's `nodeRl`). */
function limitWorkflows() {
	return TAGS.slice(0, L.executions).map((tag, i) =>
		wf.chain(
			`bchLimitExec${String(i).padStart(4, '0')}`,
			`Bench: execution ${i + 1} of ${L.executions} at once, ${L.itemsPerExecution} items, concurrency ${L.executionConcurrency}`,
			L.itemsPerExecution,
			tag,
			wf.reasoningChat({ concurrency: L.executionConcurrency }),
		),
	);
}

function limitedMock() {
	return { latencyMs: L.latencyMs, maxInFlight: L.limit, retryAfterSeconds: L.retryAfterSeconds };
}

function accounting(stats, prompts) {
	let lost = 0;
	let duplicated = 0;
	for (const prompt of prompts) {
		const entry = stats.byPrompt[prompt];
		if (!entry || entry.successes === 0) lost++;
		else if (entry.successes > 1) duplicated++;
	}
	return { lost, duplicated };
}

/** (a): the rate-limited batch, repeated. */
async function repeatedBatch(instance, mock, nodeRlWorkflow, progress) {
	const idealMs = (L.n * L.latencyMs) / L.limit;
	const runs = [];
	for (let repeat = 1; repeat <= L.repeats; repeat++) {
		const { execution, task, ...result } = await measureRun(instance, mock, {
			workflowId: nodeRlWorkflow.id,
			mockConfig: limitedMock(),
			prompts: promptsOf(L.n, 'node'),
			kind: 'reasoningChat',
		});
		result.ofIdeal = result.nodeMs / idealMs;
		runs.push(result);
		progress(
			`limits (a) run ${repeat}/${L.repeats}: ${result.nodeMs} ms = ${result.ofIdeal.toFixed(2)}× ideal, ok ${result.ok}/${L.n}, 429s ${result.mock.rejected429}, lost ${result.mock.lost}, duplicated ${result.mock.duplicated}`,
		);
	}
	const multiples = runs.map((run) => run.ofIdeal);
	return {
		idealMs,
		runs,
		median: median(multiples),
		worst: Math.max(...multiples),
		lost: runs.reduce((sum, run) => sum + run.mock.lost, 0),
		duplicated: runs.reduce((sum, run) => sum + run.mock.duplicated, 0),
	};
}

/** (b): several executions at once in one n8n, on one key. */
async function executionsAtOnce(instance, mock, workflows, progress) {
	await mock.prepare(limitedMock());
	const executions = await Promise.all(workflows.map((workflow) => instance.run(workflow.id)));
	const stats = await mock.stats();
	const tasks = executions.map(
		(execution) => (execution.data.resultData.runData[wf.NODE] || [])[0],
	);
	const prompts = workflows.flatMap((_, i) => promptsOf(L.itemsPerExecution, TAGS[i]));
	const items = L.executions * L.itemsPerExecution;
	const idealMs = (items * L.latencyMs) / L.limit;
	const starts = tasks.map((task) => task.startTime);
	const ends = tasks.map((task) => task.startTime + task.executionTime);
	const spanMs = Math.max(...ends) - Math.min(...starts);
	const result = {
		statuses: executions.map((execution) => execution.status),
		nodeMs: tasks.map((task) => task.executionTime),
		startOffsetsMs: starts.map((start) => start - Math.min(...starts)),
		spanMs,
		idealMs,
		goodput: idealMs / spanMs,
		rejected429: stats.rejected429,
		completed: stats.completed,
		maxConcurrent: stats.maxConcurrent,
		...accounting(stats, prompts),
	};
	progress(
		`limits (b) ${L.executions} × ${L.itemsPerExecution} at once: span ${spanMs} ms, goodput ${result.goodput.toFixed(2)}, 429s ${result.rejected429}, lost ${result.lost}, duplicated ${result.duplicated}, statuses ${result.statuses.join('/')}`,
	);
	return result;
}

async function runLimits(instance, mock, nodeRlWorkflow, workflows, progress) {
	return {
		batch: await repeatedBatch(instance, mock, nodeRlWorkflow, progress),
		atOnce: await executionsAtOnce(instance, mock, workflows, progress),
	};
}

const x = (value) => `${value.toFixed(2)}×`;

function table(r) {
	const b = r.batch;
	const a = r.atOnce;
	return [
		`Limits (a) ${L.n} items, concurrency ${L.concurrency}, limit ${L.limit} (429 + Retry-After ${L.retryAfterSeconds}), ${b.runs.length} runs: median ${x(b.median)}, worst ${x(b.worst)} the ideal at the limit (${(b.idealMs / 1000).toFixed(2)} s); runs ${b.runs.map((run) => x(run.ofIdeal)).join(', ')}; 429s ${b.runs.map((run) => run.mock.rejected429).join(', ')}; lost ${b.lost}, duplicated ${b.duplicated}`,
		`Limits (b) ${L.executions} executions × ${L.itemsPerExecution} items at once, concurrency ${L.executionConcurrency} each, limit ${L.limit}: 429s ${a.rejected429}, lost ${a.lost}, duplicated ${a.duplicated}, span ${(a.spanMs / 1000).toFixed(2)} s vs ideal at the limit ${(a.idealMs / 1000).toFixed(2)} s: goodput ${a.goodput.toFixed(2)}`,
	].join('\n');
}

const START = '<!-- limits:start (written by the limits phase of npm run bench) -->';
const END = '<!-- limits:end -->';

function markdownSection(r, machine) {
	const b = r.batch;
	const a = r.atOnce;
	return [
		START,
		'## Limits: one limit per API key (issue 13)',
		'',
		`Run ${machine.date} on commit ${machine.commit}; load average at start ${machine.loadStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${machine.loadEnd.map((v) => v.toFixed(2)).join(' / ')}. ${machine.shared ? 'The machine was shared with other work during this run (other n8n instances and test suites on its 2 cores): the times are noisy.' : ''}`,
		'',
		'| Scenario | Measured | Reference | Result |',
		'| --- | --- | --- | --- |',
		`| (a) Reasoning Chat, ${L.n} items, concurrency ${L.concurrency}, limit ${L.limit} (429 + Retry-After ${L.retryAfterSeconds} s), ${b.runs.length} runs | median ${x(b.median)}, worst ${x(b.worst)} the ideal at the limit; each run: ${b.runs.map((run) => `${(run.nodeMs / 1000).toFixed(2)} s (${run.mock.rejected429} 429s)`).join(', ')}; ok ${b.runs.map((run) => run.ok).join('/')}; lost ${b.lost}, duplicated ${b.duplicated} | ideal at the limit ${(b.idealMs / 1000).toFixed(2)} s | worst ≤ 1.5×: ${b.worst <= 1.5 ? 'PASS' : 'FAIL'} |`,
		`| (b) ${L.executions} executions × ${L.itemsPerExecution} items at once in one n8n, one API key, concurrency ${L.executionConcurrency} each, limit ${L.limit} | ${a.rejected429} 429s; lost ${a.lost}, duplicated ${a.duplicated}; first node start to last node end ${(a.spanMs / 1000).toFixed(2)} s (node starts ${a.startOffsetsMs.map((ms) => `+${ms}`).join(', ')} ms; node times ${a.nodeMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s); at most ${a.maxConcurrent} at the mock | ideal at the limit ${(a.idealMs / 1000).toFixed(2)} s | goodput ${a.goodput.toFixed(2)} |`,
		'',
		`Goodput = ideal at the limit (items × ${L.latencyMs} ms / ${L.limit}) / the span from the first node start to the last node end, read from the executions' data. The ${L.executions} workflows are started together over REST (manual executions of n8n's main process, regular mode, SQLite).`,
		END,
	].join('\n');
}

/** Puts the section into RESULTS.md in place of an earlier one (or at the end). */
function writeSection(file, section) {
	sections.writeSection(file, START, END, section);
}

module.exports = { L, START, limitWorkflows, runLimits, table, markdownSection, writeSection };

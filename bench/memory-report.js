'use strict';
// The memory phase's figures (bench/memory.js) as table rows 5a–5c and as the memory section of
// bench/RESULTS.md, between its own markers so that `BENCH_PHASES=memory` rewrites only it.

const { M } = require('./memory');

const MiB = 1024 * 1024;
const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
const sec = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const fixed = (value, digits = 2) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
const passFail = (pass) => (pass === undefined ? '—' : pass ? 'PASS' : 'FAIL');

const START = '<!-- memory:start (written by the memory phase of npm run bench) -->';
const END = '<!-- memory:end -->';

function slope(points) {
	const n = points.length;
	const mx = points.reduce((a, [x]) => a + x, 0) / n;
	const my = points.reduce((a, [, y]) => a + y, 0) / n;
	const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
	const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
	return sxx ? sxy / sxx : undefined;
}

const mainProcess = (run) => run.processes[0];
const peakOf = (run) => mainProcess(run).peakKb * 1024;
const growthOf = (run) => (mainProcess(run).peakKb - mainProcess(run).rssBeforeKb) * 1024;
const perItem = (size) => `${Math.round(size.jsonBytes / size.items)} B/item`;

/** The figures of the memory phase, or undefined when it did not run. */
function summarize(memory) {
	if (!memory || !memory.baseline || !memory.node) return undefined;
	const { baseline, node, http, live } = memory;
	const samples = live ? live.samples : [];
	const last = samples[samples.length - 1];
	// Least-squares slope of live heap over items answered, from the readings taken while items
	// were being answered (the last ones can fall into n8n saving the execution).
	const answering = samples.filter((x) => x.completed > 0 && x.completed < M.n);
	const liveSlope =
		answering.length >= 3 ? slope(answering.map((x) => [x.completed, x.heapUsed])) : undefined;
	const m = {
		baseline,
		node,
		http,
		baselineGrowth: growthOf(baseline),
		nodeGrowth: growthOf(node),
		extra: growthOf(node) - growthOf(baseline),
		httpGrowth: http ? growthOf(http) : undefined,
		httpExtra: http ? growthOf(http) - growthOf(baseline) : undefined,
		items: node.itemSize,
		inputs: baseline.itemSize,
		httpItems: http ? http.itemSize : undefined,
		runners: node.processes.slice(1),
		liveMax: samples.length
			? Math.max(...samples.map((x) => x.heapUsed)) - live.heapBefore
			: undefined,
		liveEnd: last ? last.heapUsed - live.heapBefore : undefined,
		liveSamples: samples.length,
		answeringSamples: answering.length,
		perItem: liveSlope,
		itemBytes: node.itemSize.heapBytes / node.itemSize.items,
		retainedAfter: live
			? live.heapAfter - live.heapBefore
			: node.heapAfter.heapUsed - node.heapBefore.heapUsed,
		durationS: memory.durationS,
	};
	m.rows = rows(m);
	return m;
}

function rows(m) {
	const { baseline, node, http, items } = m;
	const out = [];
	out.push({
		group: '5a',
		scenario: `Peak RSS, ${M.n} items, latency 0 (n8n main process, fresh instance per run)`,
		figure:
			`No Operation: ${mib(peakOf(baseline))} peak (+${mib(m.baselineGrowth)} over the RSS before the run); ` +
			`Reasoning Chat c=${M.concurrency}: ${mib(peakOf(node))} peak (+${mib(m.nodeGrowth)}), ok ${node.ok}/${M.n} in ${sec(node.nodeMs)}`,
		reference: `the ${M.n} output items: ${mib(items.heapBytes)} as objects, ${mib(items.jsonBytes)} as JSON (${perItem(items)})`,
		ratio: `extra peak over No Operation ${mib(m.extra)} = ${fixed(m.extra / items.heapBytes, 0)}× the output items`,
		target: 'growth no more than the items',
		pass: m.extra <= items.heapBytes + items.jsonBytes && node.ok === M.n,
	});
	if (m.perItem !== undefined) {
		out.push({
			group: '5b',
			scenario: `Live heap (after a full GC) while the node answers the ${M.n} items`,
			figure: `${m.liveSamples} readings every 1 s (separate fresh instance): +${mib(m.liveEnd)} at the last, at most +${mib(m.liveMax)}; slope ${fixed(m.perItem, 0)} B per answered item (least squares over the ${m.answeringSamples} readings taken while answering); ${mib(m.retainedAfter)} still alive after the run`,
			reference: `one output item ${fixed(m.itemBytes, 0)} B as an object; inputs ${mib(m.inputs.heapBytes)}`,
			ratio: `${fixed(m.perItem / m.itemBytes)}× an output item`,
			target: '≤ 1.25× an output item per item',
			pass: m.perItem <= 1.25 * m.itemBytes,
		});
	}
	if (http) {
		out.push({
			group: '5c',
			scenario: `Peak RSS, the same ${M.n} items through n8n's HTTP Request node (same request, same mock, batching ${M.httpBatching.batchSize}/${M.httpBatching.batchInterval} ms), fresh instance`,
			figure:
				`HTTP Request: ${mib(peakOf(http))} peak (+${mib(m.httpGrowth)}), ok ${http.ok}/${M.n} in ${sec(http.nodeMs)}, max in flight ${http.mock.maxConcurrent}; ` +
				`Reasoning Chat +${mib(m.nodeGrowth)} (max in flight ${node.mock.maxConcurrent}); No Operation +${mib(m.baselineGrowth)}`,
			reference: `its ${M.n} output items (the whole chat completion): ${mib(m.httpItems.heapBytes)} as objects, ${mib(m.httpItems.jsonBytes)} as JSON (${perItem(m.httpItems)})`,
			ratio: `extra peak over No Operation: Reasoning Chat ${mib(m.extra)}, HTTP Request ${mib(m.httpExtra)} (${fixed(m.extra / m.httpExtra)}×)`,
			target: 'peer baseline',
			pass: undefined,
		});
	}
	return out;
}

function methodLine(m) {
	return (
		`Memory: ${M.n} items at latency 0 (the same prompts each time) through No Operation (the baseline), Reasoning Chat (concurrency ${M.concurrency}) and n8n's HTTP Request node ` +
		`(the same request to the same mock, Batching ${M.httpBatching.batchSize} items per ${M.httpBatching.batchInterval} ms: HTTP Request never waits for answers, so Batching only paces when requests start; ` +
		`without it all ${M.n} would start at once), each on a freshly started n8n (inspector open) after a 10-item warm-up run of the same workflow and a full GC. ` +
		'Peak = `VmHWM` of the n8n main process reset just before the run (`/proc/<pid>/clear_refs` = 5) and 20 ms `VmRSS` samples; growth = peak − RSS before the run. ' +
		'Then a Reasoning Chat run on a fourth fresh instance reads the live heap after a forced full GC every 1 s (`HeapProfiler.collectGarbage`, `process.memoryUsage().heapUsed`) ' +
		'with the count of answered items at the mock; bytes per answered item = least-squares slope of those readings taken while items were being answered. ' +
		`Item sizes: the items as JSON and as objects (heap growth of \`JSON.parse\` after GC, \`bench/item-size.js\`). The phase took ${fixed(m.durationS, 0)} s.`
	);
}

function interpretation(m) {
	const out = [
		`Peak memory: ${M.n} items through the node raised the n8n process's peak RSS by ${mib(m.nodeGrowth)} vs ${mib(m.baselineGrowth)} for No Operation; ` +
			`the difference (${mib(m.extra)}) is far more than the output items (${mib(m.items.heapBytes)}).`,
	];
	if (m.http) {
		const ratio = m.extra / m.httpExtra;
		out.push(
			`Against n8n's own HTTP Request node on the same items: its peak RSS grew by ${mib(m.httpGrowth)} (${mib(m.httpExtra)} over No Operation, with ${mib(m.httpItems.heapBytes)} of output items), ` +
				`Reasoning Chat's by ${mib(m.nodeGrowth)} (${mib(m.extra)} over No Operation): ${fixed(ratio)}× the HTTP Request node's extra growth` +
				(ratio > 1.5
					? ', so most of it is not what n8n needs to send the requests (`node bench/profile.js --heap --all-allocations` shows what allocates it).'
					: ratio < 0.67
						? ', i.e. less than n8n itself needs for the same requests.'
						: ', i.e. about what n8n itself needs for the same requests.'),
		);
	}
	if (m.perItem !== undefined) {
		out.push(
			`Live memory: with a full GC before each reading, the heap grew by ${fixed(m.perItem, 0)} B per answered item against ${fixed(m.itemBytes, 0)} B for one output item ` +
				`(${passFail(m.perItem <= 1.25 * m.itemBytes)}), and ${mib(m.retainedAfter)} stayed alive after the run. ` +
				"Each item's request plan is dropped as its output is added, so the readings stay level; they scatter by a few MiB, which limits this slope to about ±0.5 KB per item " +
				'(`node bench/profile.js --heap-midway` lists what is alive halfway through). Most of the peak RSS is therefore garbage not yet collected, and it follows how much n8n ' +
				'allocates per request (`node bench/profile.js --heap --all-allocations`).',
		);
	}
	return out;
}

/** The memory section of RESULTS.md. `table` renders rows; `notes` are extra paragraphs. */
function markdownSection(m, machine, table, notes = []) {
	const procs = (list) =>
		list.length
			? list
					.map((p) => `pid ${p.pid} \`${p.command.slice(0, 60)}\` peak ${mib(p.peakKb * 1024)}`)
					.join('; ')
			: 'none';
	return [
		START,
		'## Memory (issue 5 §6, issue 13 §4)',
		'',
		`Run ${machine.date} on commit ${machine.commit}; load average at start ${machine.loadStart.map((v) => v.toFixed(2)).join(' / ')}, at end ${machine.loadEnd.map((v) => v.toFixed(2)).join(' / ')}. One run per workflow: a peak RSS depends on when V8 collects garbage and moves by tens of MiB from run to run${machine.shared ? '; the machine was shared with other work during this run (other n8n instances and test suites on its 2 cores), which slows the runs' : ''}.`,
		'',
		`- ${methodLine(m)}`,
		'',
		table(m.rows),
		'',
		`Memory detail: input items ${mib(m.inputs.jsonBytes)} as JSON / ${mib(m.inputs.heapBytes)} as objects; ` +
			`Reasoning Chat output items ${mib(m.items.jsonBytes)} / ${mib(m.items.heapBytes)}` +
			(m.httpItems
				? `; HTTP Request output items ${mib(m.httpItems.jsonBytes)} / ${mib(m.httpItems.heapBytes)}`
				: '') +
			`. Child processes of n8n during the node run: ${procs(m.runners)}.`,
		'',
		...interpretation(m).map((line) => `- ${line}`),
		...notes.flatMap((note) => ['', note]),
		END,
	].join('\n');
}

module.exports = { START, END, summarize, markdownSection, interpretation };

'use strict';
// Turns the raw figures of bench/run.js into the summary table (stdout) and bench/RESULTS.md
// (the memory rows and section come from bench/memory-report.js).

const memoryReport = require('./memory-report');

const sec = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const fixed = (value, digits = 2) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
const passFail = (pass) => (pass === undefined ? '—' : pass ? 'PASS' : 'FAIL');

function spread(values) {
	const v = values.filter((x) => typeof x === 'number');
	if (v.length < 2) return '';
	return ` (${(Math.min(...v) / 1000).toFixed(2)}–${(Math.max(...v) / 1000).toFixed(2)})`;
}

/** All figures the table and the Markdown need, with pass/fail against the issue's targets. */
function summarize({ P, results, machine, httpVersion, uiBatching, repeats, median }) {
	const t = results.timing;
	const runsOf = (key) => (t[key] ? t[key].runs : []);
	const med = (key, pick) => median(runsOf(key).map(pick));
	const min = (key, pick) => Math.min(...runsOf(key).map(pick));
	const all = (key, test) => runsOf(key).length > 0 && runsOf(key).every(test);
	const ideal = (P.n * P.latencyMs) / P.concurrency;
	const idealAtLimit = (P.n * P.latencyMs) / P.limit;
	const rows = [];
	const s = { P, machine, httpVersion, uiBatching, repeats, rows, results };

	if (t.node) {
		const ms = med('node', (r) => r.nodeMs);
		s.node = {
			ms,
			ratio: ideal / ms,
			okMin: min('node', (r) => r.ok),
			maxConcurrent: med('node', (r) => r.mock.maxConcurrent),
		};
		rows.push({
			group: '1',
			scenario: `${t.node.label}, ${P.n} items, ${P.latencyMs} ms latency`,
			figure: `${sec(ms)}${spread(runsOf('node').map((r) => r.nodeMs))}; ok ${s.node.okMin}/${P.n}; max in flight ${s.node.maxConcurrent}`,
			reference: `ideal ${sec(ideal)}`,
			ratio: `ideal/actual ${fixed(s.node.ratio)}`,
			target: 'ideal/actual ≥ 0.9',
			pass: s.node.ratio >= 0.9 && all('node', (r) => r.ok === P.n),
		});
	}
	if (t.nodeRl) {
		const ms = med('nodeRl', (r) => r.nodeMs);
		s.nodeRl = {
			ms,
			factor: ms / idealAtLimit,
			okMin: min('nodeRl', (r) => r.ok),
			rejected: med('nodeRl', (r) => r.mock.rejected429),
			duplicated: Math.max(...runsOf('nodeRl').map((r) => r.mock.duplicated)),
			lost: Math.max(...runsOf('nodeRl').map((r) => r.mock.lost)),
		};
		rows.push({
			group: '2',
			scenario: `${t.nodeRl.label} (429 + Retry-After ${P.retryAfterSeconds} s beyond it)`,
			figure: `${sec(ms)}${spread(runsOf('nodeRl').map((r) => r.nodeMs))}; ok ${s.nodeRl.okMin}/${P.n}; 429s ${s.nodeRl.rejected}; duplicated ${s.nodeRl.duplicated}, lost ${s.nodeRl.lost}`,
			reference: `ideal at the limit ${sec(idealAtLimit)}`,
			ratio: `actual/ideal ${fixed(s.nodeRl.factor)}`,
			target: `all ${P.n} ok, actual/ideal ≤ 1.5`,
			pass: s.nodeRl.factor <= 1.5 && all('nodeRl', (r) => r.ok === P.n && r.mock.duplicated === 0),
		});
	}
	if (t.nodeRlLong) {
		const n = P.longN;
		const idealLong = (n * P.latencyMs) / P.limit;
		const ms = med('nodeRlLong', (r) => r.nodeMs);
		s.nodeRlLong = {
			n,
			ms,
			ideal: idealLong,
			factor: ms / idealLong,
			okMin: min('nodeRlLong', (r) => r.ok),
			rejected: med('nodeRlLong', (r) => r.mock.rejected429),
			duplicated: Math.max(...runsOf('nodeRlLong').map((r) => r.mock.duplicated)),
		};
		rows.push({
			group: '2b',
			scenario: `${t.nodeRlLong.label} (beyond the issue: long enough for the gate to probe above the limit)`,
			figure: `${sec(ms)}${spread(runsOf('nodeRlLong').map((r) => r.nodeMs))}; ok ${s.nodeRlLong.okMin}/${n}; 429s ${s.nodeRlLong.rejected}; duplicated ${s.nodeRlLong.duplicated}`,
			reference: `ideal at the limit ${sec(idealLong)}`,
			ratio: `actual/ideal ${fixed(s.nodeRlLong.factor)}`,
			target: `all ${n} ok, actual/ideal ≤ 1.5`,
			pass:
				s.nodeRlLong.factor <= 1.5 &&
				all('nodeRlLong', (r) => r.ok === n && r.mock.duplicated === 0),
		});
	}
	const peer = (key, extra = '') => {
		if (!t[key]) return;
		const ms = med(key, (r) => r.nodeMs);
		const okMed = med(key, (r) => r.ok);
		const status = runsOf(key)[0].status;
		const rejected = med(key, (r) => r.mock.rejected429);
		const completed = med(key, (r) => r.mock.completed);
		s[key] = {
			ms,
			ok: okMed,
			rejected,
			completed,
			status,
			maxConcurrent: med(key, (r) => r.mock.maxConcurrent),
		};
		const limited = /limit/.test(t[key].label);
		const base = limited ? idealAtLimit : ideal;
		rows.push({
			group: '3',
			scenario: t[key].label,
			figure:
				`${sec(ms)}${spread(runsOf(key).map((r) => r.nodeMs))}; ok ${okMed}/${P.n}` +
				`${limited ? `; 429s ${rejected}; answered at the mock ${completed}; run ${status}` : ''}` +
				`; max in flight ${s[key].maxConcurrent}${extra}`,
			reference: limited
				? `ideal at the limit ${sec(idealAtLimit)}`
				: `ideal (c=${P.concurrency}) ${sec(ideal)}`,
			ratio: ms
				? `actual/ideal ${fixed(ms / base)}${s.node && !limited ? `; vs Reasoning Chat ${fixed(ms / s.node.ms)}×` : ''}`
				: 'n/a',
			target: 'peer baseline',
			pass: undefined,
		});
	};
	peer('http');
	peer('httpIssueBatch', ' (the batching the issue names)');
	peer(
		'httpUiBatch',
		` (the editor's default once Batching is added, HTTP Request v${httpVersion})`,
	);
	peer('httpRl');
	peer('httpRlContinue');
	peer('httpRlRetry');
	peer('httpRlIssueBatch');

	if (results.overhead.length) {
		const n = P.overheadN;
		const per = (loop) => median(results.overhead.map((r) => (r.node.nodeMs - r[loop].ms) / n));
		s.overhead = {
			nodeMs: median(results.overhead.map((r) => r.node.nodeMs)),
			httpMs: median(results.overhead.map((r) => r.httpLoop.ms)),
			newConnectionMs: median(results.overhead.map((r) => r.newConnectionLoop.ms)),
			fetchMs: median(results.overhead.map((r) => r.fetchLoop.ms)),
			perItemHttp: per('httpLoop'),
			perItemNewConnection: per('newConnectionLoop'),
			perItemFetch: per('fetchLoop'),
			okMin: Math.min(...results.overhead.map((r) => r.node.ok)),
			nodeCpu: median(results.overhead.map((r) => r.node.n8nCpuMs)),
			httpNodeCpu: median(results.overhead.map((r) => r.httpNode && r.httpNode.n8nCpuMs)),
			loopCpu: median(results.overhead.map((r) => r.httpLoop.cpuMs)),
			bodyBytes: results.overhead[0].httpLoop.bodyBytes,
		};
		const o = s.overhead;
		rows.push({
			group: '4',
			scenario: `Per-item overhead: Reasoning Chat, ${n} items, concurrency 1, latency 0, vs a plain sequential loop`,
			figure:
				`node ${sec(o.nodeMs)}${spread(results.overhead.map((r) => r.node.nodeMs))} = ${fixed(o.nodeMs / n)} ms/item (ok ${o.okMin}/${n}); ` +
				`loops: keep-alive ${fixed(o.httpMs / n)}, new connection per request ${fixed(o.newConnectionMs / n)}, fetch ${fixed(o.fetchMs / n)} ms/item; ` +
				`CPU per item: n8n running Reasoning Chat ${fixed(o.nodeCpu / n)} ms, n8n running HTTP Request (all at once) ${fixed(o.httpNodeCpu / n)} ms, the keep-alive loop ${fixed(o.loopCpu / n)} ms`,
			reference: 'node:http loop with one keep-alive connection, same Node 24, same bodies',
			ratio: `overhead ${fixed(o.perItemHttp)} ms/item (${fixed(o.perItemNewConnection)} vs a new connection per request, as n8n makes)`,
			target: '≤ 1 ms/item',
			pass: o.perItemHttp <= 1,
		});
	}

	s.memory = memoryReport.summarize(results.memory);
	return s;
}

/** The rows as a Markdown table (the same text goes to stdout). */
function rowsTable(list) {
	const header = [
		'#',
		'Scenario',
		'Measured (median of runs; range)',
		'Reference',
		'Ratio',
		'Target',
		'Result',
	];
	const rows = list.map((r) => [
		r.group,
		r.scenario,
		r.figure,
		r.reference,
		r.ratio,
		r.target,
		passFail(r.pass),
	]);
	const escape = (cell) => String(cell).replace(/\|/g, '\\|');
	return [header, header.map(() => '---'), ...rows]
		.map((row) => `| ${row.map(escape).join(' | ')} |`)
		.join('\n');
}

/** Every row measured in this run, memory phase included. */
function table(s) {
	return rowsTable([...s.rows, ...(s.memory ? s.memory.rows : [])]);
}

function markdown(s) {
	const m = s.machine;
	const lines = [];
	lines.push('# Benchmark results');
	lines.push('');
	lines.push(
		'Written by `npm run bench` (bench/run.js); issue 5 §6. A benchmark that prints figures, not a test.',
	);
	lines.push('');
	lines.push(`- Date: ${new Date().toISOString()}`);
	lines.push(
		`- Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}`,
	);
	lines.push(
		`- Load average (1/5/15 min) at start ${m.loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${m.loadEnd.map((x) => x.toFixed(2)).join(' / ')} (the machine is shared: other n8n instances may run)`,
	);
	lines.push(
		`- Node: ${m.n8nNode} runs n8n, the plain loops, the driver and the mock (\`npm run bench\` started it with ${m.systemNode})`,
	);
	lines.push(
		`- n8n ${m.n8nVersion} (\`n8n start\`, SQLite, regular mode), HTTP Request node v${s.httpVersion}`,
	);
	lines.push(
		`- Package: ${m.packageVersion}, commit ${m.commit}${m.variant && m.variant !== 'as-built' ? `, variant ${m.variant} (bench/variants.js)` : ''}`,
	);
	lines.push(
		`- Whole benchmark: ${s.durationS.toFixed(0)} s; timing scenarios run ${s.repeats}× each (interleaved), medians reported`,
	);
	lines.push('');
	lines.push('## Method');
	lines.push('');
	lines.push(
		'A throwaway n8n with the packed package installed as a community package, started with `n8n start` on free ports in `node_modules/.cache/reasoning-chat/bench/run-<pid>/`; ' +
			'the project mock provider (`test/mock-provider/cli.js`) in a separate process, reconfigured and reset over `/__mock/config` and `/__mock/reset` before every run. ' +
			'Every workflow is Manual Trigger → Set (raw JSON with the prompts) → Split Out → the node under test, imported with the n8n CLI and run over `POST /rest/workflows/:id/run`. ' +
			"Times are the node's own `executionTime` from the saved execution (the REST round trip and the other nodes are not in it); counts come from the output items and from the mock " +
			'(`completed`, `rejected429`, `maxConcurrent`, per-prompt successes for lost/duplicated items).',
	);
	lines.push('');
	lines.push(
		`- Ideal = items × latency / concurrency (${s.P.n} × ${s.P.latencyMs} ms / ${s.P.concurrency} = ${sec((s.P.n * s.P.latencyMs) / s.P.concurrency)}); ` +
			`at the limit the same with the provider's ${s.P.limit} in flight.`,
	);
	lines.push(
		`- Rate limit: the mock serves ${s.P.limit} requests at once and answers 429 with \`Retry-After: ${s.P.retryAfterSeconds}\` to any beyond that; the node keeps its default retries.`,
	);
	lines.push(
		`- HTTP Request peer: the same body (\`{model, messages:[{role:"user", content}]}\`, same size) and Authorization header; default settings, ` +
			`Batching ${s.P.issueBatching.batchSize} per ${s.P.issueBatching.batchInterval} ms as the issue names it, and ${s.uiBatching.batchSize} per ${s.uiBatching.batchInterval} ms, ` +
			`which is what the editor fills in when Batching is added to HTTP Request v${s.httpVersion} in n8n ${m.n8nVersion}.`,
	);
	lines.push(
		`- Overhead: ${s.P.overheadN} items at concurrency 1 against the mock at latency 0, node time minus a sequential loop of the same ${s.P.overheadN} requests ` +
			`(\`bench/http-loop.js\` on n8n's Node 24, ${s.overhead ? s.overhead.bodyBytes : '?'} B bodies, 20 warm-up requests: node:http on one kept-alive connection — the reference — ` +
			`node:http with a new connection per request, and fetch) divided by ${s.P.overheadN}. ` +
			"Reported from the node's executionTime in the real n8n: the REST path is outside that figure, so no in-process harness run is needed to remove it. " +
			`Because the machine is shared, the CPU time of the n8n main process (/proc/<pid>/stat) over the same run is given too, and over ${s.P.overheadN} items through the HTTP Request node (default settings).`,
	);
	lines.push('');
	lines.push('## Results');
	lines.push('');
	lines.push(rowsTable(s.rows));
	lines.push('');
	lines.push('## Interpretation');
	lines.push('');
	for (const line of interpretation(s)) lines.push(`- ${line}`);
	if (s.memory) {
		lines.push('');
		lines.push(memoryReport.markdownSection(s.memory, s.machine, rowsTable));
	}
	lines.push('');
	return lines.join('\n');
}

function interpretation(s) {
	const out = [];
	if (s.node) {
		out.push(
			`Throughput: ${s.P.n} items at concurrency ${s.P.concurrency} took ${sec(s.node.ms)} against an ideal of ${sec((s.P.n * s.P.latencyMs) / s.P.concurrency)} ` +
				`(${fixed(s.node.ratio)} of ideal; target 0.9: ${passFail(s.node.ratio >= 0.9)}). The mock never saw more than ${s.node.maxConcurrent} requests at once.`,
		);
	}
	if (s.nodeRl) {
		out.push(
			`Rate limit: with concurrency ${s.P.rlConcurrency} against a limit of ${s.P.limit}, ${s.nodeRl.okMin} of ${s.P.n} items succeeded in every run ` +
				`(${s.nodeRl.duplicated} duplicated, ${s.nodeRl.lost} lost at the mock), ${fixed(s.nodeRl.factor)}× the ideal at the limit, after ${s.nodeRl.rejected} 429s (median).`,
		);
	}
	if (s.nodeRlLong) {
		const probes = s.nodeRlLong.rejected - (s.P.rlConcurrency - s.P.limit);
		out.push(
			`Longer rate-limited batch (${s.nodeRlLong.n} items): ${fixed(s.nodeRlLong.factor)}× the ideal at the limit with ${s.nodeRlLong.rejected} 429s` +
				(probes > 0
					? `; the ${probes} after the first burst come from the gate raising its limit above what the provider allows, and each pauses the whole pool for the Retry-After.`
					: '.'),
		);
	}
	if (s.http && s.node) {
		out.push(
			`HTTP Request with default settings sends every item at once (max ${s.http.maxConcurrent} in flight at the mock) and finishes in ${sec(s.http.ms)}; ` +
				'it is faster than any concurrency-capped client but only because it ignores limits: ' +
				(s.httpRl
					? `under the ${s.P.limit}-request limit it got ${s.httpRl.rejected} 429s and the run ended in ${s.httpRl.status} with ${s.httpRl.completed} answers at the mock.`
					: ''),
		);
	}
	if (s.httpRlContinue) {
		out.push(
			`With On Error: Continue it returns ${s.httpRlContinue.ok} answers and ${s.P.n - s.httpRlContinue.ok} error items (${s.httpRlContinue.rejected} 429s).`,
		);
	}
	if (s.httpRlRetry) {
		out.push(
			`Retry On Fail re-runs the whole node: the mock answered ${s.httpRlRetry.completed} requests for ${s.P.n} items with ${s.httpRlRetry.rejected} 429s, run ${s.httpRlRetry.status}.`,
		);
	}
	if (s.httpIssueBatch && s.node) {
		out.push(
			`Batching ${s.P.issueBatching.batchSize}/${s.P.issueBatching.batchInterval} ms stays under the limit but waits a full interval per batch: ${sec(s.httpIssueBatch.ms)}, ` +
				`${fixed(s.httpIssueBatch.ms / s.node.ms)}× the Reasoning Chat node's time at the same ${s.P.concurrency} in flight` +
				(s.httpRlIssueBatch
					? `; under the limit ${s.httpRlIssueBatch.ok}/${s.P.n} ok in ${sec(s.httpRlIssueBatch.ms)}.`
					: '.'),
		);
	}
	if (s.httpUiBatch) {
		out.push(
			`The editor's default batching in n8n ${s.machine.n8nVersion} is ${s.uiBatching.batchSize}/${s.uiBatching.batchInterval} ms (not 10/1000 as the issue says): ` +
				`${sec(s.httpUiBatch.ms)} with up to ${s.httpUiBatch.maxConcurrent} in flight, i.e. it would overrun a limit of ${s.P.limit}.`,
		);
	}
	if (s.overhead) {
		out.push(
			`Overhead: ${fixed(s.overhead.nodeMs / s.P.overheadN)} ms per item in n8n vs ${fixed(s.overhead.httpMs / s.P.overheadN)} ms for a bare node:http request on a kept-alive connection: ` +
				`${fixed(s.overhead.perItemHttp)} ms per item (target 1 ms: ${passFail(s.overhead.perItemHttp <= 1)}). ` +
				`n8n's request helpers open a new connection for every request; a bare loop doing the same takes ${fixed(s.overhead.newConnectionMs / s.P.overheadN)} ms per request. ` +
				`In CPU per item, n8n spends ${fixed(s.overhead.nodeCpu / s.P.overheadN)} ms running Reasoning Chat and ${fixed(s.overhead.httpNodeCpu / s.P.overheadN)} ms running its own HTTP Request node for the same requests. ` +
				'`node bench/profile.js` breaks the node time down by package and function.',
		);
	}
	return out;
}

module.exports = { summarize, table, rowsTable, markdown };

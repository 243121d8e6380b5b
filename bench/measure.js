'use strict';
// One measured workflow run: prepare the mock, run the workflow over REST, and read the figures
// from the execution data (the node's executionTime) and from the mock's counters.

const { NODE } = require('./workflows');

function median(values) {
	const sorted = values
		.filter((v) => typeof v === 'number' && Number.isFinite(v))
		.sort((a, b) => a - b);
	if (!sorted.length) return undefined;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prompts (from `byPrompt`) answered more than once, and expected prompts never answered. */
function promptAccounting(stats, expectedPrompts) {
	let duplicated = 0;
	let lost = 0;
	for (const prompt of expectedPrompts) {
		const entry = stats.byPrompt[prompt];
		if (!entry || entry.successes === 0) lost++;
		else if (entry.successes > 1) duplicated++;
	}
	return { duplicated, lost };
}

/**
 * Counts the output items of the node under test: `ok` = answered correctly and in input order
 * (Reasoning Chat: answer `Answer: <prompt>`, HTTP Request: a chat completion), `errors` = items
 * that carry an error (On Error: Continue).
 */
function countItems(items, prompts, kind) {
	let ok = 0;
	let errors = 0;
	let outOfOrder = 0;
	items.forEach((item, i) => {
		const json = item.json || {};
		if (json.error) {
			errors++;
			return;
		}
		const answer =
			kind === 'reasoningChat'
				? json.answer
				: json.choices && json.choices[0] && json.choices[0].message.content;
		if (answer === `Answer: ${prompts[i]}`) ok++;
		else if (typeof answer === 'string') outOfOrder++;
	});
	return { ok, errors, outOfOrder };
}

/**
 * Runs `workflowId` once on `instance` with the mock prepared by `mockConfig`.
 * Returns the node's time and counts, plus the execution for callers that need more.
 */
async function measureRun(instance, mock, { workflowId, mockConfig, prompts, kind, runOptions }) {
	await mock.prepare(mockConfig);
	const execution = await instance.run(workflowId, runOptions);
	const stats = await mock.stats();
	const task = (execution.data.resultData.runData[NODE] || [])[0];
	const items = (task && task.data && task.data.main && task.data.main[0]) || [];
	const counts = countItems(items, prompts, kind);
	return {
		status: execution.status,
		nodeMs: task ? task.executionTime : undefined,
		executionMs: new Date(execution.stoppedAt) - new Date(execution.startedAt),
		nodeError: task && task.error ? task.error.message : undefined,
		items: items.length,
		...counts,
		mock: {
			chatRequests: stats.chatRequests,
			completed: stats.completed,
			rejected429: stats.rejected429,
			maxConcurrent: stats.maxConcurrent,
			aborted: stats.aborted,
			...promptAccounting(stats, prompts),
		},
		execution,
		task,
	};
}

module.exports = { median, measureRun, countItems, promptAccounting };

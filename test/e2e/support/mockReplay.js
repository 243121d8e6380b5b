'use strict';
// What the mock provider answered to each chat request of its request log, which records only
// requests: the assistant message it generated (non-streaming wire shape; a stream carries the
// same message in pieces) and whether its DeepSeek reasoning rule rejected the request (HTTP 400
// and DeepSeek's message). Computed with the mock's own modules (content.js, aiml.js,
// openrouter.js, rules.js) in the order the mock received the requests, so it is the mock's
// decision by construction. Failure directives (`mock:status=…` etc.) are not replayed.

const { buildPlan, lastUserText } = require('../../mock-provider/content');
const { parseDirectives, withoutFailures } = require('../../mock-provider/directives');
const { ReasoningMemory, checkReasoningRules, toolKey, answerKey } = require('../../mock-provider/rules');
const aiml = require('../../mock-provider/aiml');
const openRouter = require('../../mock-provider/openrouter');
const { DEFAULT_CONFIG } = require('../../mock-provider/server');

function isChat(request) {
	return request.method === 'POST' && request.path.includes('/chat/completions') && request.body && typeof request.body === 'object';
}

/** As server.js rememberTurn: what the mock requires back for a turn it answered. */
function remember(memory, provider, plan) {
	let requireReasoning;
	let details = null;
	if (provider === 'aiml') {
		requireReasoning = plan.reasoningPlacement === 'field' && plan.reasoningText !== '';
	} else {
		const f = openRouter.reasoningFields(plan);
		details = f.details ?? null;
		requireReasoning = (details !== null && details.length > 0) || (typeof f.reasoning === 'string' && f.reasoning !== '');
	}
	const rec = { requireReasoning, details };
	if (plan.toolCall) memory.remember(toolKey(provider, plan.toolCall.id), rec);
	else if (plan.answer) memory.remember(answerKey(provider, plan.answer), rec);
}

/**
 * @param {import('../../mock-provider/server').MockRecordedRequest[]} requests the mock's log
 * @param {{ toolRounds?: number, enforceReasoningRules?: boolean }} [config] the mock's config if not the default
 */
function replayChat(requests, config = {}) {
	const effective = { ...DEFAULT_CONFIG, ...config };
	const memory = new ReasoningMemory();
	const replies = [];
	for (const request of requests.filter(isChat)) {
		const provider = request.provider;
		const body = request.body;
		const plan = buildPlan(provider, body, withoutFailures(parseDirectives(lastUserText(body.messages || []))), effective);
		const violation = effective.enforceReasoningRules
			? checkReasoningRules(provider, body, memory, plan.reasoningOn && !plan.reasoningHidden)
			: null;
		if (violation) {
			replies.push({ request, status: 400, rule: violation.rule, error: violation.message, message: null });
			continue;
		}
		const wire = provider === 'aiml' ? aiml.completionBody(plan) : openRouter.completionBody(plan);
		remember(memory, provider, plan);
		replies.push({ request, status: 200, rule: null, error: null, message: wire.choices[0].message });
	}
	return replies;
}

module.exports = { replayChat };

'use strict';
// What the mock provider answered to each chat request of its request log, which records only
// requests: the assistant message it generated (non-streaming wire shape; a stream carries the
// same message in pieces) and whether its DeepSeek reasoning rule rejected the request (HTTP 400
// and DeepSeek's message). Computed with the mock's own modules (content.js, aiml.js,
// openrouter.js, deepseek.js, rules.js) in the order the mock received the requests, so it is the mock's
// decision by construction. Failure directives (`mock:status=…` etc.) are not replayed.

const { buildPlan, lastUserText } = require('../../mock-provider/content');
const { parseDirectives, withoutFailures } = require('../../mock-provider/directives');
const { ReasoningMemory, checkReasoningRules, rememberTurn } = require('../../mock-provider/rules');
const { flavourOf } = require('../../mock-provider/providers');
const { DEFAULT_CONFIG } = require('../../mock-provider/server');

function isChat(request) {
	return request.method === 'POST' && request.path.includes('/chat/completions') && request.body && typeof request.body === 'object';
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
		const flavour = flavourOf(provider);
		const wire = flavour.completionBody(plan);
		rememberTurn(memory, provider, plan, flavour.rememberedReasoning(plan));
		replies.push({ request, status: 200, rule: null, error: null, message: wire.choices[0].message });
	}
	return replies;
}

module.exports = { replayChat };

'use strict';
// DeepSeek's rules for reasoning in input messages (docs/providers.md, "DeepSeek reasoning"),
// enforced on requests:
//  - AIML, model id with "v3.2-exp": an assistant message without tool_calls must not carry
//    `reasoning_content` (V3.2-Exp answers 400).
//  - All: an assistant message with tool_calls must carry its reasoning back (AIML and DeepSeek:
//    non-empty `reasoning_content`; OpenRouter: `reasoning_details`, or a `reasoning`/`reasoning_content`
//    string), when the mock produced reasoning for that turn.
//  - OpenRouter: `reasoning_details` sent back must equal what the mock generated (OpenRouter
//    requires them unchanged). Streamed fragments may be sent back merged or as they came.
// The mock remembers what it generated per tool call id (and per answer text) in a bounded map.

const { contentText, canonicalJson } = require('./util');

/**
 * @typedef {{ requireReasoning: boolean, details: unknown[] | null }} TurnMemory
 */

class ReasoningMemory {
	/** @param {number} [limit] */
	constructor(limit = 20000) {
		this.limit = limit;
		/** @type {Map<string, TurnMemory>} */
		this.map = new Map();
	}

	/** @param {string} key @param {TurnMemory} value */
	remember(key, value) {
		this.map.delete(key);
		this.map.set(key, value);
		if (this.map.size > this.limit) {
			const oldest = this.map.keys().next().value;
			if (oldest !== undefined) this.map.delete(oldest);
		}
	}

	/** @param {string} key */
	get(key) {
		return this.map.get(key);
	}
}

/**
 * Remember what reasoning a turn the mock answered produced, for the rules of later requests.
 * @param {ReasoningMemory} memory @param {string} provider @param {import('./content').Plan} plan
 * @param {TurnMemory} rec what the provider requires back (its flavour's rememberedReasoning)
 */
function rememberTurn(memory, provider, plan, rec) {
	if (plan.toolCall) memory.remember(toolKey(provider, plan.toolCall.id), rec);
	else if (plan.answer) memory.remember(answerKey(provider, plan.answer), rec);
}

/** @param {string} provider @param {string} toolCallId */
function toolKey(provider, toolCallId) {
	return `${provider}:tool:${toolCallId}`;
}

/** @param {string} provider @param {string} content */
function answerKey(provider, content) {
	return `${provider}:answer:${content}`;
}

/**
 * Merge consecutive reasoning.text / reasoning.summary fragments of the same index, so that a
 * streamed sequence compares equal to the merged one.
 * @param {unknown[]} details
 */
function mergeDetails(details) {
	/** @type {any[]} */
	const out = [];
	for (const d of details) {
		const last = out[out.length - 1];
		if (
			d &&
			typeof d === 'object' &&
			last &&
			/** @type {any} */ (d).type === last.type &&
			/** @type {any} */ (d).index === last.index &&
			(last.type === 'reasoning.text' || last.type === 'reasoning.summary')
		) {
			const field = last.type === 'reasoning.text' ? 'text' : 'summary';
			const { [field]: piece, ...rest } = /** @type {any} */ (d);
			const { [field]: _prev, ...lastRest } = last;
			if (canonicalJson(rest) === canonicalJson(lastRest)) {
				last[field] = `${last[field] ?? ''}${piece ?? ''}`;
				continue;
			}
		}
		out.push(d && typeof d === 'object' ? { .../** @type {any} */ (d) } : d);
	}
	return out;
}

/** @param {unknown} v */
function nonEmptyString(v) {
	return typeof v === 'string' && v.length > 0;
}

/** @param {number} index */
function missingReasoningMessage(index) {
	return `Missing \`reasoning_content\` field in the assistant message at message index ${index}`;
}

/** DeepSeek's own JSON error text for `message`. @param {string} message */
function deepSeekRaw(message) {
	return JSON.stringify({
		error: { message, type: 'invalid_request_error', param: null, code: 'invalid_request_error' },
	});
}

/**
 * @typedef {{ rule: 'reasoning-in-input' | 'missing-reasoning' | 'modified-reasoning-details',
 *   index: number, message: string }} RuleViolation
 */

/**
 * @param {'aiml' | 'openRouter' | 'deepSeek'} provider
 * @param {any} body validated request body
 * @param {ReasoningMemory} memory
 * @param {boolean} reasoningOnNow does the current request ask for reasoning (used for tool
 *   calls the mock does not remember, e.g. from before a restart)
 * @returns {RuleViolation | null}
 */
function checkReasoningRules(provider, body, memory, reasoningOnNow) {
	const messages = body.messages;
	const v32exp = provider === 'aiml' && String(body.model).includes('v3.2-exp');
	for (let i = 0; i < messages.length; i++) {
		const m = messages[i];
		if (!m || m.role !== 'assistant') continue;
		const toolCalls = Array.isArray(m.tool_calls) && m.tool_calls.length > 0 ? m.tool_calls : null;
		if (!toolCalls && v32exp && m.reasoning_content !== undefined && m.reasoning_content !== null) {
			return {
				rule: 'reasoning-in-input',
				index: i,
				message:
					`Invalid assistant message at message index ${i}: the \`reasoning_content\` field is not supported in input messages. ` +
					'The reasoning_content is an intermediate result for display purposes only and will not be included in the context for inference. ' +
					'Please remove the reasoning_content from your message.',
			};
		}
		const firstId =
			toolCalls && toolCalls[0] && typeof toolCalls[0].id === 'string' ? toolCalls[0].id : null;
		if (toolCalls) {
			const remembered = firstId ? memory.get(toolKey(provider, firstId)) : undefined;
			const required = remembered ? remembered.requireReasoning : reasoningOnNow;
			const carried =
				provider !== 'openRouter'
					? nonEmptyString(m.reasoning_content)
					: (Array.isArray(m.reasoning_details) && m.reasoning_details.length > 0) ||
						nonEmptyString(m.reasoning) ||
						nonEmptyString(m.reasoning_content);
			if (required && !carried)
				return { rule: 'missing-reasoning', index: i, message: missingReasoningMessage(i) };
		}
		if (provider === 'openRouter' && Array.isArray(m.reasoning_details)) {
			const key = firstId
				? toolKey(provider, firstId)
				: answerKey(provider, contentText(m.content));
			const remembered = memory.get(key);
			if (
				remembered &&
				remembered.details &&
				canonicalJson(mergeDetails(remembered.details)) !==
					canonicalJson(mergeDetails(m.reasoning_details))
			) {
				return {
					rule: 'modified-reasoning-details',
					index: i,
					message:
						`Invalid reasoning_details in the assistant message at message index ${i}: reasoning_details must be passed back exactly as the model returned them ` +
						'(they may not be modified, reordered or truncated).',
				};
			}
		}
	}
	return null;
}

module.exports = {
	ReasoningMemory,
	rememberTurn,
	checkReasoningRules,
	mergeDetails,
	toolKey,
	answerKey,
	deepSeekRaw,
	missingReasoningMessage,
};

'use strict';
// Deterministic completions. `buildPlan` turns a chat request (plus the prompt's directives)
// into a provider-neutral "plan": answer, reasoning, where the reasoning goes, tool call,
// finish reason, usage, cost and ids. aiml.js / openrouter.js only give it their wire shape,
// so the streaming and non-streaming answers to the same request are equal by construction.

const {
	sha256,
	contentText,
	canonicalJson,
	tokensFor,
	roundUsd,
	cutAt,
	splitPieces,
} = require('./util');
const { parseDirectives, withoutFailures } = require('./directives');

/** USD per token, the same numbers the OpenRouter model list advertises. */
const PRICE_PROMPT = 0.0000003;
const PRICE_COMPLETION = 0.0000005;
/** AIML credits per USD (docs example: 3390 credits = 0.001695 USD). */
const AIML_CREDITS_PER_USD = 2000000;
/** Extra text added by `mock:split`, so split writes cut multi-byte UTF-8 characters. */
const SPLIT_ANSWER_SUFFIX = ' — café ☕ 🚀';
const SPLIT_REASONING_SUFFIX = ' — naïve 🤔';

/**
 * @typedef {'aiml' | 'openRouter' | 'deepSeek'} ProviderName
 * @typedef {{ id: string, name: string, arguments: string }} ToolCall
 * @typedef {{ promptTokens: number, completionTokens: number, totalTokens: number,
 *   reasoningTokens: number, cachedTokens: number, cacheMissTokens: number }} PlanUsage
 * @typedef {Object} Plan
 * @property {ProviderName} provider
 * @property {string} prompt            text of the last user message (directives included)
 * @property {Map<string, string | true>} directives  effective directives for this attempt
 * @property {string} requestedModel
 * @property {string} model             model id as reported back
 * @property {string} id                completion id (deterministic for the same request)
 * @property {number} created
 * @property {'text' | 'tool_calls'} kind
 * @property {boolean} reasoningOn      the model "thinks" on this request
 * @property {boolean} reasoningHidden  OpenRouter `reasoning.exclude` / `include_reasoning:false`
 * @property {'field' | 'tags' | 'close' | 'none'} reasoningPlacement
 * @property {string} reasoningText     text for the reasoning field ('' when placement is not 'field')
 * @property {string} fullReasoning     the reasoning R whatever its placement
 * @property {string} answer            final answer A without tags ('' on tool-call turns / length / empty)
 * @property {string} content           message.content as delivered (may hold think tags)
 * @property {string[]} contentPieces   how `content` is cut into stream deltas
 * @property {string} finishReason
 * @property {ToolCall | null} toolCall
 * @property {PlanUsage | null} usage   null with `mock:no-usage`
 * @property {number | null} cost       USD, null with `mock:no-usage` / `mock:no-cost`
 * @property {boolean} json
 */

/** Text of the last `user` message ('' when there is none). @param {any[]} messages */
function lastUserText(messages) {
	for (let i = messages.length - 1; i >= 0; i--) {
		const m = messages[i];
		if (m && m.role === 'user') return contentText(m.content);
	}
	return '';
}

/** @param {any} body @returns {any[]} function tools of the request */
function requestTools(body) {
	if (!Array.isArray(body.tools)) return [];
	return body.tools.filter(
		(t) => t && typeof t === 'object' && t.function && typeof t.function.name === 'string',
	);
}

/**
 * Sample value for a JSON schema: string → 'test input', number/integer → 3, boolean → true,
 * enum → its first value, object → every property, array → one item.
 * @param {any} schema @param {number} depth @returns {unknown}
 */
function sampleFor(schema, depth = 0) {
	if (!schema || typeof schema !== 'object') return 'test input';
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
	if ('const' in schema) return schema.const;
	let type = schema.type;
	if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'string';
	if (!type) {
		const alt = schema.anyOf || schema.oneOf || schema.allOf;
		if (Array.isArray(alt) && alt.length > 0) {
			const pick = alt.find((s) => s && s.type !== 'null') ?? alt[0];
			return sampleFor(pick, depth + 1);
		}
		if (schema.properties) type = 'object';
		else if (schema.items) type = 'array';
	}
	switch (type) {
		case 'number':
		case 'integer':
			return 3;
		case 'boolean':
			return true;
		case 'null':
			return null;
		case 'array':
			return depth > 4 ? [] : [sampleFor(schema.items, depth + 1)];
		case 'object': {
			/** @type {Record<string, unknown>} */
			const out = {};
			if (depth > 4) return out;
			const props =
				schema.properties && typeof schema.properties === 'object' ? schema.properties : {};
			for (const key of Object.keys(props)) out[key] = sampleFor(props[key], depth + 1);
			if (Array.isArray(schema.required)) {
				for (const key of schema.required) if (!(key in out)) out[key] = 'test input';
			}
			return out;
		}
		default:
			return 'test input';
	}
}

/** JSON arguments for a tool call, built from the tool's `parameters` schema. @param {any} tool */
function toolArguments(tool) {
	const params = tool.function.parameters;
	const value =
		params && typeof params === 'object' ? sampleFor({ type: 'object', ...params }) : {};
	return JSON.stringify(value);
}

/** @param {string} hex */
function uuidFromHex(hex) {
	const variant = '89ab'[parseInt(hex[16], 16) & 3];
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Does the request ask for JSON? `response_format` json_object/json_schema, the word "json" in a
 * system/developer message or in the prompt, or `mock:json-fence`.
 * @param {any} body @param {string} prompt @param {Map<string, string | true>} dirs
 */
function wantsJson(body, prompt, dirs) {
	const rf = body.response_format;
	if (rf && typeof rf === 'object' && (rf.type === 'json_object' || rf.type === 'json_schema'))
		return true;
	if (dirs.has('json-fence') || dirs.has('fenced')) return true;
	if (/\bjson\b/i.test(prompt)) return true;
	for (const m of body.messages) {
		if (
			m &&
			(m.role === 'system' || m.role === 'developer') &&
			/\bjson\b/i.test(contentText(m.content))
		)
			return true;
	}
	return false;
}

/**
 * Cut `content` into stream pieces. With think tags, `<think>` and `</think>` straddle piece
 * boundaries on purpose.
 * @param {string} content @param {'field' | 'tags' | 'close' | 'none'} placement
 */
function contentPiecesFor(content, placement) {
	if (!content) return [];
	const close = content.indexOf('</think>');
	if ((placement === 'tags' || placement === 'close') && close >= 0) {
		const rStart = placement === 'tags' ? 7 : 0;
		const aStart = close + 8;
		const cuts = [close + 3, aStart + Math.floor((content.length - aStart) / 2)];
		if (placement === 'tags') cuts.push(4);
		cuts.push(rStart + Math.floor((close - rStart) / 2));
		return cutAt(content, cuts);
	}
	return splitPieces(content, 4);
}

/**
 * @param {ProviderName} provider
 * @param {any} body     parsed, validated request body (model string, non-empty messages array)
 * @param {Map<string, string | true>} dirs  effective directives for this attempt
 * @param {{ toolRounds?: number }} config
 * @returns {Plan}
 */
function buildPlan(provider, body, dirs, config) {
	const messages = body.messages;
	const prompt = lastUserText(messages);
	const requestedModel = String(body.model);
	const firstModelDown =
		provider === 'openRouter' &&
		dirs.has('model-down') &&
		Array.isArray(body.models) &&
		body.models.length > 1;
	const model = firstModelDown
		? String(body.models[1])
		: provider === 'aiml' && requestedModel.includes('deepseek-thinking')
			? 'deepseek-reasoner'
			: requestedModel;

	let reasoningOn = true;
	let reasoningHidden = false;
	if (provider === 'aiml') {
		reasoningOn = !requestedModel.includes('non-thinking');
	} else if (provider === 'deepSeek') {
		reasoningOn = requestedModel !== 'deepseek-chat';
	} else {
		const r = body.reasoning && typeof body.reasoning === 'object' ? body.reasoning : null;
		reasoningOn = !(r && (r.enabled === false || r.effort === 'none'));
		reasoningHidden =
			reasoningOn && ((r !== null && r.exclude === true) || body.include_reasoning === false);
	}

	const tools = requestTools(body);
	const toolResults = messages
		.filter((m) => m && m.role === 'tool')
		.map((m) => contentText(m.content));
	const rounds = Math.min(tools.length, config.toolRounds ?? 2);
	const k = toolResults.length;
	const choice = body.tool_choice;
	const forced =
		choice &&
		typeof choice === 'object' &&
		choice.function &&
		typeof choice.function.name === 'string'
			? tools.find((t) => t.function.name === choice.function.name)
			: undefined;
	const isToolTurn = tools.length > 0 && choice !== 'none' && k < rounds;

	const hashBase = sha256(
		[
			provider,
			requestedModel,
			canonicalJson(messages),
			canonicalJson(body.tools ?? null),
			canonicalJson(body.response_format ?? null),
			reasoningOn ? 'r1' : 'r0',
			reasoningHidden ? 'h1' : 'h0',
		].join('\n'),
	);
	const id =
		provider === 'openRouter' ? `gen-${parseInt(hashBase.slice(0, 12), 16)}` : uuidFromHex(hashBase);

	const split = dirs.has('split');
	const fullReasoning = `Reasoning about: ${prompt}${split ? SPLIT_REASONING_SUFFIX : ''}`;
	const json = wantsJson(body, prompt, dirs);

	/** @type {ToolCall | null} */
	let toolCall = null;
	let answer = '';
	if (isToolTurn) {
		const tool = forced ?? tools[k % tools.length];
		toolCall = {
			id: `call_${sha256(`${hashBase}:tool:${k}`).slice(0, 24)}`,
			name: tool.function.name,
			arguments: toolArguments(tool),
		};
	} else if (json) {
		/** @type {Record<string, unknown>} */
		const rf = body.response_format;
		const schema = rf && rf.type === 'json_schema' && rf.json_schema ? rf.json_schema.schema : null;
		// Structured output (json_schema): an object built from the schema, as a strict provider
		// would; `mock:json-wrong` breaks it on purpose.
		/** @type {Record<string, unknown>} */
		const obj =
			schema && !dirs.has('json-wrong')
				? /** @type {Record<string, unknown>} */ (sampleFor(schema))
				: { prompt, ok: dirs.has('json-wrong') ? 'yes' : true };
		if (tools.length > 0) obj.tools = toolResults;
		if (split) obj.note = SPLIT_ANSWER_SUFFIX.trim();
		answer = JSON.stringify(obj);
		if (dirs.has('json-fence') || dirs.has('fenced')) answer = `\`\`\`json\n${answer}\n\`\`\``;
	} else {
		answer = `Answer: ${prompt}${tools.length > 0 ? ` | tools: ${toolResults.join(' ; ')}` : ''}${split ? SPLIT_ANSWER_SUFFIX : ''}`;
	}

	let finishReason = isToolTurn ? 'tool_calls' : 'stop';
	let reasoningTokens = reasoningOn ? tokensFor(fullReasoning) : 0;
	/** @type {'field' | 'tags' | 'close' | 'none'} */
	let placement = reasoningOn && !reasoningHidden ? 'field' : 'none';
	let reasoningText = placement === 'field' ? fullReasoning : '';
	let content = answer;

	if (!isToolTurn && dirs.has('empty-content')) {
		answer = '';
		content = '';
		reasoningTokens = 0;
		placement = provider !== 'openRouter' && reasoningOn ? 'field' : 'none';
		reasoningText = '';
	} else {
		if (
			!isToolTurn &&
			placement === 'field' &&
			(dirs.has('think-tags') || dirs.has('think-close'))
		) {
			placement = dirs.has('think-tags') ? 'tags' : 'close';
			reasoningText = '';
			content =
				placement === 'tags'
					? `<think>${fullReasoning}</think>${answer}`
					: `${fullReasoning}</think>${answer}`;
		}
		if (placement === 'field' && dirs.has('empty-reasoning')) reasoningText = '';
		if (!isToolTurn && dirs.has('length')) {
			finishReason = 'length';
			answer = '';
			content =
				placement === 'tags'
					? `<think>${fullReasoning}</think>`
					: placement === 'close'
						? `${fullReasoning}</think>`
						: '';
		}
	}

	const answerTokens = tokensFor(answer);
	const toolTokens = toolCall ? tokensFor(toolCall.name + toolCall.arguments) : 0;
	let promptTokens = 0;
	for (const m of messages) {
		promptTokens += 3 + tokensFor(contentText(m && m.content));
		if (m && Array.isArray(m.tool_calls)) promptTokens += tokensFor(JSON.stringify(m.tool_calls));
	}
	const completionTokens = answerTokens + reasoningTokens + toolTokens;
	const cachedRequested = Number(dirs.get('cached'));
	const cachedTokens = Number.isFinite(cachedRequested)
		? Math.max(0, Math.min(promptTokens, Math.floor(cachedRequested)))
		: 0;

	/** @type {PlanUsage | null} */
	const usage = dirs.has('no-usage')
		? null
		: {
				promptTokens,
				completionTokens,
				totalTokens: promptTokens + completionTokens,
				reasoningTokens,
				cachedTokens,
				cacheMissTokens: promptTokens - cachedTokens,
			};
	// DeepSeek's own API reports no cost.
	const cost =
		usage === null || dirs.has('no-cost') || provider === 'deepSeek'
			? null
			: roundUsd(promptTokens * PRICE_PROMPT + completionTokens * PRICE_COMPLETION);

	return {
		provider,
		prompt,
		directives: dirs,
		requestedModel,
		model,
		id,
		created: Math.floor(Date.now() / 1000),
		kind: isToolTurn ? 'tool_calls' : 'text',
		reasoningOn,
		reasoningHidden,
		reasoningPlacement: placement,
		reasoningText,
		fullReasoning,
		answer,
		content,
		contentPieces: contentPiecesFor(content, placement),
		finishReason,
		toolCall,
		usage,
		cost,
		json,
	};
}

/**
 * What a correct client should make of the mock's successful answer to `body` (the normalized
 * output item of the README: answer, reasoning, usage, model, finishReason, id). Failure directives
 * are ignored (it is the answer once `fail-times` is used up). For an AIML stream without
 * `stream_options.include_usage` the real usage is zeros and cost null instead (same for DeepSeek).
 * @param {ProviderName} provider @param {any} body @param {{ toolRounds?: number }} [config]
 */
function expectedCompletion(provider, body, config = {}) {
	const prompt = lastUserText(body.messages || []);
	const plan = buildPlan(provider, body, withoutFailures(parseDirectives(prompt)), config);
	let reasoning = plan.reasoningText;
	if (plan.reasoningPlacement === 'tags' || plan.reasoningPlacement === 'close')
		reasoning = plan.fullReasoning;
	if (
		provider === 'openRouter' &&
		plan.reasoningPlacement === 'field' &&
		plan.directives.has('encrypted')
	)
		reasoning = '';
	return {
		answer: plan.answer,
		reasoning,
		usage: {
			promptTokens: plan.usage ? plan.usage.promptTokens : 0,
			completionTokens: plan.usage ? plan.usage.completionTokens : 0,
			totalTokens: plan.usage ? plan.usage.totalTokens : 0,
			reasoningTokens: plan.usage ? plan.usage.reasoningTokens : 0,
			cachedTokens: plan.usage ? plan.usage.cachedTokens : 0,
			cost: plan.cost,
		},
		model: plan.model,
		finishReason: plan.finishReason,
		id: plan.id,
		toolCalls: plan.toolCall
			? [
					{
						id: plan.toolCall.id,
						name: plan.toolCall.name,
						arguments: JSON.parse(plan.toolCall.arguments),
					},
				]
			: [],
	};
}

module.exports = {
	buildPlan,
	expectedCompletion,
	lastUserText,
	sampleFor,
	PRICE_PROMPT,
	PRICE_COMPLETION,
	AIML_CREDITS_PER_USD,
};

'use strict';
// OpenRouter wire shapes: error bodies, chat completion bodies and stream chunks (with
// `reasoning` + `reasoning_details`), the public model list and the /key answer, and how the
// server answers OpenRouter requests (routes, rejections, rule violations).
// docs/providers.md, OpenRouter, describes the real service.

const { STATUS_CODES } = require('node:http');
const { splitPieces, roundUsd } = require('./util');
const { PRICE_PROMPT, PRICE_COMPLETION } = require('./content');
const { deepSeekRaw } = require('./rules');

const NAME = 'openRouter';
const UPSTREAM = 'DeepSeek';

/**
 * `{error:{code, message, metadata}}` (metadata only when given).
 * @param {number | string} code @param {string} message @param {Record<string, unknown>} [metadata]
 */
function errorBody(code, message, metadata) {
	/** @type {Record<string, unknown>} */
	const error = { code, message };
	if (metadata) error.metadata = metadata;
	return { error };
}

/**
 * The error a `mock:status=NNN` directive produces (realistic message and metadata per status).
 * @param {number} status @param {string} model
 * @returns {{ status: number, body: unknown, headers: Record<string, string> }}
 */
function statusError(status, model) {
	/** @type {[string, Record<string, unknown> | undefined]} */
	let spec;
	switch (status) {
		case 400:
			spec = [
				'Invalid request: the request body did not pass validation',
				{ error_type: 'invalid_request' },
			];
			break;
		case 401:
			spec = ['No auth credentials found', { error_type: 'authentication' }];
			break;
		case 402:
			spec = [
				'Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits',
				{ error_type: 'payment_required' },
			];
			break;
		case 403:
			spec = [
				`${model} requires moderation on OpenAI. Your input was flagged for "harassment". No credits were charged.`,
				{
					reasons: ['harassment'],
					flagged_input: 'some flagged input...',
					provider_name: 'OpenAI',
					model_slug: model,
					error_type: 'content_policy_violation',
				},
			];
			break;
		case 404:
			spec = [`No endpoints found for ${model}.`, { error_type: 'no_endpoints' }];
			break;
		case 408:
			spec = ['Request timed out', { error_type: 'timeout' }];
			break;
		case 413:
			spec = ['Request payload too large', { error_type: 'invalid_request' }];
			break;
		case 422:
			spec = [
				'Unprocessable request: the input could not be processed',
				{ error_type: 'invalid_request' },
			];
			break;
		case 429:
			spec = [
				`${model} is temporarily rate-limited upstream. Please retry shortly.`,
				{
					error_type: 'rate_limit_exceeded',
					provider_name: UPSTREAM,
					raw: `${model} is temporarily rate-limited upstream`,
				},
			];
			break;
		case 500:
			spec = ['Internal Server Error', { error_type: 'server' }];
			break;
		case 502:
			spec = [
				'Provider returned error',
				{
					error_type: 'provider_unavailable',
					provider_name: UPSTREAM,
					raw: 'upstream connect error or disconnect/reset before headers',
				},
			];
			break;
		case 503:
			spec = [
				'No available provider could handle the request: provider overloaded',
				{ error_type: 'provider_overloaded' },
			];
			break;
		case 524:
			spec = ['Request timed out at the edge network', { error_type: 'timeout' }];
			break;
		case 529:
			spec = [
				'Provider is overloaded',
				{ error_type: 'provider_overloaded', provider_name: UPSTREAM },
			];
			break;
		default:
			spec = [STATUS_CODES[status] || `HTTP ${status}`, undefined];
	}
	return { status, body: errorBody(status, spec[0], spec[1]), headers: {} };
}

/** @param {import('./content').PlanUsage} u @param {number | null} cost */
function usageObject(u, cost) {
	/** @type {Record<string, unknown>} */
	const usage = {
		prompt_tokens: u.promptTokens,
		completion_tokens: u.completionTokens,
		total_tokens: u.totalTokens,
	};
	if (cost !== null) usage.cost = cost;
	usage.is_byok = false;
	usage.prompt_tokens_details = { cached_tokens: u.cachedTokens, cache_write_tokens: 0 };
	if (cost !== null) {
		usage.cost_details = {
			upstream_inference_cost: null,
			upstream_inference_prompt_cost: roundUsd(u.promptTokens * PRICE_PROMPT),
			upstream_inference_completions_cost: roundUsd(u.completionTokens * PRICE_COMPLETION),
		};
	}
	usage.completion_tokens_details = { reasoning_tokens: u.reasoningTokens };
	return usage;
}

const UNKNOWN_DETAIL = {
	type: 'reasoning.mystery',
	index: 1,
	format: 'unknown',
	payload: 'opaque value a client must skip',
};

/**
 * The reasoning fields of the assistant message: `reasoning` (string|null) and
 * `reasoning_details` (array, or undefined = key absent).
 * @param {import('./content').Plan} plan
 * @returns {{ reasoning: string | null, details: Record<string, unknown>[] | undefined }}
 */
function reasoningFields(plan) {
	if (plan.reasoningPlacement !== 'field') return { reasoning: null, details: undefined };
	const d = plan.directives;
	const r = plan.reasoningText;
	if (r === '') return { reasoning: '', details: [] };
	/** @type {Record<string, unknown>[]} */
	let details;
	let reasoning = d.has('details-only') ? null : r;
	if (d.has('encrypted')) {
		details = [
			{
				type: 'reasoning.encrypted',
				data: Buffer.from(r, 'utf8').toString('base64'),
				format: 'unknown',
				index: 0,
			},
		];
		reasoning = null;
	} else if (d.has('summary')) {
		details = [{ type: 'reasoning.summary', summary: r, format: 'unknown', index: 0 }];
	} else {
		details = [{ type: 'reasoning.text', text: r, format: 'unknown', index: 0 }];
	}
	if (d.has('unknown-detail')) details.push({ ...UNKNOWN_DETAIL });
	return { reasoning, details };
}

/** @param {import('./content').Plan} plan */
function toolCallsOf(plan) {
	if (!plan.toolCall) return undefined;
	const tc = plan.toolCall;
	return [
		{ id: tc.id, type: 'function', index: 0, function: { name: tc.name, arguments: tc.arguments } },
	];
}

/** Non-streaming body. @param {import('./content').Plan} plan */
function completionBody(plan) {
	const { reasoning, details } = reasoningFields(plan);
	/** @type {Record<string, unknown>} */
	const message = { role: 'assistant', content: plan.content, refusal: null, reasoning };
	if (details !== undefined) message.reasoning_details = details;
	const toolCalls = toolCallsOf(plan);
	if (toolCalls) message.tool_calls = toolCalls;
	/** @type {Record<string, unknown>} */
	const body = {
		id: plan.id,
		provider: UPSTREAM,
		model: plan.model,
		object: 'chat.completion',
		created: plan.created,
		choices: [
			{
				logprobs: null,
				finish_reason: plan.finishReason,
				native_finish_reason: plan.finishReason,
				index: 0,
				message,
			},
		],
	};
	if (plan.usage) body.usage = usageObject(plan.usage, plan.cost);
	return body;
}

/** @param {Record<string, string | string[] | undefined>} _reqHeaders @param {{ plan?: import('./content').Plan }} [opts] */
function responseHeaders(_reqHeaders, opts = {}) {
	/** @type {Record<string, string>} */
	const h = {};
	if (opts.plan) h['x-generation-id'] = opts.plan.id;
	return h;
}

/** @param {import('./content').Plan} plan @param {Record<string, unknown>} delta @param {string | null} finish */
function chunk(plan, delta, finish) {
	return {
		id: plan.id,
		provider: UPSTREAM,
		model: plan.model,
		object: 'chat.completion.chunk',
		created: plan.created,
		choices: [
			{ index: 0, delta, finish_reason: finish, native_finish_reason: finish, logprobs: null },
		],
	};
}

/** Stream deltas in order (first, reasoning, tool call or content). @param {import('./content').Plan} plan */
function streamDeltas(plan) {
	/** @type {{ phase: string, delta: Record<string, unknown> }[]} */
	const out = [{ phase: 'start', delta: { role: 'assistant', content: '' } }];
	const { details } = reasoningFields(plan);
	if (details && details.length > 0) {
		const d = plan.directives;
		if (d.has('encrypted')) {
			out.push({
				phase: 'reasoning',
				delta: { role: 'assistant', content: '', reasoning: null, reasoning_details: [details[0]] },
			});
		} else {
			const summary = d.has('summary');
			for (const piece of splitPieces(plan.reasoningText, 4)) {
				const detail = summary
					? { type: 'reasoning.summary', summary: piece, format: 'unknown', index: 0 }
					: { type: 'reasoning.text', text: piece, format: 'unknown', index: 0 };
				out.push({
					phase: 'reasoning',
					delta: {
						role: 'assistant',
						content: '',
						reasoning: d.has('details-only') ? null : piece,
						reasoning_details: [detail],
					},
				});
			}
		}
		if (d.has('unknown-detail')) {
			out.push({
				phase: 'reasoning',
				delta: {
					role: 'assistant',
					content: '',
					reasoning: null,
					reasoning_details: [{ ...UNKNOWN_DETAIL }],
				},
			});
		}
	}
	if (plan.toolCall) {
		const tc = plan.toolCall;
		const args = splitPieces(tc.arguments, 3);
		out.push({
			phase: 'tool',
			delta: {
				role: 'assistant',
				tool_calls: [
					{
						index: 0,
						id: tc.id,
						type: 'function',
						function: { name: tc.name, arguments: args[0] ?? '' },
					},
				],
			},
		});
		for (const piece of args.slice(1)) {
			out.push({
				phase: 'tool',
				delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] },
			});
		}
	}
	for (const piece of plan.contentPieces)
		out.push({ phase: 'content', delta: { role: 'assistant', content: piece } });
	return out;
}

/** Final usage chunk, always sent (unless `mock:no-usage`). @param {import('./content').Plan} plan @param {any} _body */
function usageChunk(plan, _body) {
	if (!plan.usage) return null;
	return {
		id: plan.id,
		provider: UPSTREAM,
		model: plan.model,
		object: 'chat.completion.chunk',
		created: plan.created,
		choices: [],
		usage: usageObject(plan.usage, plan.cost),
	};
}

/** Mid-stream error chunk, as on the streaming docs page. @param {import('./content').Plan} plan */
function midErrorChunk(plan) {
	return {
		id: plan.id,
		provider: UPSTREAM,
		model: plan.model,
		object: 'chat.completion.chunk',
		created: plan.created,
		error: {
			code: 'server_error',
			message: 'Provider disconnected unexpectedly',
			metadata: { error_type: 'provider_unavailable', provider_name: UPSTREAM },
		},
		choices: [
			{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: 'error' },
		],
	};
}

/** 200 body with `choices[0].finish_reason:'error'` and `choices[0].error`. @param {import('./content').Plan} plan */
function errorIn200Body(plan) {
	/** @type {Record<string, unknown>} */
	const body = {
		id: plan.id,
		provider: UPSTREAM,
		model: plan.model,
		object: 'chat.completion',
		created: plan.created,
		choices: [
			{
				logprobs: null,
				finish_reason: 'error',
				native_finish_reason: 'error',
				index: 0,
				message: { role: 'assistant', content: '', refusal: null, reasoning: null },
				error: {
					code: 502,
					message: 'Upstream error',
					metadata: { error_type: 'provider_unavailable' },
				},
			},
		],
	};
	if (plan.usage) body.usage = usageObject(plan.usage, plan.cost);
	return body;
}

const SUPPORTED_DEEPSEEK = [
	'frequency_penalty',
	'include_reasoning',
	'logit_bias',
	'max_tokens',
	'min_p',
	'presence_penalty',
	'reasoning',
	'repetition_penalty',
	'response_format',
	'seed',
	'stop',
	'structured_outputs',
	'temperature',
	'tool_choice',
	'tools',
	'top_k',
	'top_p',
];

/** @param {string} id @param {string} name @param {number} ctx @param {string[]} params @param {Record<string, unknown> | null} reasoning */
function model(id, name, ctx, params, reasoning) {
	return {
		id,
		canonical_slug: id,
		name,
		created: 1759104000,
		description: `${name} (mock)`,
		context_length: ctx,
		architecture: {
			modality: 'text->text',
			input_modalities: ['text'],
			output_modalities: ['text'],
			tokenizer: 'Other',
		},
		pricing: {
			prompt: String(PRICE_PROMPT.toFixed(7)),
			completion: String(PRICE_COMPLETION.toFixed(7)),
			request: '0',
			image: '0',
			internal_reasoning: '0',
		},
		top_provider: { context_length: ctx, max_completion_tokens: 65536, is_moderated: false },
		per_request_limits: null,
		supported_parameters: params,
		reasoning,
	};
}

const MODELS = [
	model('deepseek/deepseek-v3.2-exp', 'DeepSeek: DeepSeek V3.2 Exp', 163840, SUPPORTED_DEEPSEEK, {
		default_enabled: true,
		default_effort: null,
		supported_efforts: [],
		supports_max_tokens: false,
		mandatory: false,
	}),
	model('deepseek/deepseek-v3.2', 'DeepSeek: DeepSeek V3.2', 163840, SUPPORTED_DEEPSEEK, {
		default_enabled: true,
		default_effort: null,
		supported_efforts: [],
		supports_max_tokens: false,
		mandatory: false,
	}),
	model(
		'deepseek/deepseek-r1',
		'DeepSeek: R1',
		163840,
		['include_reasoning', 'max_tokens', 'reasoning', 'seed', 'stop', 'temperature', 'top_p'],
		{
			default_enabled: true,
			default_effort: null,
			supported_efforts: [],
			supports_max_tokens: false,
			mandatory: true,
		},
	),
	model(
		'openai/gpt-4o-mini',
		'OpenAI: GPT-4o-mini',
		128000,
		[
			'max_tokens',
			'response_format',
			'seed',
			'stop',
			'temperature',
			'tool_choice',
			'tools',
			'top_p',
		],
		null,
	),
];

function modelList() {
	return { data: MODELS, total_count: MODELS.length };
}

function keyInfo() {
	return {
		data: {
			label: 'mock key',
			limit: null,
			limit_remaining: null,
			limit_reset: null,
			usage: 0,
			usage_daily: 0,
			usage_weekly: 0,
			usage_monthly: 0,
			is_free_tier: false,
			is_management_key: false,
		},
	};
}

const PREFIX = '/openrouter/api/v1';
const CHAT_PATH = '/chat/completions';
const KEEPALIVE = ': OPENROUTER PROCESSING\n\n';

/** Error body for any status. @param {number} status @param {string} message @param {string} _path @param {Record<string, unknown>} [metadata] */
function error(status, message, _path, metadata) {
	return errorBody(status, message, metadata);
}

/** What OpenRouter says when the server rejects a request itself. */
const TEXT = {
	/** @param {string | null} key */
	unauthorized: (key) => (key ? 'User not found.' : 'No auth credentials found'),
	busy: 'Rate limit exceeded: too many concurrent requests',
	rateLimited: 'Rate limit exceeded. Please retry shortly.',
	serverError: 'Internal Server Error',
	invalidJson: 'Invalid JSON in request body',
	notObject: () => 'Invalid request body',
	noModel: () => 'No models provided',
	noMessages: 'Input required: specify "prompt" or "messages"',
};

/** OpenRouter's own rate-limit headers on a 429 it decides. @param {number | null} retryAfterSeconds */
function rateLimitHeaders(retryAfterSeconds) {
	return {
		'x-ratelimit-limit': '20',
		'x-ratelimit-remaining': '0',
		'x-ratelimit-reset': String(Date.now() + 1000 * (retryAfterSeconds ?? 1)),
	};
}

/** @param {string} subPath @returns {'keyCheck' | 'models' | null} */
function infoRoute(subPath) {
	if (subPath === '/key') return 'keyCheck';
	if (subPath === '/models') return 'models';
	return null;
}

/** GET /key. @param {boolean} valid @param {string | null} key */
function keyCheck(valid, key) {
	return valid
		? { status: 200, body: keyInfo(), headers: {} }
		: { status: 401, body: errorBody(401, key ? 'User not found.' : 'No auth credentials found'), headers: {} };
}

/** The public model list: any key or none. */
function models() {
	return { status: 200, body: modelList() };
}

/**
 * A reasoning rule broken: OpenRouter's own check of `reasoning_details`, or DeepSeek's error
 * passed through in `metadata.raw`. @param {{ rule: string, message: string }} violation
 */
function violationBody(violation) {
	if (violation.rule === 'modified-reasoning-details') {
		return errorBody(400, violation.message, { error_type: 'invalid_request' });
	}
	return errorBody(400, 'Provider returned error', {
		raw: deepSeekRaw(violation.message),
		provider_name: UPSTREAM,
	});
}

/** `mock:echo-key`. @param {string} auth */
function echoKeyBody(auth) {
	return errorBody(400, `Provider returned error for request with Authorization: ${auth}`, {
		raw: JSON.stringify({ error: { message: 'invalid request', authorization: auth } }),
		provider_name: UPSTREAM,
	});
}

function notFoundBody() {
	return errorBody(404, 'Not Found');
}

/** What a later request must carry back for a turn the mock answered. @param {import('./content').Plan} plan */
function rememberedReasoning(plan) {
	const f = reasoningFields(plan);
	const details = f.details ?? null;
	return {
		requireReasoning:
			(details !== null && details.length > 0) || (typeof f.reasoning === 'string' && f.reasoning !== ''),
		details,
	};
}

module.exports = {
	NAME,
	PREFIX,
	CHAT_PATH,
	KEEPALIVE,
	error,
	TEXT,
	rateLimitHeaders,
	infoRoute,
	keyCheck,
	models,
	violationBody,
	echoKeyBody,
	notFoundBody,
	rememberedReasoning,
	errorBody,
	statusError,
	reasoningFields,
	completionBody,
	responseHeaders,
	chunk,
	streamDeltas,
	usageChunk,
	midErrorChunk,
	errorIn200Body,
	modelList,
	keyInfo,
};

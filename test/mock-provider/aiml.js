'use strict';
// AIML API wire shapes: error bodies, chat completion bodies and stream chunks, the public
// model list and the billing (key check) answer, and how the server answers AIML requests
// (routes, rejections, rule violations). docs/providers.md, AIML API, describes the real service.

const { randomUUID } = require('node:crypto');
const { STATUS_CODES } = require('node:http');
const { roundUsd, splitPieces } = require('./util');
const { AIML_CREDITS_PER_USD } = require('./content');

const NAME = 'aiml';

/** @param {number} status @param {string} model */
function statusMessage(status, model) {
	switch (status) {
		case 400:
			return 'Body validation error!';
		case 401:
			return 'This request requires a valid API key. Provide it as "Authorization: Bearer <key>"; get one at https://aimlapi.com/app/keys';
		case 403:
			return "You've run out of credits. Please top up your balance";
		case 404:
			return `Model ${model} is deprecated and no longer available. Please switch to a newer model.`;
		case 429:
			return 'Too Many Requests';
		case 500:
			return 'Internal server error';
		case 502:
			return 'Bad Gateway';
		case 503:
			return `Model ${model} is temporarily unavailable. Please try again later.`;
		case 504:
			return 'Generation timeout';
		default:
			return STATUS_CODES[status] || `HTTP ${status}`;
	}
}

/**
 * AIML error body `{statusCode, message, path, requestId, timestamp}`.
 * @param {number} status @param {string} message @param {string} path path without the /aiml prefix
 */
function errorBody(status, message, path) {
	return {
		statusCode: status,
		message,
		path,
		requestId: randomUUID(),
		timestamp: new Date().toISOString(),
	};
}

/** The error a `mock:status=NNN` directive produces. @param {number} status @param {string} model @param {string} path */
function statusError(status, model, path) {
	return { status, body: errorBody(status, statusMessage(status, model), path), headers: {} };
}

/** @param {number} usd */
function credits(usd) {
	return Math.round(usd * AIML_CREDITS_PER_USD);
}

/** @param {import('./content').PlanUsage} u */
function usageObject(u) {
	return {
		prompt_tokens: u.promptTokens,
		completion_tokens: u.completionTokens,
		total_tokens: u.totalTokens,
		prompt_tokens_details: { cached_tokens: u.cachedTokens },
		completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
		prompt_cache_hit_tokens: u.cachedTokens,
		prompt_cache_miss_tokens: u.cacheMissTokens,
	};
}

/** @param {import('./content').Plan} plan */
function toolCallsOf(plan) {
	if (!plan.toolCall) return undefined;
	const tc = plan.toolCall;
	return [{ id: tc.id, type: 'function', function: { name: tc.name, arguments: tc.arguments } }];
}

/** Non-streaming body. @param {import('./content').Plan} plan */
function completionBody(plan) {
	/** @type {Record<string, unknown>} */
	const message = { role: 'assistant', content: plan.content };
	if (plan.reasoningPlacement === 'field') message.reasoning_content = plan.reasoningText;
	const toolCalls = toolCallsOf(plan);
	if (toolCalls) message.tool_calls = toolCalls;
	/** @type {Record<string, unknown>} */
	const body = {
		id: plan.id,
		object: 'chat.completion',
		created: plan.created,
		model: plan.model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
		system_fingerprint: 'fp_mock',
	};
	if (plan.usage) body.usage = usageObject(plan.usage);
	if (plan.cost !== null)
		body.meta = { usage: { credits_used: credits(plan.cost), usd_spent: roundUsd(plan.cost) } };
	return body;
}

/**
 * Headers of every AIML chat answer; cost headers only on non-streaming successes.
 * @param {Record<string, string | string[] | undefined>} reqHeaders
 * @param {{ plan?: import('./content').Plan, stream?: boolean }} [opts]
 */
function responseHeaders(reqHeaders, opts = {}) {
	/** @type {Record<string, string>} */
	const h = { 'x-inference-id': randomUUID() };
	const clientId = reqHeaders['x-client-request-id'];
	if (typeof clientId === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(clientId))
		h['x-client-request-id'] = clientId;
	if (opts.plan && !opts.stream && opts.plan.cost !== null) {
		h['x-aimlapi-usd-spent'] = String(roundUsd(opts.plan.cost));
		h['x-aimlapi-credits-used'] = String(credits(opts.plan.cost));
	}
	return h;
}

/** @param {import('./content').Plan} plan @param {Record<string, unknown>} delta @param {string | null} finish */
function chunk(plan, delta, finish) {
	return {
		id: plan.id,
		object: 'chat.completion.chunk',
		created: plan.created,
		model: plan.model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	};
}

/** Stream deltas in order (first, reasoning, tool call or content). @param {import('./content').Plan} plan */
function streamDeltas(plan) {
	const field = plan.reasoningPlacement === 'field';
	/** @type {{ phase: string, delta: Record<string, unknown> }[]} */
	const out = [
		{
			phase: 'start',
			delta: field
				? { role: 'assistant', content: null, reasoning_content: '' }
				: { role: 'assistant', content: '' },
		},
	];
	if (field) {
		for (const piece of splitPieces(plan.reasoningText, 4)) {
			out.push({ phase: 'reasoning', delta: { content: null, reasoning_content: piece } });
		}
	}
	if (plan.toolCall) {
		const tc = plan.toolCall;
		const args = splitPieces(tc.arguments, 3);
		out.push({
			phase: 'tool',
			delta: {
				content: null,
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
				delta: { content: null, tool_calls: [{ index: 0, function: { arguments: piece } }] },
			});
		}
	}
	for (const piece of plan.contentPieces) {
		out.push({
			phase: 'content',
			delta: field ? { content: piece, reasoning_content: null } : { content: piece },
		});
	}
	return out;
}

/** Usage chunk: only when the request set `stream_options.include_usage`. @param {import('./content').Plan} plan @param {any} body */
function usageChunk(plan, body) {
	const wanted = body.stream_options && body.stream_options.include_usage === true;
	if (!wanted || !plan.usage) return null;
	/** @type {Record<string, unknown>} */
	const c = {
		id: plan.id,
		object: 'chat.completion.chunk',
		created: plan.created,
		model: plan.model,
		choices: [],
		usage: usageObject(plan.usage),
	};
	if (plan.cost !== null)
		c.meta = { usage: { usd_spent: roundUsd(plan.cost), credits_used: credits(plan.cost) } };
	return c;
}

/** Mid-stream failure chunk (same shape as OpenRouter's). @param {import('./content').Plan} plan */
function midErrorChunk(plan) {
	return {
		id: plan.id,
		object: 'chat.completion.chunk',
		created: plan.created,
		model: plan.model,
		error: {
			code: 'server_error',
			message: 'Upstream provider disconnected unexpectedly',
			metadata: { error_type: 'provider_unavailable' },
		},
		choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
	};
}

/** `choices[0].finish_reason: 'error'` inside a 200 body. @param {import('./content').Plan} plan */
function errorIn200Body(plan) {
	return {
		id: plan.id,
		object: 'chat.completion',
		created: plan.created,
		model: plan.model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content: '' },
				finish_reason: 'error',
				error: {
					code: 502,
					message: 'Upstream error',
					metadata: { error_type: 'provider_unavailable' },
				},
			},
		],
	};
}

const MODELS = [
	{
		id: 'deepseek/deepseek-thinking-v3.2-exp',
		aliases: ['deepseek-reasoner-v3.2-exp'],
		type: 'openai/chat-completions',
		info: {
			name: 'DeepSeek V3.2 Exp Thinking',
			developer: 'DeepSeek',
			description: 'DeepSeek V3.2 Exp in thinking mode',
			contextLength: 128000,
			outputMax: 64000,
		},
		tags: ['reasoning'],
	},
	{
		id: 'deepseek/deepseek-non-thinking-v3.2-exp',
		aliases: ['deepseek-chat-v3.2-exp'],
		type: 'chat-completion',
		info: {
			name: 'DeepSeek V3.2 Exp Non-thinking',
			developer: 'DeepSeek',
			description: 'DeepSeek V3.2 Exp without thinking',
			contextLength: 128000,
			outputMax: 8000,
		},
		tags: [],
	},
	{
		id: 'deepseek/deepseek-reasoner-v3.2',
		aliases: [],
		type: 'openai/chat-completions',
		info: {
			name: 'DeepSeek V3.2 Thinking',
			developer: 'DeepSeek',
			description: 'DeepSeek V3.2 with thinking and tools',
			contextLength: 128000,
			outputMax: 64000,
		},
		tags: ['reasoning', 'function-calling'],
	},
	{
		id: 'openai/gpt-4o-mini',
		aliases: ['gpt-4o-mini'],
		type: 'openai/chat-completions',
		info: {
			name: 'GPT-4o mini',
			developer: 'OpenAI',
			description: 'Small fast model',
			contextLength: 128000,
			outputMax: 16384,
		},
		tags: ['function-calling'],
	},
	{
		id: 'flux/schnell',
		aliases: [],
		type: 'image',
		info: {
			name: 'FLUX.1 [schnell]',
			developer: 'Black Forest Labs',
			description: 'Text-to-image model',
			contextLength: null,
			outputMax: null,
		},
		tags: ['text-to-image'],
	},
];

function modelList() {
	return { object: 'list', data: MODELS };
}

function billing() {
	return { current_balance: 12.5, currency: 'USD' };
}

const PREFIX = '/aiml';
const CHAT_PATH = '/v1/chat/completions';
const KEEPALIVE = ': keep-alive\n\n';

/** Error body for any status (metadata is OpenRouter's; AIML has none). @param {number} status @param {string} message @param {string} path */
function error(status, message, path) {
	return errorBody(status, message, path);
}

/** What AIML says when the server rejects a request itself. */
const TEXT = {
	/** @param {string | null} _key */
	unauthorized: (_key) => statusMessage(401, ''),
	busy: 'Too Many Requests',
	rateLimited: 'Too Many Requests',
	serverError: 'Internal server error',
	invalidJson: 'Body validation error! Request body is not valid JSON',
	/** @param {string} type */
	notObject: (type) => `Body validation error! Expected object, received ${type}`,
	/** @param {unknown} model */
	noModel: (model) =>
		`Body validation error! Expected string at "model", received ${model === undefined ? 'undefined' : typeof model}`,
	noMessages: 'Body validation error! Expected a non-empty array at "messages"',
};

/** Extra headers on a 429 the mock decides itself (none for AIML). */
function rateLimitHeaders() {
	return {};
}

/** @param {string} subPath @returns {'keyCheck' | 'models' | null} */
function infoRoute(subPath) {
	if (subPath === '/v2/billing') return 'keyCheck';
	if (subPath === '/v1/models' || subPath === '/models' || subPath === '/api/v1/models') return 'models';
	return null;
}

/** GET /v2/billing. @param {boolean} valid @param {string | null} _key @param {string} subPath @param {Record<string, any>} reqHeaders */
function keyCheck(valid, _key, subPath, reqHeaders) {
	const headers = responseHeaders(reqHeaders);
	return valid
		? { status: 200, body: billing(), headers }
		: { status: 401, body: errorBody(401, statusMessage(401, ''), subPath), headers };
}

/** The public model list: any key or none. */
function models() {
	return { status: 200, body: modelList() };
}

/** DeepSeek's rule message, wrapped as AIML wraps upstream errors. @param {{ message: string }} violation @param {string} path */
function violationBody(violation, path) {
	return errorBody(400, `400 ${violation.message}`, path);
}

/** `mock:echo-key`. @param {string} auth @param {string} path */
function echoKeyBody(auth, path) {
	return errorBody(400, `400 Upstream rejected the request sent with header "Authorization: ${auth}"`, path);
}

/** @param {string | undefined} method @param {string} subPath */
function notFoundBody(method, subPath) {
	return errorBody(404, `Cannot ${method} ${subPath}`, subPath);
}

/** What a later request must carry back for a turn the mock answered. @param {import('./content').Plan} plan */
function rememberedReasoning(plan) {
	return {
		requireReasoning: plan.reasoningPlacement === 'field' && plan.reasoningText !== '',
		details: null,
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
	usageObject,
	statusMessage,
	errorBody,
	statusError,
	completionBody,
	responseHeaders,
	chunk,
	streamDeltas,
	usageChunk,
	midErrorChunk,
	errorIn200Body,
	modelList,
	billing,
};

'use strict';
// DeepSeek's own API (api.deepseek.com) wire shapes: OpenAI-style error bodies
// `{error: {message, type, param, code}}`, chat completion bodies and stream chunks with
// `reasoning_content` (the same deltas AIML API passes through, so they come from aiml.js),
// usage with DeepSeek's cache counters and no cost, the model list, the balance (key check)
// answer, and how the server answers DeepSeek requests. docs/providers.md, DeepSeek, describes
// the real service.

const { randomUUID } = require('node:crypto');
const { STATUS_CODES } = require('node:http');
const aiml = require('./aiml');

const NAME = 'deepSeek';
const PREFIX = '/deepseek';
const CHAT_PATH = '/chat/completions';
const KEEPALIVE = ': keep-alive\n\n';
const MODEL_IDS = ['deepseek-chat', 'deepseek-reasoner'];

/** DeepSeek's documented error types and messages per status (its Error Codes page). */
const ERRORS = {
	400: ['invalid_request_error', 'Invalid Format: the request body is not valid'],
	401: ['authentication_error', 'Authentication Fails (no such user)'],
	402: ['unknown_error', 'Insufficient Balance'],
	422: ['invalid_request_error', 'Invalid Parameters: max_tokens must be at most 65536'],
	429: ['rate_limit_error', 'Rate Limit Reached'],
	500: ['server_error', 'Server Error'],
	503: ['server_error', 'Server Overloaded: the server is overloaded due to high traffic'],
};

/** `{error: {message, type, param, code}}`. @param {number} status @param {string} message */
function error(status, message) {
	const type = ERRORS[/** @type {keyof ERRORS} */ (status)]?.[0] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
	return { error: { message, type, param: null, code: type } };
}

/** The error a `mock:status=NNN` directive produces. @param {number} status */
function statusError(status) {
	const message = ERRORS[/** @type {keyof ERRORS} */ (status)]?.[1] ?? STATUS_CODES[status] ?? `HTTP ${status}`;
	return { status, body: error(status, message), headers: {} };
}

/** Usage as DeepSeek reports it: cache hits in its own counters, no cost. @param {import('./content').PlanUsage} u */
function usageObject(u) {
	return {
		prompt_tokens: u.promptTokens,
		completion_tokens: u.completionTokens,
		total_tokens: u.totalTokens,
		completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
		prompt_cache_hit_tokens: u.cachedTokens,
		prompt_cache_miss_tokens: u.cacheMissTokens,
	};
}

/** Non-streaming body: AIML's pass-through shape without AIML's `meta` cost. @param {import('./content').Plan} plan */
function completionBody(plan) {
	const body = aiml.completionBody(plan);
	delete body.meta;
	body.system_fingerprint = 'fp_mock_prod0820_fp8_kvcache';
	if (plan.usage) body.usage = usageObject(plan.usage);
	return body;
}

/** No cost headers. @returns {Record<string, string>} */
function responseHeaders() {
	return { 'x-ds-trace-id': randomUUID().replace(/-/g, '') };
}

/** Usage chunk, with empty `choices`: only when the request set `stream_options.include_usage`. @param {import('./content').Plan} plan @param {any} body */
function usageChunk(plan, body) {
	const wanted = body.stream_options && body.stream_options.include_usage === true;
	if (!wanted || !plan.usage) return null;
	return { ...aiml.chunk(plan, {}, null), choices: [], usage: usageObject(plan.usage) };
}

/** A failure after the stream started. @param {import('./content').Plan} plan */
function midErrorChunk(plan) {
	return {
		...aiml.chunk(plan, { content: '' }, 'error'),
		error: { message: 'Server Error', type: 'server_error', param: null, code: 'server_error' },
	};
}

/** `choices[0].finish_reason: 'error'` inside a 200 body. @param {import('./content').Plan} plan */
function errorIn200Body(plan) {
	const body = aiml.errorIn200Body(plan);
	return body;
}

/** What DeepSeek says when the server rejects a request itself. */
const TEXT = {
	/** @param {string | null} key */
	unauthorized: (key) =>
		key
			? `Authentication Fails, Your api key: ****${key.slice(-4)} is invalid`
			: 'Authentication Fails, no api key provided',
	busy: 'Rate Limit Reached',
	rateLimited: 'Rate Limit Reached',
	serverError: 'Server Error',
	invalidJson: 'Failed to parse the request body as JSON',
	/** @param {string} type */
	notObject: (type) => `Failed to deserialize the JSON body into the target type: invalid type: ${type}`,
	noModel: () => 'Failed to deserialize the JSON body into the target type: missing field `model`',
	noMessages: 'Failed to deserialize the JSON body into the target type: missing field `messages`',
};

/** Only DeepSeek's own models exist. @param {string} model @returns {string | null} */
function unknownModel(model) {
	return MODEL_IDS.includes(model) ? null : 'Model Not Exist';
}

function rateLimitHeaders() {
	return {};
}

/** @param {string} subPath @returns {'keyCheck' | 'models' | null} */
function infoRoute(subPath) {
	if (subPath === '/user/balance') return 'keyCheck';
	if (subPath === '/models' || subPath === '/v1/models') return 'models';
	return null;
}

/** GET /user/balance. @param {boolean} valid @param {string | null} key */
function keyCheck(valid, key) {
	if (!valid) return { status: 401, body: error(401, TEXT.unauthorized(key)), headers: {} };
	return {
		status: 200,
		body: {
			is_available: true,
			balance_infos: [
				{ currency: 'USD', total_balance: '12.50', granted_balance: '0.00', topped_up_balance: '12.50' },
			],
		},
		headers: {},
	};
}

/** GET /models: unlike the other two, DeepSeek's model list needs a valid key. @param {boolean} valid @param {string | null} key */
function models(valid, key) {
	if (!valid) return { status: 401, body: error(401, TEXT.unauthorized(key)) };
	return {
		status: 200,
		body: {
			object: 'list',
			data: MODEL_IDS.map((id) => ({ id, object: 'model', owned_by: 'deepseek' })),
		},
	};
}

/** DeepSeek's own 400 for a reasoning rule. @param {{ message: string }} violation */
function violationBody(violation) {
	return error(400, violation.message);
}

/** `mock:echo-key`. @param {string} auth */
function echoKeyBody(auth) {
	return error(400, `Invalid request sent with header "Authorization: ${auth}"`);
}

function notFoundBody() {
	return error(404, 'Not Found');
}

module.exports = {
	NAME,
	PREFIX,
	CHAT_PATH,
	KEEPALIVE,
	MODEL_IDS,
	error,
	statusError,
	completionBody,
	responseHeaders,
	chunk: aiml.chunk,
	streamDeltas: aiml.streamDeltas,
	usageChunk,
	midErrorChunk,
	errorIn200Body,
	TEXT,
	unknownModel,
	rateLimitHeaders,
	infoRoute,
	keyCheck,
	models,
	violationBody,
	echoKeyBody,
	notFoundBody,
	rememberedReasoning: aiml.rememberedReasoning,
};

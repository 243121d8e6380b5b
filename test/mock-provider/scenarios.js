'use strict';
// POST chat completions: auth, load and fault controls, request validation, the directives of
// the prompt (README.md lists them), DeepSeek's reasoning rules, and writing the answer as JSON
// or as a stream. What the answer says comes from content.js, its wire shape from the
// provider's flavour module (providers.js), streaming from sse.js.

const { buildPlan, lastUserText } = require('./content');
const { parseDirectives, numberOf, withoutFailures, withOutage } = require('./directives');
const { bearerKey, htmlPage, readBody, sendJson } = require('./http');
const { flavourOf } = require('./providers');
const { checkReasoningRules, rememberTurn } = require('./rules');
const { buildStream, writeFrames } = require('./sse');

/** Retry-After from `mock:retry-after=S` / `mock:retry-after-date=S`. @param {Map<string, string | true>} dirs */
function directiveRetryHeaders(dirs) {
	/** @type {Record<string, string>} */
	const h = {};
	const secs = numberOf(dirs, 'retry-after', NaN);
	if (Number.isFinite(secs)) h['retry-after'] = String(dirs.get('retry-after'));
	const dateSecs = numberOf(dirs, 'retry-after-date', NaN);
	if (Number.isFinite(dateSecs))
		h['retry-after'] = new Date(Date.now() + dateSecs * 1000).toUTCString();
	return h;
}

/**
 * Headers for a 429 the mock itself decided on (maxInFlight, rateLimitFraction).
 * @param {any} flavour @param {import('./state').MockConfig} config
 */
function rateLimitHeaders(flavour, config) {
	/** @type {Record<string, string>} */
	const h = {};
	if (config.retryAfterSeconds !== null && Number.isFinite(config.retryAfterSeconds)) {
		h['retry-after'] = String(config.retryAfterSeconds);
	}
	return { ...h, ...flavour.rateLimitHeaders(config.retryAfterSeconds) };
}

/**
 * Tracks one chat request's connection: counters in flight, success, abort by the client.
 * @param {ReturnType<typeof import('./state').createState>} state
 * @param {import('node:http').ServerResponse} res
 */
function trackRequest(state, res) {
	const ctx = {
		closed: false,
		selfDestroyed: false,
		success: false,
		accepted: false,
		/** @type {string | null} */
		prompt: null,
		/** @type {Set<any>} */
		sleeps: new Set(),
	};
	state.counters.chatRequests++;
	state.inFlight++;
	if (state.inFlight > state.counters.maxConcurrent) state.counters.maxConcurrent = state.inFlight;
	res.on('error', () => {});
	res.once('finish', () => {
		if (!ctx.success) return;
		state.counters.completed++;
		if (ctx.prompt !== null) state.promptEntry(ctx.prompt).successes++;
		if (ctx.prompt !== null) state.counters.completionOrder.push(ctx.prompt);
	});
	res.once('close', () => {
		ctx.closed = true;
		state.inFlight--;
		if (ctx.accepted) state.active--;
		if (!res.writableFinished && !ctx.selfDestroyed && !state.closing) state.counters.aborted++;
		for (const s of [...ctx.sleeps]) s.done();
	});
	return ctx;
}

/**
 * POST chat completions.
 * @param {ReturnType<typeof import('./state').createState>} state
 * @param {import('./providers').ProviderName} providerName
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res @param {string} subPath path without the provider prefix
 */
async function handleChat(state, providerName, req, res, subPath) {
	const p = flavourOf(providerName);
	const config = state.config;
	const ctx = trackRequest(state, res);

	/** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
	const reply = (status, body, headers = {}) => {
		state.countStatus(status);
		sendJson(res, status, body, { ...p.responseHeaders(req.headers), ...headers });
	};
	/** @param {number} status @param {string} message @param {Record<string, unknown>} [metadata] @param {Record<string, string>} [headers] */
	const fail = (status, message, metadata, headers) =>
		reply(status, p.error(status, message, subPath, metadata), headers);

	let raw;
	try {
		raw = await readBody(req);
	} catch (e) {
		if (/** @type {any} */ (e).code === 'TOO_LARGE') {
			state.record(providerName, req, req.url || '', null);
			fail(413, 'Request payload too large', undefined, { connection: 'close' });
		}
		return;
	}
	/** @type {any} */
	let body;
	try {
		body = JSON.parse(raw);
	} catch {
		state.record(providerName, req, req.url || '', raw);
		fail(400, p.TEXT.invalidJson);
		return;
	}
	state.record(providerName, req, req.url || '', body);
	const hasMessages =
		body && typeof body === 'object' && Array.isArray(body.messages) && body.messages.length > 0;
	if (hasMessages) {
		ctx.prompt = lastUserText(body.messages);
		state.promptEntry(ctx.prompt).attempts++;
	}

	// auth
	const key = bearerKey(req);
	if (!key || !config.validKeys[providerName].includes(key)) {
		fail(401, p.TEXT.unauthorized(key));
		return;
	}

	// load controls
	if (state.active >= config.maxInFlight) {
		fail(429, p.TEXT.busy, { error_type: 'rate_limit_exceeded' }, rateLimitHeaders(p, config));
		return;
	}
	ctx.accepted = true;
	state.active++;
	if (config.rateLimitFraction > 0 || config.serverErrorFraction > 0) {
		const r = state.rng();
		if (r < config.rateLimitFraction) {
			fail(429, p.TEXT.rateLimited, { error_type: 'rate_limit_exceeded' }, rateLimitHeaders(p, config));
			return;
		}
		if (r < config.rateLimitFraction + config.serverErrorFraction) {
			fail(500, p.TEXT.serverError, { error_type: 'server' });
			return;
		}
	}

	// validation
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		fail(400, p.TEXT.notObject(typeof body));
		return;
	}
	if (typeof body.model !== 'string' || body.model === '') {
		fail(400, p.TEXT.noModel(body.model), { error_type: 'invalid_request' });
		return;
	}
	if (!hasMessages) {
		fail(400, p.TEXT.noMessages, { error_type: 'invalid_request' });
		return;
	}
	const unknownModel = p.unknownModel ? p.unknownModel(body.model) : null;
	if (unknownModel) {
		fail(400, unknownModel);
		return;
	}

	// scenario
	const prompt = /** @type {string} */ (ctx.prompt);
	const attempt = state.nextAttempt(`${providerName}\u0000${prompt}`);
	const parsed = parseDirectives(prompt);
	const failTimes = numberOf(parsed, 'fail-times', NaN);
	const dirs = withOutage(
		Number.isFinite(failTimes) && attempt > failTimes ? withoutFailures(parsed) : parsed,
		providerName,
	);
	const plan = buildPlan(providerName, body, dirs, config);

	if (config.enforceReasoningRules) {
		const violation = checkReasoningRules(
			providerName,
			body,
			state.memory,
			plan.reasoningOn && !plan.reasoningHidden,
		);
		if (violation) {
			reply(400, p.violationBody(violation, subPath));
			return;
		}
	}

	const wait =
		(config.latencyMs > 0 ? config.latencyMs : 0) + Math.max(0, numberOf(dirs, 'delay', 0));
	if (wait > 0) await state.sleep(wait, ctx);
	if (ctx.closed || state.closing) return;

	if (dirs.has('reset')) {
		ctx.selfDestroyed = true;
		req.socket.destroy();
		return;
	}
	const retryHeaders = directiveRetryHeaders(dirs);
	if (dirs.has('no-body')) {
		const status = numberOf(dirs, 'no-body', 500);
		state.countStatus(status);
		res.writeHead(status, {
			...p.responseHeaders(req.headers),
			...retryHeaders,
			'content-length': '0',
		});
		res.end();
		return;
	}
	if (dirs.has('not-json')) {
		const status = numberOf(dirs, 'not-json', 200);
		const html = htmlPage(status);
		state.countStatus(status);
		res.writeHead(status, {
			'content-type': 'text/html; charset=utf-8',
			'content-length': Buffer.byteLength(html),
			...retryHeaders,
		});
		res.end(html);
		return;
	}
	let successStatus = 200;
	if (dirs.has('status')) {
		const status = numberOf(dirs, 'status', 500);
		if (status >= 200 && status < 300) {
			successStatus = status;
		} else {
			const e = p.statusError(status, body.model, subPath);
			// A provider with its own rate-limit headers (OpenRouter) sends them, and Retry-After,
			// on every 429; the others only what the directive asks for.
			const sendsLimits = Object.keys(p.rateLimitHeaders(config.retryAfterSeconds)).length > 0;
			const defaults = status === 429 && sendsLimits ? rateLimitHeaders(p, config) : {};
			reply(status, e.body, { ...defaults, ...e.headers, ...retryHeaders });
			return;
		}
	}
	if (dirs.has('aiml-wrapped') && providerName === 'aiml') {
		fail(500, `400 Unable to access model ${body.model}.`, undefined, retryHeaders);
		return;
	}
	if (dirs.has('echo-key')) {
		reply(400, p.echoKeyBody(String(req.headers.authorization), subPath));
		return;
	}
	if (dirs.has('error-top-200')) {
		reply(200, {
			error: {
				code: 'server_error',
				message: 'Internal server error while generating the response',
			},
		});
		return;
	}

	rememberTurn(state.memory, providerName, plan, p.rememberedReasoning(plan));

	if (body.stream !== true) {
		writeJsonAnswer(state, ctx, req, res, p, plan, dirs, successStatus);
		return;
	}

	const script = buildStream(plan, p, body);
	state.countStatus(successStatus);
	res.writeHead(successStatus, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		...p.responseHeaders(req.headers, { plan, stream: true }),
	});
	res.flushHeaders();
	ctx.success = script.complete;
	await writeFrames(res, script.frames, {
		split: dirs.has('split'),
		rng: state.splitRng,
		sleep: (ms) => state.sleep(ms, ctx),
		isClosed: () => ctx.closed || state.closing,
		destroy: () => {
			ctx.selfDestroyed = true;
			res.destroy();
		},
	});
}

/**
 * The non-streaming answer (or `choices[0].error` for `mock:error-in-200`), whole, cut in half
 * (`mock:truncate`) or after blank lines (`mock:leading-blank`).
 * @param {ReturnType<typeof import('./state').createState>} state @param {ReturnType<typeof trackRequest>} ctx
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {any} p @param {import('./content').Plan} plan @param {Map<string, string | true>} dirs @param {number} status
 */
function writeJsonAnswer(state, ctx, req, res, p, plan, dirs, status) {
	const errorIn200 = dirs.has('error-in-200');
	const answer = errorIn200 ? p.errorIn200Body(plan) : p.completionBody(plan);
	// mock:null-entries: a null inside the message's arrays, as some gateways send.
	if (dirs.has('null-entries')) answer.choices[0].message.tool_calls = [null];
	const text = JSON.stringify(answer);
	const headers = {
		'content-type': 'application/json; charset=utf-8',
		...p.responseHeaders(req.headers, errorIn200 ? {} : { plan, stream: false }),
	};
	state.countStatus(status);
	if (dirs.has('truncate')) {
		const buf = Buffer.from(text, 'utf8');
		res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
		res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => {
			ctx.selfDestroyed = true;
			res.destroy();
		});
		return;
	}
	ctx.success = !errorIn200;
	if (dirs.has('leading-blank')) {
		res.writeHead(status, headers);
		res.write('\n\n');
		res.write('  \n\n\n');
		res.end(text);
	} else {
		res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
		res.end(text);
	}
}

module.exports = { handleChat };

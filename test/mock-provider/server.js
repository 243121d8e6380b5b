'use strict';
// Local mock of the AIML API and OpenRouter chat-completions services, for tests.
// Plain CommonJS with Node built-ins only: jest `require`s it, and `node cli.js` runs it in its
// own process for end-to-end tests against a real n8n.
//
//   const { startMockProvider } = require('./server');
//   const mock = await startMockProvider({ latencyMs: 20 });
//   // credential urls: mock.aimlUrl (…/aiml), mock.openRouterUrl (…/openrouter/api/v1)
//   mock.configure({ maxInFlight: 4 }); mock.stats(); mock.requests; mock.reset(); await mock.close();
//
// This file does routing, auth, load/fault controls, stats and the admin API. The answers come
// from content.js (what), aiml.js / openrouter.js (wire shape), sse.js (streaming) and rules.js
// (DeepSeek's reasoning-in-input rules). README.md lists every directive.

const http = require('node:http');
const aiml = require('./aiml');
const openRouter = require('./openrouter');
const { buildPlan, lastUserText, expectedCompletion } = require('./content');
const { parseDirectives, numberOf, withoutFailures, KNOWN_DIRECTIVES } = require('./directives');
const {
	ReasoningMemory,
	checkReasoningRules,
	toolKey,
	answerKey,
	deepSeekRaw,
} = require('./rules');
const { buildStream, writeFrames } = require('./sse');
const { seededRandom } = require('./util');

const AIML_PREFIX = '/aiml';
const OPENROUTER_PREFIX = '/openrouter/api/v1';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * @typedef {Object} MockConfig
 * @property {{ aiml: string[], openRouter: string[] }} validKeys
 * @property {number} latencyMs          delay before every chat response
 * @property {number} maxInFlight        chat requests beyond this many at once get 429 at once
 * @property {number | null} retryAfterSeconds  Retry-After on mock-made 429s (null: no header)
 * @property {number} rateLimitFraction  share of chat requests answered 429 (seeded RNG)
 * @property {number} serverErrorFraction share of chat requests answered 500 (seeded RNG)
 * @property {number} seed
 * @property {boolean} recordBodies      keep request headers and bodies in the log
 * @property {number} maxRecorded        log size (the last N requests)
 * @property {number} toolRounds         tool-call turns before the final answer (capped by tools.length)
 * @property {boolean} enforceReasoningRules
 */

/** @type {Readonly<MockConfig>} */
const DEFAULT_CONFIG = Object.freeze({
	validKeys: Object.freeze({ aiml: ['test-key-aiml'], openRouter: ['test-key-openrouter'] }),
	latencyMs: 0,
	maxInFlight: Infinity,
	retryAfterSeconds: 1,
	rateLimitFraction: 0,
	serverErrorFraction: 0,
	seed: 1,
	recordBodies: true,
	maxRecorded: 2000,
	toolRounds: 2,
	enforceReasoningRules: true,
});

/** @param {unknown} v */
function toBool(v) {
	return v === true || v === 'true' || v === 1 || v === '1';
}

/** @param {unknown} v */
function toKeys(v) {
	if (Array.isArray(v)) return v.map(String);
	if (typeof v === 'string')
		return v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	return [];
}

/**
 * Merge a partial config into `base` (validKeys per provider; maxInFlight null/"Infinity" → Infinity).
 * @param {MockConfig} base @param {Record<string, any> | null | undefined} partial @returns {MockConfig}
 */
function mergeConfig(base, partial) {
	/** @type {any} */
	const out = {
		...base,
		validKeys: { aiml: [...base.validKeys.aiml], openRouter: [...base.validKeys.openRouter] },
	};
	if (!partial || typeof partial !== 'object') return out;
	for (const [key, value] of Object.entries(partial)) {
		if (value === undefined) continue;
		switch (key) {
			case 'validKeys':
				if (value && typeof value === 'object') {
					if (value.aiml !== undefined) out.validKeys.aiml = toKeys(value.aiml);
					const or = value.openRouter !== undefined ? value.openRouter : value.openrouter;
					if (or !== undefined) out.validKeys.openRouter = toKeys(or);
				}
				break;
			case 'maxInFlight':
				out.maxInFlight =
					value === null || value === Infinity || /^inf/i.test(String(value))
						? Infinity
						: Number(value);
				break;
			case 'retryAfterSeconds':
				out.retryAfterSeconds = value === null || value === 'null' ? null : Number(value);
				break;
			case 'latencyMs':
			case 'rateLimitFraction':
			case 'serverErrorFraction':
			case 'seed':
			case 'maxRecorded':
			case 'toolRounds':
				out[key] = Number(value);
				break;
			case 'recordBodies':
			case 'enforceReasoningRules':
				out[key] = toBool(value);
				break;
			case 'port':
			case 'host':
				break;
			default:
				out[key] = value;
		}
	}
	return out;
}

/** JSON-safe copy of the config (Infinity → null). @param {MockConfig} config */
function publicConfig(config) {
	return { ...config, maxInFlight: config.maxInFlight === Infinity ? null : config.maxInFlight };
}

/** @param {import('node:http').IncomingMessage} req @returns {string | null} */
function bearerKey(req) {
	const auth = req.headers.authorization;
	if (typeof auth !== 'string') return null;
	const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
	return m ? m[1].trim() : null;
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let failed = false;
		req.on('data', (/** @type {Buffer} */ c) => {
			if (failed) return;
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				failed = true;
				reject(Object.assign(new Error('request body too large'), { code: 'TOO_LARGE' }));
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
		});
		req.on('error', (e) => {
			if (!failed) reject(e);
			failed = true;
		});
	});
}

const NOT_JSON_200 =
	'<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1><p>The service is under maintenance.</p></body></html>\n';
/** @param {number} status */
function htmlPage(status) {
	if (status === 200) return NOT_JSON_200;
	const text = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
	return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Start a mock provider server.
 * @param {Partial<MockConfig> & { port?: number, host?: string }} [options]
 */
async function startMockProvider(options = {}) {
	const { port = 0, host = '127.0.0.1', ...initial } = options;
	const baseConfig = mergeConfig(/** @type {MockConfig} */ (DEFAULT_CONFIG), initial);
	/** @type {MockConfig} */
	let config = mergeConfig(baseConfig, {});
	let rng = seededRandom(config.seed);
	let splitRng = seededRandom(config.seed + 7919);
	const memory = new ReasoningMemory();
	/** @type {Map<string, number>} */
	let attempts = new Map();
	/** @type {any[]} */
	let recorded = [];
	let closing = false;
	let inFlight = 0; // chat requests open right now (including ones about to be rejected)
	let active = 0; // accepted chat requests open right now (what maxInFlight limits)
	/** @type {Set<{ timer: NodeJS.Timeout | undefined, done: () => void }>} */
	const pending = new Set();

	const freshStats = () => ({
		chatRequests: 0,
		completed: 0,
		/** @type {Map<string, { attempts: number, successes: number }>} */
		byPrompt: new Map(),
		/** @type {Record<string, number>} */
		byStatus: {},
		rejected429: 0,
		errors5xx: 0,
		maxConcurrent: inFlight,
		aborted: 0,
		keyChecks: 0,
		modelListRequests: 0,
	});
	let counters = freshStats();

	/** @param {string} prompt */
	function promptEntry(prompt) {
		let e = counters.byPrompt.get(prompt);
		if (!e) {
			e = { attempts: 0, successes: 0 };
			counters.byPrompt.set(prompt, e);
		}
		return e;
	}

	/** @param {number} status */
	function countStatus(status) {
		counters.byStatus[status] = (counters.byStatus[status] || 0) + 1;
		if (status === 429) counters.rejected429++;
		if (status >= 500) counters.errors5xx++;
	}

	/**
	 * @param {number} ms
	 * @param {{ sleeps: Set<any> }} [ctx] woken early when that request's connection closes
	 * @returns {Promise<void>}
	 */
	function sleep(ms, ctx) {
		if (!(ms > 0) || closing) return Promise.resolve();
		return new Promise((resolve) => {
			/** @type {{ timer: NodeJS.Timeout | undefined, done: () => void }} */
			const entry = { timer: undefined, done: () => {} };
			entry.done = () => {
				clearTimeout(entry.timer);
				pending.delete(entry);
				if (ctx) ctx.sleeps.delete(entry);
				resolve();
			};
			entry.timer = setTimeout(entry.done, ms);
			pending.add(entry);
			if (ctx) ctx.sleeps.add(entry);
		});
	}

	/**
	 * @param {'aiml' | 'openRouter'} provider @param {import('node:http').IncomingMessage} req
	 * @param {string} path @param {unknown} body
	 */
	function record(provider, req, path, body) {
		const entry = config.recordBodies
			? { provider, method: req.method, path, headers: { ...req.headers }, body, at: Date.now() }
			: { provider, method: req.method, path, headers: null, body: null, at: Date.now() };
		recorded.push(entry);
		const cap = Math.max(0, config.maxRecorded);
		while (recorded.length > cap) recorded.shift();
	}

	/**
	 * @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body
	 * @param {Record<string, string>} [headers]
	 */
	function sendJson(res, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	/** Error body in the provider's own shape. @param {'aiml' | 'openRouter'} provider @param {number} status @param {string} message @param {string} path @param {Record<string, unknown>} [metadata] */
	function providerError(provider, status, message, path, metadata) {
		return provider === 'aiml'
			? aiml.errorBody(status, message, path)
			: openRouter.errorBody(status, message, metadata);
	}

	/** Headers for a 429 the mock itself decided on (maxInFlight, rateLimitFraction). @param {'aiml' | 'openRouter'} provider */
	function rateLimitHeaders(provider) {
		/** @type {Record<string, string>} */
		const h = {};
		if (config.retryAfterSeconds !== null && Number.isFinite(config.retryAfterSeconds)) {
			h['retry-after'] = String(config.retryAfterSeconds);
		}
		if (provider === 'openRouter') {
			h['x-ratelimit-limit'] = '20';
			h['x-ratelimit-remaining'] = '0';
			h['x-ratelimit-reset'] = String(Date.now() + 1000 * (config.retryAfterSeconds ?? 1));
		}
		return h;
	}

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

	/** Remember what reasoning a turn produced, for the reasoning rules of later requests. @param {'aiml' | 'openRouter'} provider @param {import('./content').Plan} plan */
	function rememberTurn(provider, plan) {
		let requireReasoning;
		/** @type {unknown[] | null} */
		let details = null;
		if (provider === 'aiml') {
			requireReasoning = plan.reasoningPlacement === 'field' && plan.reasoningText !== '';
		} else {
			const f = openRouter.reasoningFields(plan);
			details = f.details ?? null;
			requireReasoning =
				(details !== null && details.length > 0) ||
				(typeof f.reasoning === 'string' && f.reasoning !== '');
		}
		const rec = { requireReasoning, details };
		if (plan.toolCall) memory.remember(toolKey(provider, plan.toolCall.id), rec);
		else if (plan.answer) memory.remember(answerKey(provider, plan.answer), rec);
	}

	/**
	 * POST chat completions.
	 * @param {'aiml' | 'openRouter'} providerName @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res @param {string} subPath path without the provider prefix
	 */
	async function handleChat(providerName, req, res, subPath) {
		const p = providerName === 'aiml' ? aiml : openRouter;
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
		counters.chatRequests++;
		inFlight++;
		if (inFlight > counters.maxConcurrent) counters.maxConcurrent = inFlight;
		res.on('error', () => {});
		res.once('finish', () => {
			if (!ctx.success) return;
			counters.completed++;
			if (ctx.prompt !== null) promptEntry(ctx.prompt).successes++;
		});
		res.once('close', () => {
			ctx.closed = true;
			inFlight--;
			if (ctx.accepted) active--;
			if (!res.writableFinished && !ctx.selfDestroyed && !closing) counters.aborted++;
			for (const s of [...ctx.sleeps]) s.done();
		});

		/** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
		const reply = (status, body, headers = {}) => {
			countStatus(status);
			sendJson(res, status, body, { ...p.responseHeaders(req.headers), ...headers });
		};

		let raw;
		try {
			raw = await readBody(req);
		} catch (e) {
			if (/** @type {any} */ (e).code === 'TOO_LARGE') {
				record(providerName, req, req.url || '', null);
				reply(413, providerError(providerName, 413, 'Request payload too large', subPath), {
					connection: 'close',
				});
			}
			return;
		}
		/** @type {any} */
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			record(providerName, req, req.url || '', raw);
			reply(
				400,
				providerError(
					providerName,
					400,
					providerName === 'aiml'
						? 'Body validation error! Request body is not valid JSON'
						: 'Invalid JSON in request body',
					subPath,
				),
			);
			return;
		}
		record(providerName, req, req.url || '', body);
		const hasMessages =
			body && typeof body === 'object' && Array.isArray(body.messages) && body.messages.length > 0;
		if (hasMessages) {
			ctx.prompt = lastUserText(body.messages);
			promptEntry(ctx.prompt).attempts++;
		}

		// auth
		const key = bearerKey(req);
		if (!key || !config.validKeys[providerName].includes(key)) {
			const message =
				providerName === 'aiml'
					? aiml.statusMessage(401, '')
					: key
						? 'User not found.'
						: 'No auth credentials found';
			reply(401, providerError(providerName, 401, message, subPath));
			return;
		}

		// load controls
		if (active >= config.maxInFlight) {
			const message =
				providerName === 'aiml'
					? 'Too Many Requests'
					: 'Rate limit exceeded: too many concurrent requests';
			reply(
				429,
				providerError(providerName, 429, message, subPath, { error_type: 'rate_limit_exceeded' }),
				rateLimitHeaders(providerName),
			);
			return;
		}
		ctx.accepted = true;
		active++;
		if (config.rateLimitFraction > 0 || config.serverErrorFraction > 0) {
			const r = rng();
			if (r < config.rateLimitFraction) {
				const message =
					providerName === 'aiml'
						? 'Too Many Requests'
						: 'Rate limit exceeded. Please retry shortly.';
				reply(
					429,
					providerError(providerName, 429, message, subPath, { error_type: 'rate_limit_exceeded' }),
					rateLimitHeaders(providerName),
				);
				return;
			}
			if (r < config.rateLimitFraction + config.serverErrorFraction) {
				const message = providerName === 'aiml' ? 'Internal server error' : 'Internal Server Error';
				reply(500, providerError(providerName, 500, message, subPath, { error_type: 'server' }));
				return;
			}
		}

		// validation
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			reply(
				400,
				providerError(
					providerName,
					400,
					providerName === 'aiml'
						? 'Body validation error! Expected object, received ' + typeof body
						: 'Invalid request body',
					subPath,
				),
			);
			return;
		}
		if (typeof body.model !== 'string' || body.model === '') {
			const message =
				providerName === 'aiml'
					? `Body validation error! Expected string at "model", received ${body.model === undefined ? 'undefined' : typeof body.model}`
					: 'No models provided';
			reply(
				400,
				providerError(providerName, 400, message, subPath, { error_type: 'invalid_request' }),
			);
			return;
		}
		if (!hasMessages) {
			const message =
				providerName === 'aiml'
					? 'Body validation error! Expected a non-empty array at "messages"'
					: 'Input required: specify "prompt" or "messages"';
			reply(
				400,
				providerError(providerName, 400, message, subPath, { error_type: 'invalid_request' }),
			);
			return;
		}

		// scenario
		const prompt = /** @type {string} */ (ctx.prompt);
		const attemptKey = `${providerName}\u0000${prompt}`;
		const attempt = (attempts.get(attemptKey) || 0) + 1;
		attempts.set(attemptKey, attempt);
		const parsed = parseDirectives(prompt);
		const failTimes = numberOf(parsed, 'fail-times', NaN);
		const dirs =
			Number.isFinite(failTimes) && attempt > failTimes ? withoutFailures(parsed) : parsed;
		// `mock:down=aiml[:STATUS]` / `mock:down=openRouter[:STATUS]`: that provider is down
		// (503, or STATUS, on every attempt) while the other answers.
		const [downProvider, downStatus] = String(dirs.get('down') ?? '').split(':');
		if (downProvider.toLowerCase() === providerName.toLowerCase()) {
			dirs.set('status', downStatus || '503');
		}
		const plan = buildPlan(providerName, body, dirs, config);

		if (config.enforceReasoningRules) {
			const violation = checkReasoningRules(
				providerName,
				body,
				memory,
				plan.reasoningOn && !plan.reasoningHidden,
			);
			if (violation) {
				if (providerName === 'aiml') {
					reply(400, aiml.errorBody(400, `400 ${violation.message}`, subPath));
				} else if (violation.rule === 'modified-reasoning-details') {
					reply(
						400,
						openRouter.errorBody(400, violation.message, { error_type: 'invalid_request' }),
					);
				} else {
					reply(
						400,
						openRouter.errorBody(400, 'Provider returned error', {
							raw: deepSeekRaw(violation.message),
							provider_name: 'DeepSeek',
						}),
					);
				}
				return;
			}
		}

		const wait =
			(config.latencyMs > 0 ? config.latencyMs : 0) + Math.max(0, numberOf(dirs, 'delay', 0));
		if (wait > 0) await sleep(wait, ctx);
		if (ctx.closed || closing) return;

		if (dirs.has('reset')) {
			ctx.selfDestroyed = true;
			req.socket.destroy();
			return;
		}
		const retryHeaders = directiveRetryHeaders(dirs);
		if (dirs.has('no-body')) {
			const status = numberOf(dirs, 'no-body', 500);
			countStatus(status);
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
			countStatus(status);
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
				const defaults =
					providerName === 'openRouter' && status === 429 ? rateLimitHeaders(providerName) : {};
				reply(status, e.body, { ...defaults, ...e.headers, ...retryHeaders });
				return;
			}
		}
		if (dirs.has('aiml-wrapped') && providerName === 'aiml') {
			reply(
				500,
				aiml.errorBody(500, `400 Unable to access model ${body.model}.`, subPath),
				retryHeaders,
			);
			return;
		}
		if (dirs.has('echo-key')) {
			const auth = String(req.headers.authorization);
			if (providerName === 'aiml') {
				reply(
					400,
					aiml.errorBody(
						400,
						`400 Upstream rejected the request sent with header "Authorization: ${auth}"`,
						subPath,
					),
				);
			} else {
				reply(
					400,
					openRouter.errorBody(
						400,
						`Provider returned error for request with Authorization: ${auth}`,
						{
							raw: JSON.stringify({ error: { message: 'invalid request', authorization: auth } }),
							provider_name: 'DeepSeek',
						},
					),
				);
			}
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

		rememberTurn(providerName, plan);

		if (body.stream !== true) {
			const errorIn200 = dirs.has('error-in-200');
			const text = JSON.stringify(errorIn200 ? p.errorIn200Body(plan) : p.completionBody(plan));
			const headers = {
				'content-type': 'application/json; charset=utf-8',
				...p.responseHeaders(req.headers, errorIn200 ? {} : { plan, stream: false }),
			};
			countStatus(successStatus);
			if (dirs.has('truncate')) {
				const buf = Buffer.from(text, 'utf8');
				res.writeHead(successStatus, { ...headers, 'content-length': String(buf.length) });
				res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => {
					ctx.selfDestroyed = true;
					res.destroy();
				});
				return;
			}
			ctx.success = !errorIn200;
			if (dirs.has('leading-blank')) {
				res.writeHead(successStatus, headers);
				res.write('\n\n');
				res.write('  \n\n\n');
				res.end(text);
			} else {
				res.writeHead(successStatus, {
					...headers,
					'content-length': String(Buffer.byteLength(text)),
				});
				res.end(text);
			}
			return;
		}

		const script = buildStream(plan, p, body);
		countStatus(successStatus);
		res.writeHead(successStatus, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache',
			...p.responseHeaders(req.headers, { plan, stream: true }),
		});
		res.flushHeaders();
		ctx.success = script.complete;
		await writeFrames(res, script.frames, {
			split: dirs.has('split'),
			rng: splitRng,
			sleep: (ms) => sleep(ms, ctx),
			isClosed: () => ctx.closed || closing,
			destroy: () => {
				ctx.selfDestroyed = true;
				res.destroy();
			},
		});
	}

	/**
	 * GET key checks and model lists.
	 * @param {'aiml' | 'openRouter'} providerName @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res @param {string} subPath
	 */
	function handleInfo(providerName, req, res, subPath) {
		record(providerName, req, req.url || '', null);
		const key = bearerKey(req);
		const valid = key !== null && config.validKeys[providerName].includes(key);
		if (providerName === 'aiml' && subPath === '/v2/billing') {
			counters.keyChecks++;
			if (valid) sendJson(res, 200, aiml.billing(), aiml.responseHeaders(req.headers));
			else
				sendJson(
					res,
					401,
					aiml.errorBody(401, aiml.statusMessage(401, ''), subPath),
					aiml.responseHeaders(req.headers),
				);
			return true;
		}
		if (providerName === 'openRouter' && subPath === '/key') {
			counters.keyChecks++;
			if (valid) sendJson(res, 200, openRouter.keyInfo());
			else
				sendJson(
					res,
					401,
					openRouter.errorBody(401, key ? 'User not found.' : 'No auth credentials found'),
				);
			return true;
		}
		if (
			providerName === 'aiml' &&
			(subPath === '/v1/models' || subPath === '/models' || subPath === '/api/v1/models')
		) {
			counters.modelListRequests++;
			sendJson(res, 200, aiml.modelList());
			return true;
		}
		if (providerName === 'openRouter' && subPath === '/models') {
			counters.modelListRequests++;
			sendJson(res, 200, openRouter.modelList());
			return true;
		}
		return false;
	}

	function stats() {
		/** @type {Record<string, { attempts: number, successes: number }>} */
		const byPrompt = {};
		for (const [k, v] of counters.byPrompt) byPrompt[k] = { ...v };
		return {
			chatRequests: counters.chatRequests,
			completed: counters.completed,
			byPrompt,
			byStatus: { ...counters.byStatus },
			rejected429: counters.rejected429,
			errors5xx: counters.errors5xx,
			maxConcurrent: counters.maxConcurrent,
			inFlight,
			aborted: counters.aborted,
			keyChecks: counters.keyChecks,
			modelListRequests: counters.modelListRequests,
		};
	}

	/** @param {Partial<MockConfig>} partial */
	function configure(partial) {
		const seedBefore = config.seed;
		config = mergeConfig(config, partial);
		if (config.seed !== seedBefore || (partial && 'seed' in partial)) {
			rng = seededRandom(config.seed);
			splitRng = seededRandom(config.seed + 7919);
		}
		return publicConfig(config);
	}

	function reset() {
		config = mergeConfig(baseConfig, {});
		rng = seededRandom(config.seed);
		splitRng = seededRandom(config.seed + 7919);
		attempts = new Map();
		recorded = [];
		counters = freshStats();
	}

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
	async function handleAdmin(req, res, url) {
		const route = `${req.method} ${url.pathname}`;
		switch (route) {
			case 'GET /__mock/stats':
				return sendJson(res, 200, stats());
			case 'GET /__mock/requests': {
				const provider = url.searchParams.get('provider');
				let list = provider ? recorded.filter((r) => r.provider === provider) : recorded;
				const limit = Number(url.searchParams.get('limit'));
				if (Number.isFinite(limit) && limit > 0) list = list.slice(-limit);
				return sendJson(res, 200, list);
			}
			case 'GET /__mock/config':
				return sendJson(res, 200, publicConfig(config));
			case 'POST /__mock/config': {
				let partial;
				try {
					const raw = await readBody(req);
					partial = raw.trim() ? JSON.parse(raw) : {};
				} catch (e) {
					return sendJson(res, 400, { error: `invalid JSON: ${/** @type {Error} */ (e).message}` });
				}
				return sendJson(res, 200, configure(partial));
			}
			case 'POST /__mock/reset':
				await readBody(req).catch(() => '');
				reset();
				return sendJson(res, 200, { ok: true });
			case 'GET /__mock/health':
				return sendJson(res, 200, { ok: true });
			default:
				return sendJson(res, 404, { error: `unknown admin route ${route}` });
		}
	}

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
	async function handle(req, res) {
		const url = new URL(req.url || '/', 'http://mock.local');
		const path = url.pathname;
		if (path.startsWith('/__mock/')) return handleAdmin(req, res, url);

		/** @type {'aiml' | 'openRouter' | null} */
		let provider = null;
		let subPath = '';
		if (path === AIML_PREFIX || path.startsWith(`${AIML_PREFIX}/`)) {
			provider = 'aiml';
			subPath = path.slice(AIML_PREFIX.length) || '/';
		} else if (path === OPENROUTER_PREFIX || path.startsWith(`${OPENROUTER_PREFIX}/`)) {
			provider = 'openRouter';
			subPath = path.slice(OPENROUTER_PREFIX.length) || '/';
		}
		if (provider === null) {
			return sendJson(res, 404, {
				error: `no such route ${req.method} ${path}; use /aiml/…, /openrouter/api/v1/… or /__mock/…`,
			});
		}
		const chatPath = provider === 'aiml' ? '/v1/chat/completions' : '/chat/completions';
		if (subPath === chatPath && req.method === 'POST')
			return handleChat(provider, req, res, subPath);
		if (req.method === 'GET' && handleInfo(provider, req, res, subPath)) return undefined;
		record(provider, req, req.url || '', null);
		req.resume();
		if (provider === 'aiml')
			return sendJson(res, 404, aiml.errorBody(404, `Cannot ${req.method} ${subPath}`, subPath));
		return sendJson(res, 404, openRouter.errorBody(404, 'Not Found'));
	}

	const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
		handle(req, res).catch((e) => {
			// a bug in the mock: say so loudly in the response rather than hanging the client
			process.stderr.write(`[mock-provider] internal error: ${e && e.stack ? e.stack : e}\n`);
			if (!res.headersSent)
				sendJson(res, 500, { error: `mock provider internal error: ${e && e.message}` });
			else res.destroy();
		});
	});
	server.requestTimeout = 0;
	server.keepAliveTimeout = 5000;
	server.on('clientError', (_err, socket) => socket.destroy());

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	let urlHost = host;
	if (host === '0.0.0.0' || host === '' || host === '::') urlHost = '127.0.0.1';
	else if (host.includes(':')) urlHost = `[${host}]`;
	const url = `http://${urlHost}:${address.port}`;

	/** @type {Promise<void> | null} */
	let closed = null;
	function close() {
		if (closed) return closed;
		closing = true;
		closed = new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
			for (const s of [...pending]) s.done();
		});
		return closed;
	}

	return {
		url,
		aimlUrl: `${url}${AIML_PREFIX}`,
		openRouterUrl: `${url}${OPENROUTER_PREFIX}`,
		port: address.port,
		configure,
		reset,
		stats,
		get requests() {
			return recorded;
		},
		get config() {
			return publicConfig(config);
		},
		close,
	};
}

module.exports = {
	startMockProvider,
	DEFAULT_CONFIG,
	KNOWN_DIRECTIVES,
	parseDirectives,
	expectedCompletion,
	mergeConfig,
};

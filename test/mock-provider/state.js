'use strict';
// The mock provider's state: its config (defaults, merging, the JSON-safe copy), the counters
// behind `stats()`, the request log, the per-prompt attempt counters of `mock:fail-times`, the
// seeded random numbers, what reasoning each answered turn carried (rules.js), and the sleeps
// that `close()` must cut short.

const { ReasoningMemory } = require('./rules');
const { seededRandom } = require('./util');

/**
 * @typedef {Object} MockConfig
 * @property {{ aiml: string[], openRouter: string[], deepSeek: string[] }} validKeys
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
	validKeys: Object.freeze({
		aiml: ['test-key-aiml'],
		openRouter: ['test-key-openrouter'],
		deepSeek: ['test-key-deepseek'],
	}),
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

/** Lower-case spellings accepted in `validKeys` from JSON or the command line. */
const KEY_ALIASES = { aiml: 'aiml', openrouter: 'openRouter', deepseek: 'deepSeek' };

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
		validKeys: {
			aiml: [...base.validKeys.aiml],
			openRouter: [...base.validKeys.openRouter],
			deepSeek: [...(base.validKeys.deepSeek || [])],
		},
	};
	if (!partial || typeof partial !== 'object') return out;
	for (const [key, value] of Object.entries(partial)) {
		if (value === undefined) continue;
		switch (key) {
			case 'validKeys':
				if (value && typeof value === 'object') {
					for (const [name, keys] of Object.entries(value)) {
						const provider = KEY_ALIASES[/** @type {keyof KEY_ALIASES} */ (name.toLowerCase())];
						if (provider && keys !== undefined) out.validKeys[provider] = toKeys(keys);
					}
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

/**
 * Everything the mock remembers between requests.
 * @param {Partial<MockConfig>} initial the start options
 */
function createState(initial) {
	const baseConfig = mergeConfig(/** @type {MockConfig} */ (DEFAULT_CONFIG), initial);
	const state = {
		config: mergeConfig(baseConfig, {}),
		rng: seededRandom(baseConfig.seed),
		splitRng: seededRandom(baseConfig.seed + 7919),
		memory: new ReasoningMemory(),
		/** @type {Map<string, number>} */
		attempts: new Map(),
		/** @type {any[]} */
		recorded: [],
		closing: false,
		/** chat requests open right now (including ones about to be rejected) */
		inFlight: 0,
		/** accepted chat requests open right now (what maxInFlight limits) */
		active: 0,
		/** @type {Set<{ timer: NodeJS.Timeout | undefined, done: () => void }>} */
		pending: new Set(),
		counters: freshCounters(0),

		/** @param {string} prompt */
		promptEntry(prompt) {
			let e = state.counters.byPrompt.get(prompt);
			if (!e) {
				e = { attempts: 0, successes: 0 };
				state.counters.byPrompt.set(prompt, e);
			}
			return e;
		},

		/** @param {number} status */
		countStatus(status) {
			const c = state.counters;
			c.byStatus[status] = (c.byStatus[status] || 0) + 1;
			if (status === 429) c.rejected429++;
			if (status >= 500) c.errors5xx++;
		},

		/** The attempt number of this prompt at this provider (for `mock:fail-times`). @param {string} key */
		nextAttempt(key) {
			const attempt = (state.attempts.get(key) || 0) + 1;
			state.attempts.set(key, attempt);
			return attempt;
		},

		/**
		 * @param {string} provider @param {import('node:http').IncomingMessage} req
		 * @param {string} path @param {unknown} body
		 */
		record(provider, req, path, body) {
			const entry = state.config.recordBodies
				? { provider, method: req.method, path, headers: { ...req.headers }, body, at: Date.now() }
				: { provider, method: req.method, path, headers: null, body: null, at: Date.now() };
			state.recorded.push(entry);
			const cap = Math.max(0, state.config.maxRecorded);
			while (state.recorded.length > cap) state.recorded.shift();
		},

		/**
		 * @param {number} ms
		 * @param {{ sleeps: Set<any> }} [ctx] woken early when that request's connection closes
		 * @returns {Promise<void>}
		 */
		sleep(ms, ctx) {
			if (!(ms > 0) || state.closing) return Promise.resolve();
			return new Promise((resolve) => {
				/** @type {{ timer: NodeJS.Timeout | undefined, done: () => void }} */
				const entry = { timer: undefined, done: () => {} };
				entry.done = () => {
					clearTimeout(entry.timer);
					state.pending.delete(entry);
					if (ctx) ctx.sleeps.delete(entry);
					resolve();
				};
				entry.timer = setTimeout(entry.done, ms);
				state.pending.add(entry);
				if (ctx) ctx.sleeps.add(entry);
			});
		},

		stats() {
			const c = state.counters;
			/** @type {Record<string, { attempts: number, successes: number }>} */
			const byPrompt = {};
			for (const [k, v] of c.byPrompt) byPrompt[k] = { ...v };
			return {
				chatRequests: c.chatRequests,
				completed: c.completed,
				completionOrder: [...c.completionOrder],
				byPrompt,
				byStatus: { ...c.byStatus },
				rejected429: c.rejected429,
				errors5xx: c.errors5xx,
				maxConcurrent: c.maxConcurrent,
				inFlight: state.inFlight,
				aborted: c.aborted,
				keyChecks: c.keyChecks,
				modelListRequests: c.modelListRequests,
			};
		},

		/** @param {Partial<MockConfig>} partial */
		configure(partial) {
			const seedBefore = state.config.seed;
			state.config = mergeConfig(state.config, partial);
			if (state.config.seed !== seedBefore || (partial && 'seed' in partial)) {
				state.rng = seededRandom(state.config.seed);
				state.splitRng = seededRandom(state.config.seed + 7919);
			}
			return publicConfig(state.config);
		},

		reset() {
			state.config = mergeConfig(baseConfig, {});
			state.rng = seededRandom(state.config.seed);
			state.splitRng = seededRandom(state.config.seed + 7919);
			state.attempts = new Map();
			state.recorded = [];
			state.counters = freshCounters(state.inFlight);
		},

		/** Wakes every sleep, so that `close()` does not wait for them. */
		wakeAll() {
			for (const s of [...state.pending]) s.done();
		},
	};
	return state;
}

/** @param {number} inFlight */
function freshCounters(inFlight) {
	return {
		chatRequests: 0,
		completed: 0,
		/** Prompts of successful answers, in the order they finished. @type {string[]} */
		completionOrder: [],
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
	};
}

module.exports = { DEFAULT_CONFIG, mergeConfig, publicConfig, createState };

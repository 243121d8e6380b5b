'use strict';
// Scenario directives: tokens `mock:NAME` or `mock:NAME=VALUE` inside the prompt text, so a
// workflow can pick a behaviour just by what it asks. Several may be combined.

const DIRECTIVE_RE = /(?:^|[^A-Za-z0-9_])mock:([a-z][a-z0-9-]*)(?:=([^\s]+))?/gi;

/** Directives that make a request fail; `mock:fail-times=N` limits them to the first N attempts. */
const FAILURE_DIRECTIVES = [
	'status',
	'no-body',
	'not-json',
	'aiml-wrapped',
	'error-in-200',
	'error-top-200',
	'echo-key',
	'reset',
	'truncate',
	'mid-error',
	'drop',
];

/** Every directive the mock understands (unknown ones are ignored). */
const KNOWN_DIRECTIVES = [
	...FAILURE_DIRECTIVES,
	'fail-times',
	'down',
	'json-wrong',
	'model-down',
	'retry-after',
	'retry-after-date',
	'delay',
	'think-tags',
	'think-close',
	'details-only',
	'summary',
	'encrypted',
	'unknown-detail',
	'empty-reasoning',
	'no-usage',
	'no-cost',
	'cached',
	'length',
	'empty-content',
	'json-fence',
	'fenced',
	'leading-blank',
	'keepalive',
	'split',
	'stall',
	'no-done',
	'null-entries',
];

/**
 * @param {string} text
 * @returns {Map<string, string | true>} name (lower case) → value, or `true` without a value
 */
function parseDirectives(text) {
	/** @type {Map<string, string | true>} */
	const found = new Map();
	if (!text || !text.includes('mock:')) return found;
	DIRECTIVE_RE.lastIndex = 0;
	let m;
	while ((m = DIRECTIVE_RE.exec(text)) !== null) {
		found.set(m[1].toLowerCase(), m[2] === undefined ? true : m[2].replace(/[.,;:!?)\]}'"]+$/, ''));
	}
	return found;
}

/**
 * Numeric value of a directive, or `fallback` when absent or not a number.
 * @param {Map<string, string | true>} dirs @param {string} name @param {number} [fallback]
 */
function numberOf(dirs, name, fallback = NaN) {
	const v = dirs.get(name);
	if (v === undefined || v === true) return fallback;
	const n = Number(v);
	return Number.isFinite(n) ? n : fallback;
}

/**
 * A copy of `dirs` without the failure directives (used once `fail-times` attempts are used up).
 * @param {Map<string, string | true>} dirs
 */
function withoutFailures(dirs) {
	const copy = new Map(dirs);
	for (const name of FAILURE_DIRECTIVES) copy.delete(name);
	return copy;
}

/**
 * `mock:down=aiml[:STATUS]`, `mock:down=openRouter[:STATUS]`, `mock:down=deepSeek[:STATUS]`: that
 * provider is down (503, or STATUS, on every attempt) while the others answer. Returns `dirs`
 * with `status` set when `providerName` is the one that is down.
 * @param {Map<string, string | true>} dirs
 * @param {string} providerName
 */
function withOutage(dirs, providerName) {
	const [downProvider, downStatus] = String(dirs.get('down') ?? '').split(':');
	if (!downProvider || downProvider.toLowerCase() !== providerName.toLowerCase()) return dirs;
	const copy = new Map(dirs);
	copy.set('status', downStatus || '503');
	return copy;
}

module.exports = {
	parseDirectives,
	numberOf,
	withoutFailures,
	withOutage,
	FAILURE_DIRECTIVES,
	KNOWN_DIRECTIVES,
};

'use strict';
// Small helpers shared by the mock provider modules: hashing, a seeded RNG, text extraction,
// a key-order-insensitive deep equality and token/cost arithmetic. Node built-ins only.

const { createHash } = require('node:crypto');

/** @param {string} text @returns {string} sha256 hex digest */
function sha256(text) {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * Deterministic PRNG (mulberry32). Same seed → same sequence.
 * @param {number} seed
 * @returns {() => number} values in [0, 1)
 */
function seededRandom(seed) {
	let a = Number(seed) >>> 0 || 0x9e3779b9;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Text of a chat message `content`: a string, or an array of parts whose `text` parts are
 * joined with "\n". Anything else gives "".
 * @param {unknown} content
 * @returns {string}
 */
function contentText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		const texts = [];
		for (const part of content) {
			if (typeof part === 'string') texts.push(part);
			else if (part && typeof part === 'object' && typeof part.text === 'string')
				texts.push(part.text);
		}
		return texts.join('\n');
	}
	return '';
}

/** Canonical JSON: object keys sorted, so key order never matters. @param {unknown} value */
function canonicalJson(value) {
	if (value === undefined) return 'null';
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const keys = Object.keys(value)
		.filter((k) => value[k] !== undefined)
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/** Deep equality that ignores object key order. @param {unknown} a @param {unknown} b */
function deepEqual(a, b) {
	return canonicalJson(a) === canonicalJson(b);
}

/** Deterministic token estimate: ceil(chars / 4). @param {string} text */
function tokensFor(text) {
	return Math.ceil((text || '').length / 4);
}

/** Round a USD amount to 12 decimals so the same inputs always print the same number. */
function roundUsd(value) {
	return Math.round(value * 1e12) / 1e12;
}

/**
 * Split a string into `count` roughly equal pieces on code-point boundaries (never inside a
 * surrogate pair). Empty input gives [].
 * @param {string} text @param {number} count @returns {string[]}
 */
function splitPieces(text, count) {
	if (!text) return [];
	const chars = Array.from(text);
	const n = Math.max(1, Math.min(count, chars.length));
	const size = Math.ceil(chars.length / n);
	const pieces = [];
	for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
	return pieces;
}

/**
 * Split `text` at the given UTF-16 offsets (any order; out-of-range ones are ignored; a cut
 * inside a surrogate pair moves one unit right). Empty pieces are dropped.
 * @param {string} text @param {number[]} cuts @returns {string[]}
 */
function cutAt(text, cuts) {
	const isHigh = (/** @type {number} */ i) => {
		const code = text.charCodeAt(i);
		return code >= 0xd800 && code <= 0xdbff;
	};
	// never cut between the two halves of a surrogate pair
	const adjusted = cuts.map((c) => (c > 0 && isHigh(c - 1) ? c + 1 : c));
	const points = [...new Set(adjusted)]
		.filter((c) => c > 0 && c < text.length)
		.sort((a, b) => a - b);
	const pieces = [];
	let start = 0;
	for (const p of points) {
		pieces.push(text.slice(start, p));
		start = p;
	}
	pieces.push(text.slice(start));
	return pieces.filter((p) => p !== '');
}

module.exports = {
	sha256,
	seededRandom,
	contentText,
	canonicalJson,
	deepEqual,
	tokensFor,
	roundUsd,
	splitPieces,
	cutAt,
};

'use strict';
// Server-sent events: turn a plan into the frames of a `stream: true` answer (provider shapes
// come from aiml.js / openrouter.js / deepseek.js), apply the streaming directives (keepalive, split,
// mid-error, drop, stall, no-done, truncate) and write the frames to the response.

/**
 * @typedef {{ type: 'text', text: string } | { type: 'bytes', data: Buffer } | { type: 'pause', ms: number } |
 *   { type: 'destroy' }} Frame
 * @typedef {{ frames: Frame[], complete: boolean }} StreamScript
 *   complete: the stream carries the whole answer (finish_reason and the end of the stream)
 */

const { numberOf } = require('./directives');

/** @param {unknown} obj */
function dataLine(obj) {
	return `data: ${JSON.stringify(obj)}\n\n`;
}

/**
 * @param {import('./content').Plan} plan
 * @param {any} provider  aiml.js or openrouter.js
 * @param {any} body      request body (AIML reads stream_options.include_usage)
 * @returns {StreamScript}
 */
function buildStream(plan, provider, body) {
	const dirs = plan.directives;
	const deltas = provider.streamDeltas(plan);
	/** @type {{ phase: string, obj: unknown }[]} */
	let events = deltas.map((/** @type {any} */ d) => ({
		phase: d.phase,
		obj: provider.chunk(plan, d.delta, null),
	}));
	let complete = true;
	let done = true;

	if (dirs.has('mid-error') || dirs.has('error-in-200')) {
		// after about half of the content deltas (or right after the first chunk for error-in-200)
		const contentIdx = events.map((e, i) => (e.phase === 'content' ? i : -1)).filter((i) => i >= 0);
		let cut;
		if (dirs.has('error-in-200')) cut = 1;
		else if (contentIdx.length > 0)
			cut = contentIdx[Math.max(0, Math.floor(contentIdx.length / 2) - 1)] + 1;
		else cut = events.length;
		events = events.slice(0, Math.max(1, cut));
		events.push({ phase: 'error', obj: provider.midErrorChunk(plan) });
		complete = false;
		done = false;
	} else {
		events.push({ phase: 'finish', obj: provider.chunk(plan, {}, plan.finishReason) });
		const usage = provider.usageChunk(plan, body);
		if (usage) events.push({ phase: 'usage', obj: usage });
	}
	if (dirs.has('no-done')) done = false;
	if (dirs.has('null-entries')) {
		// A chunk whose `choices` holds null, and a null tool-call delta, after the first event.
		const first = /** @type {any} */ (events[0].obj);
		events.splice(1, 0, { phase: 'null', obj: { ...first, choices: [null] } }, {
			phase: 'null',
			obj: { ...first, choices: [{ index: 0, delta: { tool_calls: [null] }, finish_reason: null }] },
		});
	}

	/** @type {Frame[]} */
	const frames = [];
	const keepalive = dirs.has('keepalive');
	const comment = provider.KEEPALIVE;
	if (keepalive) frames.push({ type: 'text', text: comment }, { type: 'text', text: comment });
	events.forEach((e, i) => {
		frames.push({ type: 'text', text: dataLine(e.obj) });
		if (keepalive && i % 2 === 1)
			frames.push({ type: 'text', text: i % 4 === 1 ? comment : ': keep-alive\n\n' });
	});
	if (done) frames.push({ type: 'text', text: 'data: [DONE]\n\n' });

	const stallMs = numberOf(dirs, 'stall', NaN);
	if (Number.isFinite(stallMs) && stallMs > 0) {
		frames.splice(Math.max(1, Math.floor(frames.length / 2)), 0, { type: 'pause', ms: stallMs });
	}
	if (dirs.has('drop')) {
		const dataFrames = frames
			.map((f, i) => (f.type === 'text' && f.text.startsWith('data: {') ? i : -1))
			.filter((i) => i >= 0);
		const keep = dataFrames[Math.max(1, Math.floor(dataFrames.length / 2))] ?? frames.length;
		frames.length = keep;
		frames.push({ type: 'destroy' });
		complete = false;
	}
	if (dirs.has('truncate')) {
		const all = Buffer.from(frames.map((f) => (f.type === 'text' ? f.text : '')).join(''), 'utf8');
		return {
			frames: [
				{ type: 'bytes', data: all.subarray(0, Math.floor(all.length / 2)) },
				{ type: 'destroy' },
			],
			complete: false,
		};
	}
	return { frames, complete };
}

/**
 * Cut a buffer into small pieces: inside every "data:" prefix, inside every multi-byte UTF-8
 * character, and at seeded random places (4–40 bytes apart).
 * @param {Buffer} buf @param {() => number} rng @returns {Buffer[]}
 */
function splitBuffer(buf, rng) {
	/** @type {Set<number>} */
	const cuts = new Set();
	let pos = 0;
	while ((pos = buf.indexOf('data:', pos)) >= 0) {
		cuts.add(pos + 2);
		pos += 5;
	}
	for (let i = 0; i < buf.length; i++) {
		// first continuation byte of a multi-byte sequence → cut right before it
		if ((buf[i] & 0xc0) === 0x80 && (buf[i - 1] & 0xc0) !== 0x80) cuts.add(i);
	}
	for (let i = 4 + Math.floor(rng() * 36); i < buf.length; i += 4 + Math.floor(rng() * 36))
		cuts.add(i);
	const points = [...cuts].filter((c) => c > 0 && c < buf.length).sort((a, b) => a - b);
	/** @type {Buffer[]} */
	const pieces = [];
	let start = 0;
	for (const p of points) {
		pieces.push(buf.subarray(start, p));
		start = p;
	}
	pieces.push(buf.subarray(start));
	return pieces;
}

/**
 * Write the frames. Returns true when every frame was written and the response ended.
 * @param {import('node:http').ServerResponse} res
 * @param {Frame[]} frames
 * @param {{ split: boolean, rng: () => number, sleep: (ms: number) => Promise<void>,
 *   isClosed: () => boolean, destroy: () => void }} io
 */
async function writeFrames(res, frames, io) {
	/** @type {Buffer[]} */
	let batch = []; // without `split`, consecutive frames go out in one write (cheap for benchmarks)
	const flush = () => {
		if (batch.length > 0) res.write(batch.length === 1 ? batch[0] : Buffer.concat(batch));
		batch = [];
	};
	for (const f of frames) {
		if (io.isClosed()) return false;
		if (f.type === 'pause') {
			flush();
			await io.sleep(f.ms);
			continue;
		}
		if (f.type === 'destroy') {
			flush();
			await new Promise((resolve) => res.write('', () => resolve(undefined)));
			io.destroy();
			return false;
		}
		const buf = f.type === 'bytes' ? f.data : Buffer.from(f.text, 'utf8');
		if (io.split) {
			for (const piece of splitBuffer(buf, io.rng)) {
				if (io.isClosed()) return false;
				res.write(piece);
				await io.sleep(1);
			}
		} else {
			batch.push(buf);
		}
	}
	if (io.isClosed()) return false;
	if (batch.length > 0) res.end(batch.length === 1 ? batch[0] : Buffer.concat(batch));
	else res.end();
	return true;
}

module.exports = { buildStream, writeFrames, splitBuffer, dataLine };

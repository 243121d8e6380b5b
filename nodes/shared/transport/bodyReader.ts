import { sleep } from 'n8n-workflow';

/** The parts of a Node.js response stream the reader uses. */
export interface ByteStream extends AsyncIterable<Uint8Array | string> {
	destroy(error?: Error): void;
}

export interface ReadLimits {
	/** Epoch ms after which the whole request has taken too long. */
	deadline: number;
	/** Longest silence allowed between two pieces of the body, in ms. */
	idleTimeoutMs: number;
	/** The execution's cancel signal. */
	signal?: AbortSignal;
	/** Aborts the request itself, closing its connection. */
	abort: () => void;
}

export type ReadEnd =
	| { end: 'complete' }
	| { end: 'timeout' | 'idle' | 'canceled' }
	| { end: 'error'; error: unknown }
	/** `onText` threw: the request was aborted and its connection closed. */
	| { end: 'rejected'; error: unknown };

export function isByteStream(value: unknown): value is ByteStream {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as ByteStream).destroy === 'function' &&
		typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
	);
}

/**
 * Reads a response body piece by piece, handing decoded text to `onText`, while a watchdog ends
 * it when the execution is canceled, the request runs past its deadline, or the body goes quiet
 * for longer than the idle limit. Node code may not use timers directly, so the watchdog sleeps
 * with n8n-workflow's `sleep` in short ticks (at most a quarter of a second).
 */
export async function readBody(
	stream: ByteStream,
	limits: ReadLimits,
	onText: (text: string) => void,
): Promise<ReadEnd> {
	const decoder = new TextDecoder();
	let lastActivity = Date.now();
	let finished = false;
	let stopped: 'timeout' | 'idle' | 'canceled' | undefined;
	const tick = Math.max(5, Math.min(250, Math.floor(limits.idleTimeoutMs / 4)));

	let wake: () => void = () => {};
	const stoppedSignal = new Promise<'stopped'>((resolve) => {
		wake = () => resolve('stopped');
	});
	const stop = (reason: 'timeout' | 'idle' | 'canceled') => {
		if (finished || stopped) return;
		stopped = reason;
		// Abort the request, so the connection closes and the provider stops working (and
		// billing); destroying the body alone would leave the socket open.
		limits.abort();
		stream.destroy();
		wake();
	};
	const watchdog = async () => {
		while (!finished && !stopped) {
			try {
				await sleep(tick, limits.signal);
			} catch {
				// the cancel signal fired: fall through to the checks
			}
			if (finished) return;
			const now = Date.now();
			if (limits.signal?.aborted) stop('canceled');
			else if (now > limits.deadline) stop('timeout');
			else if (now - lastActivity > limits.idleTimeoutMs) stop('idle');
		}
	};
	void watchdog();

	// Pieces are awaited in a race with the watchdog: the stream n8n hands out wraps the socket
	// in an async generator that notices a destroy only when the next piece arrives.
	const pieces = stream[Symbol.asyncIterator]();
	try {
		for (;;) {
			const next = await Promise.race([pieces.next(), stoppedSignal]);
			if (next === 'stopped' || next.done) break;
			lastActivity = Date.now();
			const piece = next.value;
			try {
				onText(typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true }));
			} catch (error) {
				// What we do with the body failed: stop the provider working (and billing) on an
				// answer that will not be used, and free the connection.
				finished = true;
				limits.abort();
				stream.destroy();
				return { end: 'rejected', error };
			}
		}
		if (!stopped) {
			const rest = decoder.decode();
			if (rest) onText(rest);
		}
	} catch (error) {
		if (!stopped) return { end: 'error', error };
	} finally {
		finished = true;
	}
	return stopped ? { end: stopped } : { end: 'complete' };
}

import type { IDataObject } from 'n8n-workflow';

import type { Failure } from '../errors/failure';
import type { ReadEnd, ReadLimits } from './bodyReader';
import { isByteStream, readBody } from './bodyReader';
import { inBodyFailure, unprocessableFailure } from './classifyFailure';
import { SseParser } from './sse';
import { StreamAccumulator } from './streamAccumulator';

export type BodyOutcome = { ok: true; body: IDataObject } | { ok: false; failure: Failure };

export interface StreamRead {
	end: ReadEnd;
	/** The completion the events add up to, or why they do not make one. */
	outcome: BodyOutcome;
}

/**
 * Reads a server-sent-events body: each chat.completion.chunk goes to `onChunk` as it arrives
 * and into an accumulator that rebuilds the body a non-streaming request would have returned.
 */
export async function readEventStream(
	stream: unknown,
	limits: ReadLimits,
	secrets: readonly string[],
	onChunk?: (chunk: IDataObject) => void,
): Promise<StreamRead> {
	const sse = new SseParser();
	const accumulator = new StreamAccumulator();
	let sawDone = false;
	let badChunk = false;
	const onEvent = (data: string) => {
		if (data.trim() === '[DONE]') {
			sawDone = true;
			return;
		}
		let chunk: IDataObject;
		try {
			chunk = JSON.parse(data) as IDataObject;
		} catch {
			badChunk = true;
			return;
		}
		accumulator.add(chunk);
		onChunk?.(chunk);
	};

	// A body n8n did not hand over as a stream holds no events: it counts as cut off below.
	const end: ReadEnd = isByteStream(stream)
		? await readBody(stream, limits, (piece) => {
				for (const data of sse.push(piece)) onEvent(data);
			})
		: { end: 'complete' };
	if (end.end === 'complete' && isByteStream(stream)) for (const data of sse.end()) onEvent(data);

	if (end.end === 'rejected') {
		return { end, outcome: { ok: false, failure: unprocessableFailure(end.error, secrets) } };
	}
	if (accumulator.error) {
		return { end, outcome: { ok: false, failure: inBodyFailure(accumulator.error, secrets) } };
	}
	// A stream that ends without [DONE] and without a finish reason was cut off.
	if (end.end === 'error' || (!sawDone && !accumulator.finishReason) || badChunk) {
		const detail =
			end.end === 'error'
				? 'the connection dropped in the middle of the stream'
				: badChunk
					? 'a stream event was not valid JSON'
					: 'the stream ended before the answer was complete';
		return {
			end,
			outcome: {
				ok: false,
				failure: { kind: 'network', retryable: true, interrupted: true, detail },
			},
		};
	}
	return { end, outcome: { ok: true, body: accumulator.toBody() } };
}

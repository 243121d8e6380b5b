import type { IDataObject } from 'n8n-workflow';

import { parseErrorBody } from '../errors/parseErrorBody';
import type { ReadEnd, ReadLimits } from './bodyReader';
import { isByteStream, readBody } from './bodyReader';
import type { BodyOutcome } from './readEventStream';

/** Error bodies are small; a huge one is not worth keeping whole. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

export interface TextRead {
	end: ReadEnd;
	text: string;
}

/**
 * Reads a whole (non-event-stream) body as text. An error status keeps only the first 64 KB:
 * enough for the provider's message.
 */
export async function readTextBody(
	body: unknown,
	limits: ReadLimits,
	isError: boolean,
): Promise<TextRead> {
	let text = '';
	if (isByteStream(body)) {
		const end = await readBody(body, limits, (piece) => {
			if (text.length < MAX_ERROR_BODY_CHARS || !isError) text += piece;
		});
		return { end, text };
	}
	if (typeof body === 'string') text = body;
	else if (body && typeof body === 'object') text = JSON.stringify(body);
	return { end: { end: 'complete' }, text };
}

/** The JSON object of a 200 answer, or why it is not one (cut off, or not JSON at all). */
export function parseJsonBody(read: TextRead, secrets: readonly string[]): BodyOutcome {
	if (read.end.end === 'error') {
		return {
			ok: false,
			failure: {
				kind: 'network',
				retryable: true,
				interrupted: true,
				detail: 'the connection dropped while the answer was arriving',
			},
		};
	}
	// DeepSeek keeps a waiting connection open with blank lines before the JSON body.
	const trimmed = read.text.trim();
	let body: IDataObject;
	try {
		body = JSON.parse(trimmed) as IDataObject;
	} catch {
		// A body that starts like JSON but does not parse was cut off: worth another attempt.
		const truncated = trimmed.startsWith('{');
		const info = parseErrorBody(trimmed, secrets);
		return {
			ok: false,
			failure: {
				kind: truncated ? 'network' : 'badBody',
				retryable: truncated,
				...(truncated ? { interrupted: true } : {}),
				detail: truncated ? 'the answer arrived incomplete (truncated JSON)' : undefined,
				providerMessage: truncated ? undefined : (info.message ?? 'the body was empty'),
			},
		};
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return {
			ok: false,
			failure: {
				kind: 'badBody',
				retryable: false,
				providerMessage: 'the body is not a JSON object',
			},
		};
	}
	return { ok: true, body };
}

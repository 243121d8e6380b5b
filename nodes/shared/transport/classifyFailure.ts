import type { IDataObject } from 'n8n-workflow';

import type { Failure } from '../errors/failure';
import { isRetryableStatus } from '../errors/failure';
import { parseErrorBody, providerErrorInfo } from '../errors/parseErrorBody';
import { redactSecrets } from '../errors/redact';
import { parseRetryAfter } from './retryAfter';

/**
 * Turns each way one request can go wrong into a Failure the retry loop can reason about:
 * retryable or not, and in what words to report it.
 */

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
]);

/** Error types a provider may report inside a 200 body that are worth another attempt. */
const RETRYABLE_IN_BODY = /rate_limit|overloaded|unavailable|timeout|server|internal|upstream/i;

export const CANCELED: Failure = { kind: 'canceled', retryable: false };

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as IDataObject).code;
		if (typeof code === 'string' && /^E[A-Z_]+$|^UND_ERR|^ERR_/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function errorText(error: unknown): string {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const message = (current as Error).message;
		if (typeof message === 'string') parts.push(message);
		current = (current as { cause?: unknown }).cause;
	}
	return parts.join(' | ');
}

/** A failure before any response arrived (connection trouble, timeout, cancel). */
export function requestFailure(
	error: unknown,
	signal: AbortSignal | undefined,
	secrets: readonly string[],
): Failure {
	if (signal?.aborted) return CANCELED;
	const code = errorCode(error);
	const message = errorText(error);
	if (
		code === 'ECONNABORTED' ||
		code === 'ETIMEDOUT' ||
		/timeout of \d+ms exceeded/i.test(message)
	) {
		return { kind: 'timeout', retryable: false };
	}
	if (code === 'ENOTFOUND') {
		return { kind: 'network', retryable: false, detail: `host not found (${code})` };
	}
	const retryable = code
		? RETRYABLE_NETWORK_CODES.has(code)
		: /socket hang up|reset/i.test(message);
	const detail = code ? `connection failed (${code})` : redactSecrets(message, secrets);
	return { kind: 'network', retryable, detail: detail || 'connection failed' };
}

/** An HTTP error status, with the provider's words and its Retry-After (header or body). */
export function httpFailure(
	status: number,
	text: string,
	headers: IDataObject,
	secrets: readonly string[],
): Failure {
	const info = parseErrorBody(text, secrets);
	const retryAfterMs =
		parseRetryAfter(headers['retry-after']) ??
		(info.retryAfterSeconds !== undefined ? info.retryAfterSeconds * 1000 : undefined);
	return {
		kind: 'http',
		status,
		retryable: isRetryableStatus(status),
		...(info.message ? { providerMessage: info.message } : {}),
		...(info.code ? { providerCode: info.code } : {}),
		...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
	};
}

/** An error the provider reported inside a 200 body or a stream chunk. */
export function inBodyFailure(error: IDataObject, secrets: readonly string[]): Failure {
	const info = providerErrorInfo({ error });
	const numeric = Number(error.code);
	const status = Number.isInteger(numeric) && numeric >= 100 ? numeric : undefined;
	const code = info.code ?? (typeof error.code === 'string' ? error.code : undefined);
	const retryable =
		(status !== undefined && isRetryableStatus(status)) || RETRYABLE_IN_BODY.test(code ?? '');
	return {
		kind: 'inBody',
		retryable,
		...(status !== undefined ? { status } : {}),
		...(code ? { providerCode: code } : {}),
		providerMessage: redactSecrets(info.message ?? 'the provider reported an error', secrets),
	};
}

/** A 200 body can still carry an error (OpenRouter: top level, or in the first choice). */
export function errorInBody(body: IDataObject): IDataObject | undefined {
	if (body.error && typeof body.error === 'object') return body.error as IDataObject;
	const choice = Array.isArray(body.choices)
		? (body.choices[0] as IDataObject | undefined)
		: undefined;
	if (choice?.error && typeof choice.error === 'object') return choice.error as IDataObject;
	if (choice?.finish_reason === 'error')
		return { message: 'generation failed (finish_reason "error")' };
	return undefined;
}

/** The watchdog ended the body: deadline passed, body went quiet, or execution canceled. */
export function endFailure(end: 'timeout' | 'idle' | 'canceled', idleTimeoutMs: number): Failure {
	if (end === 'canceled') return CANCELED;
	if (end === 'timeout') return { kind: 'timeout', retryable: false };
	const seconds = Math.round(idleTimeoutMs / 1000);
	return { kind: 'network', retryable: true, detail: `no data for ${seconds} s (stream stalled)` };
}

/** Reading or normalizing an answer threw: never retried, since the answer itself arrived. */
export function unprocessableFailure(error: unknown, secrets: readonly string[]): Failure {
	const message = error instanceof Error ? error.message : String(error);
	return {
		kind: 'unprocessable',
		retryable: false,
		detail: redactSecrets(message, secrets).slice(0, 300),
	};
}

import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	ISupplyDataFunctions,
} from 'n8n-workflow';

import type { Failure } from '../errors/failure';
import { isRetryableStatus } from '../errors/failure';
import { parseErrorBody, providerErrorInfo } from '../errors/parseErrorBody';
import { redactSecrets } from '../errors/redact';
import { normalizeCompletion } from '../normalize/completion';
import type { ProviderAdapter } from '../providers/types';
import type { Completion } from '../types';
import { isByteStream, readBody } from './bodyReader';
import { parseRetryAfter } from './retryAfter';
import { SseParser } from './sse';
import { StreamAccumulator } from './streamAccumulator';

export type HttpContext = IExecuteFunctions | ISupplyDataFunctions | ILoadOptionsFunctions;

export interface AttemptSettings {
	provider: ProviderAdapter;
	baseUrl: string;
	/** The whole request, from sending to the last byte. */
	timeoutMs: number;
	/** Longest silence allowed while the body arrives. */
	idleTimeoutMs: number;
	signal?: AbortSignal;
	/** Strings that must never appear in an error (the API key). */
	secrets: readonly string[];
	/** Called with each stream event as it arrives (only when streaming). */
	onChunk?: (chunk: IDataObject) => void;
	/**
	 * The credential, decrypted once for the whole run: n8n then skips decrypting it again for
	 * every request of a batch.
	 */
	credentials?: ICredentialsDecrypted;
}

export type AttemptResult =
	| { ok: true; completion: Completion; body: IDataObject }
	| { ok: false; failure: Failure };

const AXIOS_TIMEOUT_SLACK_MS = 1000;

/** Error bodies are small; a huge one is not worth keeping whole. */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

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
export function requestFailure(error: unknown, settings: AttemptSettings): Failure {
	if (settings.signal?.aborted) return { kind: 'canceled', retryable: false };
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
	const detail = code ? `connection failed (${code})` : redactSecrets(message, settings.secrets);
	return { kind: 'network', retryable, detail: detail || 'connection failed' };
}

function inBodyFailure(error: IDataObject, secrets: readonly string[]): Failure {
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
function errorInBody(body: IDataObject): IDataObject | undefined {
	if (body.error && typeof body.error === 'object') return body.error as IDataObject;
	const choice = Array.isArray(body.choices)
		? (body.choices[0] as IDataObject | undefined)
		: undefined;
	if (choice?.error && typeof choice.error === 'object') return choice.error as IDataObject;
	if (choice?.finish_reason === 'error')
		return { message: 'generation failed (finish_reason "error")' };
	return undefined;
}

function endFailure(end: 'timeout' | 'idle' | 'canceled', settings: AttemptSettings): Failure {
	if (end === 'canceled') return { kind: 'canceled', retryable: false };
	if (end === 'timeout') return { kind: 'timeout', retryable: false };
	const seconds = Math.round(settings.idleTimeoutMs / 1000);
	return { kind: 'network', retryable: true, detail: `no data for ${seconds} s (stream stalled)` };
}

/**
 * n8n 2.41's httpRequestWithAuthentication replaces a request's abortSignal with the
 * execution's cancel signal, read from `this`. Handing it a context whose cancel signal also
 * fires for this one request lets a timeout abort the request (closing its connection) without
 * stopping the whole execution. Everything else is inherited from the real context.
 */
function contextWithSignal(ctx: HttpContext, signal: AbortSignal): HttpContext {
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as HttpContext;
}

/**
 * One request to the provider's chat completions endpoint, streaming or not. Never throws:
 * every way it can go wrong becomes a Failure the retry loop can reason about.
 */
export async function attemptChat(
	ctx: HttpContext,
	body: IDataObject,
	settings: AttemptSettings,
): Promise<AttemptResult> {
	const started = Date.now();
	// This request's own signal, also fired by the execution's cancel. A listener removed when
	// the request is done, not AbortSignal.any(), which keeps ~0.4 KB per request alive until the
	// execution ends (measured over 20,000 items).
	const requestAbort = new AbortController();
	const onCancel = () => requestAbort.abort();
	if (settings.signal?.aborted) requestAbort.abort();
	settings.signal?.addEventListener('abort', onCancel, { once: true });
	try {
		return await attemptWithSignal(ctx, body, settings, started, requestAbort);
	} finally {
		settings.signal?.removeEventListener('abort', onCancel);
	}
}

async function attemptWithSignal(
	ctx: HttpContext,
	body: IDataObject,
	settings: AttemptSettings,
	started: number,
	requestAbort: AbortController,
): Promise<AttemptResult> {
	const { provider } = settings;
	const signal = requestAbort.signal;
	const streaming = body.stream === true;
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${settings.baseUrl}${provider.chatPath}`,
		body,
		json: true,
		headers: {
			'Content-Type': 'application/json',
			Accept: streaming ? 'text/event-stream' : 'application/json',
		},
		// The body is read here, piece by piece, so the watchdog can enforce the deadline and the
		// idle limit. Axios' own timeout (which counts socket silence) covers the wait for the
		// response headers; it gets a little slack so that, once the body flows, the watchdog's
		// verdict (timeout or stall) comes first.
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs + AXIOS_TIMEOUT_SLACK_MS,
		abortSignal: signal,
	};

	let response: { body: unknown; headers: IDataObject; statusCode: number };
	try {
		const requestContext = contextWithSignal(ctx, signal);
		response = (await requestContext.helpers.httpRequestWithAuthentication.call(
			requestContext,
			provider.credentialType,
			options,
			settings.credentials ? { credentialsDecrypted: settings.credentials } : undefined,
		)) as typeof response;
	} catch (error) {
		return { ok: false, failure: requestFailure(error, settings) };
	}

	const headers = (response.headers ?? {}) as IDataObject;
	const status = response.statusCode;
	const limits = {
		deadline: started + settings.timeoutMs,
		idleTimeoutMs: settings.idleTimeoutMs,
		signal: settings.signal,
		abort: () => requestAbort.abort(),
	};
	const contentType = String(headers['content-type'] ?? '');
	const isEventStream = streaming && status < 300 && contentType.includes('text/event-stream');

	let text = '';
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
		settings.onChunk?.(chunk);
	};

	let end: Awaited<ReturnType<typeof readBody>> = { end: 'complete' };
	if (isByteStream(response.body)) {
		end = await readBody(response.body, limits, (piece) => {
			if (isEventStream) {
				for (const data of sse.push(piece)) onEvent(data);
			} else if (text.length < MAX_ERROR_BODY_CHARS || status < 300) {
				text += piece;
			}
		});
		if (isEventStream && end.end === 'complete') for (const data of sse.end()) onEvent(data);
	} else if (typeof response.body === 'string') {
		text = response.body;
	} else if (response.body && typeof response.body === 'object') {
		text = JSON.stringify(response.body);
	}

	if (end.end === 'canceled' || settings.signal?.aborted) {
		return { ok: false, failure: { kind: 'canceled', retryable: false } };
	}

	if (status >= 300) {
		const info = parseErrorBody(text, settings.secrets);
		const retryAfterMs =
			parseRetryAfter(headers['retry-after']) ??
			(info.retryAfterSeconds !== undefined ? info.retryAfterSeconds * 1000 : undefined);
		return {
			ok: false,
			failure: {
				kind: 'http',
				status,
				retryable: isRetryableStatus(status),
				...(info.message ? { providerMessage: info.message } : {}),
				...(info.code ? { providerCode: info.code } : {}),
				...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
			},
		};
	}

	if (end.end === 'timeout' || end.end === 'idle')
		return { ok: false, failure: endFailure(end.end, settings) };

	let completionBody: IDataObject;
	if (isEventStream) {
		if (accumulator.error) {
			return { ok: false, failure: inBodyFailure(accumulator.error, settings.secrets) };
		}
		// A stream that ends without [DONE] and without a finish reason was cut off.
		if (end.end === 'error' || (!sawDone && !accumulator.finishReason) || badChunk) {
			const detail =
				end.end === 'error'
					? 'the connection dropped in the middle of the stream'
					: badChunk
						? 'a stream event was not valid JSON'
						: 'the stream ended before the answer was complete';
			return { ok: false, failure: { kind: 'network', retryable: true, detail } };
		}
		completionBody = accumulator.toBody();
	} else {
		if (end.end === 'error') {
			return {
				ok: false,
				failure: {
					kind: 'network',
					retryable: true,
					detail: 'the connection dropped while the answer was arriving',
				},
			};
		}
		// DeepSeek keeps a waiting connection open with blank lines before the JSON body.
		const trimmed = text.trim();
		try {
			completionBody = JSON.parse(trimmed) as IDataObject;
		} catch {
			// A body that starts like JSON but does not parse was cut off: worth another attempt.
			const truncated = trimmed.startsWith('{');
			const info = parseErrorBody(trimmed, settings.secrets);
			return {
				ok: false,
				failure: {
					kind: truncated ? 'network' : 'badBody',
					retryable: truncated,
					detail: truncated ? 'the answer arrived incomplete (truncated JSON)' : undefined,
					providerMessage: truncated ? undefined : (info.message ?? 'the body was empty'),
				},
			};
		}
		if (!completionBody || typeof completionBody !== 'object' || Array.isArray(completionBody)) {
			return {
				ok: false,
				failure: {
					kind: 'badBody',
					retryable: false,
					providerMessage: 'the body is not a JSON object',
				},
			};
		}
	}

	const error = errorInBody(completionBody);
	if (error) return { ok: false, failure: inBodyFailure(error, settings.secrets) };
	return {
		ok: true,
		completion: normalizeCompletion(completionBody, headers),
		body: completionBody,
	};
}

import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	ISupplyDataFunctions,
} from 'n8n-workflow';

import type { Failure } from '../errors/failure';
import { normalizeCompletion } from '../normalize/completion';
import type { ProviderAdapter } from '../providers/types';
import type { Completion } from '../types';
import {
	CANCELED,
	endFailure,
	errorInBody,
	httpFailure,
	inBodyFailure,
	requestFailure,
	unprocessableFailure,
} from './classifyFailure';
import { readEventStream } from './readEventStream';
import { parseJsonBody, readTextBody } from './readJsonBody';

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
	} catch (error) {
		// Nothing below should throw; if something does, the answer is this attempt's failure
		// (never retried) rather than an exception that would leave the rest of the batch running.
		requestAbort.abort();
		return { ok: false, failure: unprocessableFailure(error, settings.secrets) };
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
		return { ok: false, failure: requestFailure(error, settings.signal, settings.secrets) };
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

	const read = isEventStream
		? await readEventStream(response.body, limits, settings.secrets, settings.onChunk)
		: await readTextBody(response.body, limits, status >= 300);

	if (read.end.end === 'canceled' || settings.signal?.aborted)
		return { ok: false, failure: CANCELED };
	if (status >= 300 && 'text' in read) {
		return { ok: false, failure: httpFailure(status, read.text, headers, settings.secrets) };
	}
	if (read.end.end === 'timeout' || read.end.end === 'idle') {
		// The provider had answered 2xx: a stall is an interrupted answer.
		const failure = endFailure(read.end.end, settings.idleTimeoutMs);
		return { ok: false, failure: failure.retryable ? { ...failure, interrupted: true } : failure };
	}

	const outcome = 'outcome' in read ? read.outcome : parseJsonBody(read, settings.secrets);
	if (!outcome.ok) return outcome;
	const error = errorInBody(outcome.body);
	if (error) return { ok: false, failure: inBodyFailure(error, settings.secrets) };
	return {
		ok: true,
		completion: normalizeCompletion(outcome.body, headers),
		body: outcome.body,
	};
}

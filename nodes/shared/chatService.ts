import type { Failure } from './errors/failure';
import { describeFailure } from './errors/describeFailure';
import { secretsOf } from './errors/redact';
import type { ProviderAdapter } from './providers';
import { baseUrlOf } from './providers';
import { limiterKey } from './transport/limiterRegistry';
import { RequestGate } from './transport/requestGate';
import type { AttemptSettings, HttpContext } from './transport/chatAttempt';
import type { RetryPolicy } from './transport/withRetries';
import { sendWithRetries } from './transport/withRetries';
import type { ChatRequest, Completion } from './types';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	ISupplyDataFunctions,
} from 'n8n-workflow';

/** What stays the same for every request of one node run. */
export interface ChatService {
	provider: ProviderAdapter;
	baseUrl: string;
	credentialName?: string;
	/** Strings that must never appear in an output, an error or a log: the API key. */
	secrets: readonly string[];
	signal?: AbortSignal;
	gate: RequestGate;
	logRetry?: (message: string) => void;
	/** The credential, decrypted once per run (see AttemptSettings.credentials). */
	credentials?: ICredentialsDecrypted;
	/** How errors name the request: `item N` (default) or `the model call` (sub-node). */
	subject?: 'item' | 'modelCall';
}

/**
 * The service for one node run, from the credential read once: base URL, the credential's name
 * for messages, the key to redact, the decrypted credential (so n8n does not decrypt it per
 * request), and one request gate for every request of the run. The gate caps the run at its
 * concurrency and goes through the limiter of this API key, which every run in the process that
 * uses the same provider, base URL and key shares (transport/keyLimiter.ts).
 */
export function createChatService(
	ctx: IExecuteFunctions | ISupplyDataFunctions,
	provider: ProviderAdapter,
	credentials: ICredentialDataDecryptedObject,
	concurrency: number,
	subject?: ChatService['subject'],
): ChatService {
	const credential = ctx.getNode().credentials?.[provider.credentialType];
	const signal = ctx.getExecutionCancelSignal?.();
	const baseUrl = baseUrlOf(provider, credentials.url);
	const apiKey = String(credentials.apiKey ?? '');
	return {
		provider,
		baseUrl,
		credentialName: credential?.name,
		credentials: {
			id: credential?.id ?? '',
			name: credential?.name ?? '',
			type: provider.credentialType,
			data: credentials,
		},
		secrets: secretsOf(credentials),
		signal,
		gate: new RequestGate(concurrency, signal, limiterKey(provider.id, baseUrl, apiKey)),
		logRetry: (message) => ctx.logger.debug(message),
		...(subject ? { subject } : {}),
	};
}

export interface RequestLimits {
	timeoutMs: number;
	idleTimeoutMs: number;
	policy: RetryPolicy;
	/** Stream events as they arrive; a retried attempt starts its events again. */
	onChunk?: (chunk: IDataObject) => void;
}

export type ChatOutcome =
	| { ok: true; completion: Completion; body: IDataObject; attempts: number }
	| { ok: false; failure: Failure; message: string; failures?: Failure[] };

/**
 * Sends one chat request with the service's retries, rate-limit handling and timeouts, and
 * returns the normalized completion, or the failure with a message a user can act on.
 */
export async function completeChat(
	ctx: HttpContext,
	service: ChatService,
	request: ChatRequest,
	limits: RequestLimits,
	itemIndex: number,
): Promise<ChatOutcome> {
	const { provider } = service;
	const settings: AttemptSettings = {
		provider,
		baseUrl: service.baseUrl,
		timeoutMs: limits.timeoutMs,
		idleTimeoutMs: limits.idleTimeoutMs,
		signal: service.signal,
		secrets: service.secrets,
		onChunk: limits.onChunk,
		credentials: service.credentials,
	};
	const body = provider.buildBody(request);
	const result = await sendWithRetries(
		ctx,
		body,
		settings,
		service.gate,
		limits.policy,
		(failure, attempt, delayMs) => {
			service.logRetry?.(
				`${provider.name}: item ${itemIndex} attempt ${attempt} failed (${failure.status ?? failure.kind}); retrying in ${delayMs} ms`,
			);
		},
	);
	if (result.ok) return result;
	const message = describeFailure(result.failure, {
		provider,
		itemIndex,
		model: request.model,
		credentialName: service.credentialName,
		baseUrl: service.baseUrl,
		timeoutMs: limits.timeoutMs,
		failures: result.failures,
		subject: service.subject,
	});
	return { ok: false, failure: result.failure, message, failures: result.failures };
}

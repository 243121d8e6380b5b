/** Why one attempt at a request did not give a usable completion. */
export type FailureKind =
	| 'http' // the provider answered with an HTTP error status
	| 'inBody' // HTTP 200, but the body (or a stream chunk) reports an error
	| 'badBody' // the body is not the JSON the API promises
	| 'network' // connection refused, reset, dropped mid-body, or a stream that stalled
	| 'timeout' // the request took longer than the Timeout option
	| 'canceled' // the execution was stopped
	| 'unprocessable'; // the answer arrived but reading it threw (an unexpected shape)

export interface Failure {
	kind: FailureKind;
	retryable: boolean;
	/** HTTP status, or the error code a provider put in a 200 body. */
	status?: number;
	/** The provider's own words, already redacted. */
	providerMessage?: string;
	/** Provider error type/code such as `rate_limit_exceeded` or `provider_unavailable`. */
	providerCode?: string;
	/** How long the provider asked us to wait (Retry-After), in milliseconds. */
	retryAfterMs?: number;
	/**
	 * The provider had answered (2xx) and the answer was cut off on its way: it may have been
	 * billed, and a retry may be billed again.
	 */
	interrupted?: boolean;
	/** For network and timeout failures: what happened, in plain words. */
	detail?: string;
}

/** Statuses worth another attempt: timeouts, rate limits, server and edge trouble. */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 429 || status >= 500;
}

/** A short label for one failed attempt, used in the "gave up after N attempts" summary. */
export function failureLabel(failure: Failure): string {
	if (failure.kind === 'http') return `HTTP ${failure.status}`;
	if (failure.kind === 'inBody')
		return `error in response${failure.status ? ` (${failure.status})` : ''}`;
	if (failure.kind === 'timeout') return 'timeout';
	if (failure.kind === 'badBody') return 'unreadable response';
	if (failure.kind === 'canceled') return 'canceled';
	if (failure.kind === 'unprocessable') return 'unprocessable response';
	return failure.detail ?? 'network error';
}

import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Failure } from '../errors/failure';
import type { AttemptResult, AttemptSettings, HttpContext } from './chatAttempt';
import { attemptChat } from './chatAttempt';
import type { RequestGate } from './requestGate';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff delay; it doubles on each retry (with jitter). */
	baseDelayMs: number;
	/** The longest single wait, whether from backoff or from a Retry-After header. */
	maxDelayMs: number;
	/**
	 * Whether an answer cut off on its way (the provider had answered 200) is requested again.
	 * The provider may bill both; default true (see the README's billing table for why).
	 */
	retryInterrupted?: boolean;
	/** Asked before each retry: false stops (e.g. once part of an answer was passed on). */
	canRetry?: () => boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 5 * 60 * 1000,
};

export type RetriedResult =
	| (Extract<AttemptResult, { ok: true }> & { attempts: number })
	| { ok: false; failure: Failure; failures: Failure[] };

/** Exponential backoff with jitter: between half and all of base × 2^(retry−1). */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Sends one chat request through the shared gate, retrying what is worth retrying (408, 429,
 * 5xx, 524/529, dropped connections, errors the provider flags as transient) and nothing else.
 * A 429 pauses the whole gate for the Retry-After time (or the backoff when there is none).
 * A complete answer is never requested again. An answer cut off on its way (a dropped stream,
 * a truncated body, a stalled stream) is requested again only when the policy allows it
 * (Retry Interrupted Answers); that retry may be billed a second time, and `attempts` on the
 * output item counts every request sent.
 */
export async function sendWithRetries(
	ctx: HttpContext,
	body: IDataObject,
	settings: AttemptSettings,
	gate: RequestGate,
	policy: RetryPolicy,
	onRetry?: (failure: Failure, attempt: number, delayMs: number) => void,
): Promise<RetriedResult> {
	const failures: Failure[] = [];
	for (let attempt = 1; ; attempt++) {
		const slot = await gate.acquire();
		if (!slot) {
			const failure: Failure = { kind: 'canceled', retryable: false };
			return { ok: false, failure, failures: [...failures, failure] };
		}
		let result: AttemptResult | undefined;
		try {
			result = await attemptChat(ctx, body, settings);
		} finally {
			// Released whatever happens, so that a slot is never lost to an exception.
			if (!result) slot.release('failure');
		}
		if (result.ok) {
			slot.release('success');
			return { ...result, attempts: attempt };
		}

		const { failure } = result;
		failures.push(failure);
		const rateLimited = failure.status === 429;
		const delay = failure.retryAfterMs ?? backoffDelay(attempt, policy);
		const tooLong = delay > policy.maxDelayMs;
		// A wait beyond the cap fails this item at once (below); pausing every other item for the
		// cap first would only delay the same verdict for each of them.
		slot.release(rateLimited ? 'rateLimited' : 'failure', rateLimited && !tooLong ? delay : 0);

		const exhausted = attempt > policy.maxRetries || policy.canRetry?.() === false;
		const refusedInterrupted = !!failure.interrupted && policy.retryInterrupted === false;
		if (!failure.retryable || refusedInterrupted || exhausted || tooLong) {
			return {
				ok: false,
				failure: tooLong
					? { ...failure, retryAfterMs: delay }
					: refusedInterrupted
						? { ...failure, retryable: false }
						: failure,
				failures,
			};
		}
		onRetry?.(failure, attempt, delay);
		// A 429 already paused the gate, which the next acquire() waits out.
		if (!rateLimited && delay > 0) {
			try {
				await sleep(delay, settings.signal);
			} catch {
				const canceled: Failure = { kind: 'canceled', retryable: false };
				return { ok: false, failure: canceled, failures: [...failures, canceled] };
			}
		}
	}
}

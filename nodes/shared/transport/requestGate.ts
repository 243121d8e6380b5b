import { sleep } from 'n8n-workflow';

/** After a 429, the limit grows back only once this long has passed without another one. */
const RECOVERY_QUIET_MS = 5000;
/** A raise that draws a 429 doubles the quiet time before the next try, up to this. */
const MAX_RECOVERY_QUIET_MS = 60000;

/**
 * Shared by every request of one node execution. It caps how many requests are in flight,
 * pauses all of them when the provider asks to wait (a 429 with Retry-After is about the
 * account, not the one request), and adapts the cap to what the provider accepts: after a 429
 * it drops to the number of requests the provider is still serving (at least half the previous
 * cap), and it grows back by one after each full round of successes once 429s have stopped for
 * 5 s (10, 20 … 60 s after a raise that drew a 429 at once).
 */
export class RequestGate {
	private inFlight = 0;

	private pausedUntil = 0;

	private lastRateLimitAt = 0;

	private successesSinceChange = 0;

	private recoveryQuietMs = RECOVERY_QUIET_MS;

	/** The last raise has not yet proven itself with a full round of successes. */
	private raisePending = false;

	private waiters: Array<() => void> = [];

	/** The current cap; starts at the configured concurrency. */
	limit: number;

	/** The most requests that were ever in flight at once (for tests and benchmarks). */
	peakInFlight = 0;

	constructor(
		readonly maxConcurrency: number,
		private readonly signal?: AbortSignal,
	) {
		this.limit = maxConcurrency;
		// One listener for the gate's lifetime, not one per wait: a long batch waits thousands
		// of times on the same signal.
		signal?.addEventListener('abort', () => this.wakeAll(), { once: true });
	}

	/** Waits for a free slot and for any pause to end. False when the execution was canceled. */
	async acquire(): Promise<boolean> {
		for (;;) {
			if (this.signal?.aborted) return false;
			const wait = this.pausedUntil - Date.now();
			if (wait > 0) {
				try {
					await sleep(wait, this.signal);
				} catch {
					return false;
				}
				continue;
			}
			if (this.inFlight < this.limit) {
				this.inFlight++;
				this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
				return true;
			}
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	/** Frees the slot and learns from the outcome. */
	release(outcome: 'success' | 'rateLimited' | 'failure', pauseMs = 0): void {
		this.inFlight--;
		const now = Date.now();
		if (outcome === 'rateLimited') {
			// Probing above what the provider serves costs a pause of the whole pool each time:
			// when a raise drew this 429, wait twice as long before the next probe.
			if (this.raisePending) {
				this.recoveryQuietMs = Math.min(MAX_RECOVERY_QUIET_MS, this.recoveryQuietMs * 2);
				this.raisePending = false;
			}
			this.lastRateLimitAt = now;
			this.successesSinceChange = 0;
			const stillServed = Math.max(this.inFlight, Math.floor(this.limit / 2));
			this.limit = Math.max(1, Math.min(this.limit, stillServed));
			if (pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
		} else if (outcome === 'success' && this.limit < this.maxConcurrency) {
			this.successesSinceChange++;
			const fullRound = this.successesSinceChange >= this.limit;
			if (this.raisePending && fullRound) {
				this.raisePending = false;
				this.recoveryQuietMs = RECOVERY_QUIET_MS;
			}
			const quiet = now - this.lastRateLimitAt >= this.recoveryQuietMs;
			if (quiet && fullRound) {
				this.limit++;
				this.successesSinceChange = 0;
				this.raisePending = true;
			}
		}
		this.wakeAll();
	}

	private wakeAll(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}
}

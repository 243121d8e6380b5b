import type { KeySlot, LimiterRun, Slot } from './keyLimiter';
import { KeyLimiter } from './keyLimiter';
import { limiterFor } from './limiterRegistry';

export type { Outcome, Slot } from './keyLimiter';

/**
 * The requests of one node run. They go through the limiter of the run's API key (shared with
 * every other run on that key in this process, see keyLimiter.ts) and, on top, never more than
 * the run's own Concurrency at once. When the execution is canceled, waiting requests get no
 * slot and the slots of requests still in flight are freed at once for the other runs. The
 * cancel listener exists only while the run has requests in flight or waiting, so nothing is
 * left attached to the execution's signal when the run ends.
 */
export class RequestGate implements LimiterRun {
	inFlight = 0;

	/** The most requests of this run that were ever in flight at once (for tests and benchmarks). */
	peakInFlight = 0;

	readonly waiters: Array<(slot: Slot | undefined) => void> = [];

	private readonly held = new Set<KeySlot>();

	private listening = false;

	private readonly onAbort = () => this.cancel();

	/** The key's limiter, looked up again whenever this run has nothing in flight or waiting. */
	limiter: KeyLimiter;

	/**
	 * `limit` names the key's limiter (limiterRegistry.ts), or is the limiter itself; without it
	 * the run has a limiter of its own (nothing shared).
	 */
	constructor(
		readonly maxConcurrency: number,
		private readonly signal?: AbortSignal,
		private readonly limit: string | KeyLimiter = new KeyLimiter(),
	) {
		this.limiter = typeof limit === 'string' ? limiterFor(limit) : limit;
	}

	/** Waits for a slot (and for any pause of the key). Undefined when the execution was canceled. */
	async acquire(): Promise<Slot | undefined> {
		if (this.signal?.aborted) return undefined;
		if (typeof this.limit === 'string' && !this.held.size && !this.waiters.length) {
			this.limiter = limiterFor(this.limit);
		}
		this.listen();
		return await new Promise<Slot | undefined>((resolve) => {
			this.waiters.push(resolve);
			this.limiter.enqueue(this);
		});
	}

	onGranted(slot: KeySlot): void {
		this.held.add(slot);
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
	}

	onReleased(slot: KeySlot): void {
		this.held.delete(slot);
		this.stopListeningWhenDone();
	}

	private cancel(): void {
		this.listening = false;
		const waiters = this.waiters.splice(0);
		this.limiter.withdraw(this);
		for (const slot of [...this.held]) this.limiter.drop(slot);
		for (const wake of waiters) wake(undefined);
	}

	private listen(): void {
		if (this.listening || !this.signal) return;
		this.listening = true;
		this.signal.addEventListener('abort', this.onAbort, { once: true });
	}

	private stopListeningWhenDone(): void {
		if (!this.listening || this.held.size || this.waiters.length) return;
		this.listening = false;
		this.signal?.removeEventListener('abort', this.onAbort);
	}
}

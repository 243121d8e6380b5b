import { sleep } from 'n8n-workflow';

/** After a decrease, the cap grows back only once this long has passed without another one. */
const RECOVERY_QUIET_MS = 5000;
/** A raise that draws a 429 doubles the quiet time before the next try, up to this. */
const MAX_RECOVERY_QUIET_MS = 60000;
/** Multiplicative decrease: a congestion event never cuts the cap below this share of what was in flight. */
const DECREASE_FLOOR = 0.5;
/**
 * While every request of the key is refused, each new congestion event pauses this much longer
 * than the last (never less than the provider's Retry-After), up to MAX_REFUSED_PAUSE_MS.
 */
const REFUSED_PAUSE_GROWTH = 1.5;
const MAX_REFUSED_PAUSE_MS = 15000;

export type Outcome = 'success' | 'rateLimited' | 'failure';

/** One request's place under the limits. Releasing twice is harmless (a cancel may come first). */
export interface Slot {
	release(outcome: Outcome, pauseMs?: number): void;
}

/** What the key limiter needs from a node run (see requestGate.ts): its own cap and its queue. */
export interface LimiterRun {
	readonly maxConcurrency: number;
	inFlight: number;
	/** Waiting acquires of this run, first come first served. */
	readonly waiters: Array<(slot: Slot | undefined) => void>;
	onGranted(slot: KeySlot): void;
	onReleased(slot: KeySlot): void;
}

export interface KeySlot extends Slot {
	readonly run: LimiterRun;
	/** The congestion epoch the request started in: 429s of one epoch are one event. */
	readonly epoch: number;
	released: boolean;
}

/** The 429s of one congestion event, counted until every request that was in flight returns. */
interface Burst {
	flight: number;
	rejected: number;
	outstanding: number;
}

/**
 * The limit of one API key at one provider, shared by every node run in this process that uses
 * that key (see limiterRegistry.ts). It learns how many requests the provider serves at once
 * from its 429s, with the AIMD law that lets independent processes (n8n queue-mode workers)
 * share one limit without talking to each other:
 * - multiplicative decrease, once per congestion event: the first 429 of requests started since
 *   the last decrease cuts the cap to half of what was in flight; 429s of requests that were
 *   already in flight then belong to the same event. When all of those have returned, the cap
 *   is raised back to what the provider served of them, if that is more (a probe that overshot
 *   by one costs one slot, not half);
 * - additive increase: +1 after a full round of successes at the cap, once no decrease has
 *   happened for 5 s (10, 20 … 60 s after a raise that drew a 429 at once), and only while the
 *   cap is what holds requests back;
 * - Retry-After pauses every request of this key in the process, and no other key; while every
 *   request is refused (a worker that the others crowd out), each new event pauses 1.5× longer,
 *   up to 15 s, so that its items do not spend their retries before it gets a share.
 * A free slot goes to the waiting run with the fewest requests in flight (round-robin among
 * equals), so a small execution that starts during a long batch gets the next free slots
 * instead of queueing behind the batch.
 * About 275 lines: the law's state (cap, event, pause, probe waits) and the queue it serves
 * change together on every grant and release, so they are one class.
 */
export class KeyLimiter {
	/** Requests of this key in flight in this process. */
	inFlight = 0;

	/** The most requests that were ever in flight at once (for tests and benchmarks). */
	peakInFlight = 0;

	/** Congestion events so far (for tests and benchmarks). */
	decreases = 0;

	/** Congestion events since the last success. */
	private refusedEvents = 0;

	private cap = Infinity;

	private epoch = 0;

	private inFlightThisEpoch = 0;

	private burst?: Burst;

	private pausedUntil = 0;

	private wakeScheduled = false;

	private lastDecreaseAt = 0;

	private successesSinceChange = 0;

	private recoveryQuietMs = RECOVERY_QUIET_MS;

	/** The last raise has not yet proven itself with a full round of successes. */
	private raisePending = false;

	/** Runs with waiting acquires, in round-robin order. */
	private ready: LimiterRun[] = [];

	/** The learned cap (Infinity until the provider has answered 429). */
	get limit(): number {
		return this.cap;
	}

	/** Nothing in flight, nobody waiting, no pause running: nothing left to share or to honour. */
	get idle(): boolean {
		return this.inFlight === 0 && this.ready.length === 0 && this.pausedUntil <= Date.now();
	}

	/** Queues a waiter of `run` (already pushed to run.waiters) and serves what can be served. */
	enqueue(run: LimiterRun): void {
		if (!this.ready.includes(run)) this.ready.push(run);
		this.pump();
	}

	/** Takes a run out of the queue (its execution was canceled) and passes its turn on. */
	withdraw(run: LimiterRun): void {
		this.ready = this.ready.filter((queued) => queued !== run);
		this.pump();
	}

	/** Frees a slot without learning anything (a canceled request). */
	drop(slot: KeySlot): void {
		if (!this.free(slot)) return;
		this.settleBurst();
		this.pump();
	}

	/**
	 * Frees the slot and counts it into the congestion event its request belongs to: a 429 as
	 * rejected, a canceled request (no outcome) as not part of the event at all, so that the
	 * event still ends when the others have returned.
	 */
	private free(slot: KeySlot, outcome?: Outcome): boolean {
		if (slot.released) return false;
		slot.released = true;
		slot.run.inFlight--;
		this.inFlight--;
		if (slot.epoch === this.epoch) this.inFlightThisEpoch--;
		if (this.burst && slot.epoch === this.epoch - 1) {
			this.burst.outstanding--;
			if (outcome === 'rateLimited') this.burst.rejected++;
			if (outcome === undefined) this.burst.flight--;
		}
		slot.run.onReleased(slot);
		return true;
	}

	private release(slot: KeySlot, outcome: Outcome, pauseMs = 0): void {
		if (slot.released) return;
		// Only a cap that holds requests back is tested by a success; growing an unused cap would
		// only make the next burst overshoot further.
		const capBinds =
			this.inFlight >= this.cap && this.ready.some((run) => run.inFlight < run.maxConcurrency);
		this.free(slot, outcome);
		const now = Date.now();
		if (outcome === 'rateLimited') {
			if (slot.epoch === this.epoch) this.decrease(now);
			if (pauseMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + this.refusedPause(pauseMs));
		} else if (outcome === 'success') {
			this.refusedEvents = 0;
			if (capBinds) this.increase(now);
		}
		this.settleBurst();
		this.pump();
	}

	/** The pause for a 429 with this Retry-After, longer when nothing has been served for a while. */
	private refusedPause(retryAfterMs: number): number {
		const grown = retryAfterMs * REFUSED_PAUSE_GROWTH ** Math.max(0, this.refusedEvents - 1);
		return Math.max(retryAfterMs, Math.min(MAX_REFUSED_PAUSE_MS, grown));
	}

	/**
	 * Once every request that was in flight at the congestion event has returned, what the
	 * provider served of them is a better cap than half, if it is more. (Not less: halving is what
	 * makes queue-mode workers converge on equal shares; see docs/ARCHITECTURE.md.)
	 */
	private settleBurst(): void {
		const burst = this.burst;
		if (!burst || burst.outstanding > 0) return;
		this.burst = undefined;
		this.cap = Math.max(this.cap, burst.flight - burst.rejected);
	}

	private decrease(now: number): void {
		const flight = this.inFlight + 1;
		this.cap = Math.max(1, Math.floor(Math.min(this.cap, flight) * DECREASE_FLOOR));
		this.burst = { flight, rejected: 1, outstanding: this.inFlightThisEpoch };
		this.epoch++;
		this.inFlightThisEpoch = 0;
		this.decreases++;
		this.refusedEvents++;
		// Probing above what the provider serves costs a pause each time: when a raise drew this
		// 429, wait twice as long before the next probe.
		if (this.raisePending) {
			this.recoveryQuietMs = Math.min(MAX_RECOVERY_QUIET_MS, this.recoveryQuietMs * 2);
			this.raisePending = false;
		}
		this.lastDecreaseAt = now;
		this.successesSinceChange = 0;
	}

	private increase(now: number): void {
		if (this.burst) return;
		this.successesSinceChange++;
		const fullRound = this.successesSinceChange >= this.cap;
		if (this.raisePending && fullRound) {
			this.raisePending = false;
			this.recoveryQuietMs = RECOVERY_QUIET_MS;
		}
		if (fullRound && now - this.lastDecreaseAt >= this.recoveryQuietMs) {
			this.cap++;
			this.successesSinceChange = 0;
			this.raisePending = true;
		}
	}

	/**
	 * Grants free slots to waiting runs, each within its own cap: to the run with the fewest
	 * requests in flight, and among equals to the one that has waited longest for its turn.
	 */
	private pump(): void {
		const wait = this.pausedUntil - Date.now();
		if (wait > 0) {
			if (this.ready.length) this.wakeAfter(wait);
			return;
		}
		while (this.inFlight < this.cap) {
			let index = -1;
			for (let i = 0; i < this.ready.length; i++) {
				const run = this.ready[i];
				if (run.inFlight >= run.maxConcurrency) continue;
				if (index < 0 || run.inFlight < this.ready[index].inFlight) index = i;
			}
			if (index < 0) return;
			const run = this.ready[index];
			this.ready.splice(index, 1);
			const waiter = run.waiters.shift() as (slot: Slot | undefined) => void;
			if (run.waiters.length) this.ready.push(run);
			waiter(this.grant(run));
		}
	}

	private grant(run: LimiterRun): KeySlot {
		run.inFlight++;
		this.inFlight++;
		this.inFlightThisEpoch++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		const slot: KeySlot = {
			run,
			epoch: this.epoch,
			released: false,
			release: (outcome, pauseMs) => this.release(slot, outcome, pauseMs),
		};
		run.onGranted(slot);
		return slot;
	}

	/** One timer per key for a pause, however many requests wait on it. */
	private wakeAfter(ms: number): void {
		if (this.wakeScheduled) return;
		this.wakeScheduled = true;
		void sleep(ms).then(() => {
			this.wakeScheduled = false;
			this.pump();
		});
	}
}

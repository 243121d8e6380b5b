import { KeyLimiter } from '../../nodes/shared/transport/keyLimiter';
import type { Slot } from '../../nodes/shared/transport/requestGate';
import { RequestGate } from '../../nodes/shared/transport/requestGate';
import { limiterCount, limiterFor, limiterKey } from '../../nodes/shared/transport/limiterRegistry';

const tick = async () => await Promise.resolve();
const flush = async () => {
	for (let i = 0; i < 5; i++) await tick();
};

/** Acquires `count` slots of `gate` and returns those granted so far (the rest keep waiting). */
async function take(gate: RequestGate, count: number): Promise<Slot[]> {
	const slots: Slot[] = [];
	for (let i = 0; i < count; i++) void gate.acquire().then((slot) => slot && slots.push(slot));
	await flush();
	return slots;
}

const release = (slots: Slot[], count: number, outcome: 'success' | 'rateLimited', pauseMs = 0) => {
	for (const slot of slots.splice(0, count)) slot.release(outcome, pauseMs);
};

describe('KeyLimiter control law', () => {
	afterEach(() => jest.useRealTimers());

	it('a burst of simultaneous 429s lowers the cap once, to half of what was in flight', async () => {
		const limiter = new KeyLimiter();
		const gate = new RequestGate(10, undefined, limiter);
		const slots = await take(gate, 10);
		expect(slots).toHaveLength(10);
		release(slots, 10, 'rateLimited');
		expect(limiter.decreases).toBe(1);
		expect(limiter.limit).toBe(5);
	});

	it('after a burst, keeps what the provider served of it (20 in flight, 10 rejected → 10)', async () => {
		const limiter = new KeyLimiter();
		const gate = new RequestGate(20, undefined, limiter);
		const slots = await take(gate, 20);
		release(slots, 10, 'rateLimited');
		expect(limiter.limit).toBe(10); // half of 20 at once, before the burst is over
		release(slots, 10, 'success');
		expect(limiter.limit).toBe(10); // the 10 that were served
		expect(limiter.decreases).toBe(1);
	});

	it('a probe that overshoots by one costs one slot, and the next probe waits twice as long', async () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		const limiter = new KeyLimiter();
		const gate = new RequestGate(20, undefined, limiter);
		// The run wants more than the cap all along: a long backlog.
		const slots = await take(gate, 1000);
		release(slots, 10, 'rateLimited');
		release(slots, 10, 'success');
		await flush();
		expect(limiter.limit).toBe(10);
		expect(slots).toHaveLength(10);
		const round = async () => {
			release(slots, slots.length, 'success');
			await flush();
		};
		await round();
		expect(limiter.limit).toBe(10); // no raise within 5 s of the decrease
		jest.setSystemTime(Date.now() + 5000);
		await round();
		expect(limiter.limit).toBe(11);
		expect(slots).toHaveLength(11);
		// The provider serves 10: the 11th is refused, a decrease to half at once...
		slots.splice(10, 1)[0].release('rateLimited');
		expect(limiter.limit).toBe(5);
		expect(limiter.decreases).toBe(2);
		// ...and back to the 10 served once they have returned.
		await round();
		expect(limiter.limit).toBe(10);
		jest.setSystemTime(Date.now() + 5000);
		await round();
		expect(limiter.limit).toBe(10); // a raise that drew a 429: the next one waits 10 s
		jest.setSystemTime(Date.now() + 5000);
		await round();
		expect(limiter.limit).toBe(11);
	});

	it('recovers by one per full round of successes once 429s have stopped', async () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		const limiter = new KeyLimiter();
		const gate = new RequestGate(8, undefined, limiter);
		const first = await take(gate, 8);
		release(first, 8, 'rateLimited');
		expect(limiter.limit).toBe(4);
		const waiting = await take(gate, 40);
		expect(waiting).toHaveLength(4);
		jest.setSystemTime(Date.now() + 5000);
		const seen: number[] = [];
		for (let i = 0; i < 6; i++) {
			release(waiting, limiter.limit, 'success');
			await flush();
			seen.push(limiter.limit);
		}
		// Never above the run's own Concurrency (8): the key cap stops growing once unused.
		expect(seen).toEqual([5, 6, 7, 8, 8, 8]);
		expect(gate.peakInFlight).toBe(8);
	});

	it('serves two runs on one key in turn: a small run that starts later is not starved', async () => {
		const limiter = new KeyLimiter();
		const batch = new RequestGate(10, undefined, limiter);
		const first = await take(batch, 4);
		release(first, 4, 'rateLimited'); // the key serves 2 at once from now on
		expect(limiter.limit).toBe(2);
		const order: string[] = [];
		const batchSlots: Slot[] = [];
		const smallSlots: Slot[] = [];
		for (let i = 0; i < 30; i++)
			void batch.acquire().then((slot) => {
				order.push('batch');
				if (slot) batchSlots.push(slot);
			});
		await flush();
		const small = new RequestGate(10, undefined, limiter);
		for (let i = 0; i < 3; i++)
			void small.acquire().then((slot) => {
				order.push('small');
				if (slot) smallSlots.push(slot);
			});
		await flush();
		for (let i = 0; i < 6; i++) {
			release(batchSlots, 1, 'success');
			release(smallSlots, 1, 'success');
			await flush();
		}
		// 2 batch requests were already running; from then on the runs alternate.
		expect(order.slice(0, 8)).toEqual([
			'batch',
			'batch',
			'small',
			'batch',
			'small',
			'batch',
			'small',
			'batch',
		]);
	});

	it('a canceled execution frees its slots at once and its waiters get none', async () => {
		const limiter = new KeyLimiter();
		const controller = new AbortController();
		const canceled = new RequestGate(10, controller.signal, limiter);
		release(await take(canceled, 4), 4, 'success');
		// Learn a cap of 4 so that the other run has to wait for the canceled one's slots.
		const probe = await take(canceled, 4);
		release(probe, 4, 'rateLimited');
		const mine = await take(canceled, 10);
		expect(mine).toHaveLength(2);
		const other = new RequestGate(10, undefined, limiter);
		const otherSlots = await take(other, 2);
		expect(otherSlots).toHaveLength(0);
		let waitersAnswered = 0;
		const late = canceled.acquire().then((slot) => {
			waitersAnswered++;
			return slot;
		});
		controller.abort();
		await flush();
		expect(await late).toBeUndefined();
		expect(waitersAnswered).toBe(1);
		expect(otherSlots).toHaveLength(2); // without waiting for the canceled requests to return
		expect(limiter.inFlight).toBe(2);
		// The canceled requests return later: nothing is counted twice, nothing learned.
		release(mine, 2, 'rateLimited');
		expect(limiter.inFlight).toBe(2);
		expect(limiter.limit).toBe(2);
		expect(await canceled.acquire()).toBeUndefined();
	});

	it('Retry-After pauses every run on that key, and no other key', async () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		const limited = new KeyLimiter();
		const other = new KeyLimiter();
		const a = new RequestGate(5, undefined, limited);
		const b = new RequestGate(5, undefined, limited);
		const c = new RequestGate(5, undefined, other);
		release(await take(a, 1), 1, 'rateLimited', 1000);
		const bSlots = await take(b, 2);
		const cSlots = await take(c, 2);
		expect(bSlots).toHaveLength(0);
		expect(cSlots).toHaveLength(2);
		await jest.advanceTimersByTimeAsync(999);
		expect(bSlots).toHaveLength(0);
		await jest.advanceTimersByTimeAsync(1);
		await flush();
		expect(bSlots).toHaveLength(1); // the one refused request set the key's cap to 1
	});

	it('while every request of the key is refused, each new event pauses 1.5× longer (up to 15 s); a success resets it', async () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		const limiter = new KeyLimiter();
		const gate = new RequestGate(1, undefined, limiter);
		const slots = await take(gate, 1000);
		/** Refuses the request in flight (Retry-After 1 s) and returns how long until the next is sent. */
		const refuse = async () => {
			release(slots, 1, 'rateLimited', 1000);
			let waited = 0;
			while (slots.length === 0) {
				await jest.advanceTimersByTimeAsync(250);
				waited += 250;
			}
			return waited;
		};
		const waits = [];
		for (let i = 0; i < 9; i++) waits.push(await refuse());
		// 1000 × 1.5ⁿ, on the 250 ms grid of this test; never below the provider's Retry-After.
		expect(waits).toEqual([1000, 1500, 2250, 3500, 5250, 7750, 11500, 15000, 15000]);
		release(slots, 1, 'success');
		await flush();
		expect(await refuse()).toBe(1000);
	});

	it('a request canceled during a congestion event does not keep the cap down for good', async () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		const limiter = new KeyLimiter();
		const controller = new AbortController();
		const canceled = new RequestGate(5, controller.signal, limiter);
		const batch = new RequestGate(20, undefined, limiter);
		const canceledSlots = await take(canceled, 5);
		const slots = await take(batch, 1000);
		expect(slots).toHaveLength(20);
		release(slots, 10, 'rateLimited'); // 25 in flight: the event starts, cap 12 at once
		controller.abort(); // 5 of the event's requests will never report back
		release(slots, 10, 'success');
		await Promise.resolve();
		expect(canceledSlots).toHaveLength(5);
		expect(limiter.limit).toBe(12); // half of 25 stands: the 10 served of 20 are fewer
		await Promise.resolve();
		const round = async () => {
			release(slots, slots.length, 'success');
			for (let i = 0; i < 5; i++) await Promise.resolve();
		};
		await round();
		jest.setSystemTime(Date.now() + 5000);
		await round();
		// The event ended without the canceled requests (before, it waited for them for good and
		// the cap never grew again).
		expect(limiter.limit).toBe(13);
	});
});

describe('RequestGate', () => {
	it('never lets more than the run’s Concurrency in flight, whatever the key allows', async () => {
		const limiter = new KeyLimiter();
		const gate = new RequestGate(3, undefined, limiter);
		const slots = await take(gate, 5);
		expect(slots).toHaveLength(3);
		release(slots, 1, 'success');
		await flush();
		expect(slots).toHaveLength(3);
		expect(gate.peakInFlight).toBe(3);
	});

	it('keeps no cancel listener on the execution once its requests are done', async () => {
		const controller = new AbortController();
		let listeners = 0;
		const signal = controller.signal;
		const add = signal.addEventListener.bind(signal);
		const remove = signal.removeEventListener.bind(signal);
		signal.addEventListener = ((...args: Parameters<typeof add>) => {
			if (args[0] === 'abort') listeners++;
			add(...args);
		}) as typeof add;
		signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
			if (args[0] === 'abort') listeners--;
			remove(...args);
		}) as typeof remove;
		const gate = new RequestGate(4, signal);
		for (let round = 0; round < 3; round++) {
			const slots = await take(gate, 6);
			release(slots, 4, 'success');
			await flush();
			release(slots, 2, 'success');
		}
		expect(listeners).toBe(0);
	});
});

describe('limiter registry', () => {
	it('one limiter per provider, base URL and key; the key itself is not in its name', async () => {
		const key = limiterKey('openRouter', 'https://openrouter.ai/api/v1/', 'sk-or-secret-1');
		expect(key).not.toContain('sk-or-secret-1');
		expect(key).toBe(limiterKey('openRouter', 'https://openrouter.ai/api/v1', 'sk-or-secret-1'));
		const names = [
			key,
			limiterKey('openRouter', 'https://openrouter.ai/api/v1', 'sk-or-secret-2'),
			limiterKey('aimlApi', 'https://openrouter.ai/api/v1', 'sk-or-secret-1'),
			limiterKey('openRouter', 'http://127.0.0.1:9/v1', 'sk-or-secret-1'),
		];
		expect(new Set(names).size).toBe(4);
		const gates = names.map((name) => new RequestGate(2, undefined, name));
		// A limiter lives while its key is in use.
		const slots = await Promise.all(gates.map(async (gate) => await gate.acquire()));
		expect(new RequestGate(2, undefined, names[0]).limiter).toBe(gates[0].limiter);
		expect(new Set(gates.map((gate) => gate.limiter)).size).toBe(4);
		for (const slot of slots) slot?.release('success');
	});

	it('keeps a limiter while its key is in use, starts afresh once idle, sweeps unused ones', async () => {
		jest.useFakeTimers({ now: Date.now() });
		try {
			const a = new RequestGate(4, undefined, 'test key a');
			const b = new RequestGate(4, undefined, 'test key a');
			const aSlots = await take(a, 1);
			const bSlots = await take(b, 1);
			expect(a.limiter).toBe(b.limiter);
			expect(a.limiter.inFlight).toBe(2);
			const shared = a.limiter;
			// A 429 with Retry-After keeps the limiter (and its pause) after its requests returned.
			release(aSlots, 1, 'rateLimited', 1000);
			release(bSlots, 1, 'success');
			expect(limiterFor('test key a')).toBe(shared);
			jest.setSystemTime(Date.now() + 1000);
			expect(limiterFor('test key a')).not.toBe(shared);
			for (let i = 0; i < 100; i++) {
				const gate = new RequestGate(1, undefined, `test credential ${i}`);
				release(await take(gate, 1), 1, 'success');
			}
			expect(limiterCount()).toBeGreaterThanOrEqual(100);
			jest.setSystemTime(Date.now() + 60000);
			const busy = new RequestGate(1, undefined, 'test busy');
			await take(busy, 1);
			limiterFor('test one more');
			expect(limiterCount()).toBe(2); // the busy one and the one just looked up
		} finally {
			jest.useRealTimers();
		}
	});
});

import { runPool } from '../../nodes/shared/pool';
import { RequestGate } from '../../nodes/shared/transport/requestGate';
import { parseRetryAfter } from '../../nodes/shared/transport/retryAfter';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../nodes/shared/transport/withRetries';

const tick = async () => await new Promise<void>((resolve) => queueMicrotask(resolve));

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');
	it.each([
		['3', 3000],
		['0', 0],
		['1.5', 1500],
		[7, 7000],
		[['2'], 2000],
		['Mon, 23 Nov 2026 12:00:10 GMT', 10000],
		['Mon, 23 Nov 2026 11:59:00 GMT', 0],
	])('%j → %d ms', (value, ms) => {
		expect(parseRetryAfter(value, now)).toBe(ms);
	});

	it.each([[undefined], [''], ['soon'], ['-4']])('%j → undefined', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('doubles per retry between half and all of the ceiling, capped by maxDelayMs', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(1, policy, () => 0)).toBe(50);
		expect(backoffDelay(1, policy, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, () => 1)).toBe(400);
		expect(backoffDelay(3, policy, () => 0)).toBe(200);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
	});
});

describe('runPool', () => {
	it('runs every index once with at most `concurrency` at a time', async () => {
		let running = 0;
		let peak = 0;
		const seen: number[] = [];
		await runPool(25, 4, async (index) => {
			running++;
			peak = Math.max(peak, running);
			seen.push(index);
			for (let i = 0; i < (index % 3) + 1; i++) await tick();
			running--;
		});
		expect(peak).toBe(4);
		expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
	});

	it('starts nothing new once told to stop', async () => {
		const started: number[] = [];
		let stop = false;
		await runPool(
			10,
			2,
			async (index) => {
				started.push(index);
				if (index === 3) stop = true;
				await tick();
			},
			() => stop,
		);
		expect(started).toEqual([0, 1, 2, 3]);
	});

	it('handles zero items', async () => {
		const worker = jest.fn(async () => {});
		await runPool(0, 5, worker);
		expect(worker).not.toHaveBeenCalled();
	});
});

describe('RequestGate', () => {
	it('never lets more than the limit in flight', async () => {
		const gate = new RequestGate(3);
		expect(await gate.acquire()).toBe(true);
		expect(await gate.acquire()).toBe(true);
		expect(await gate.acquire()).toBe(true);
		let fourth = false;
		const pending = gate.acquire().then(() => (fourth = true));
		await tick();
		expect(fourth).toBe(false);
		gate.release('success');
		await pending;
		expect(fourth).toBe(true);
		expect(gate.peakInFlight).toBe(3);
	});

	it('after a 429 drops the limit to what the provider still serves, at least half', () => {
		const gate = new RequestGate(20);
		for (let i = 0; i < 20; i++) void gate.acquire();
		// 10 of 20 rejected: each 429 leaves fewer in flight, and the cap follows down to 10.
		for (let i = 0; i < 10; i++) gate.release('rateLimited');
		expect(gate.limit).toBe(10);
		// A later 429 with few in flight halves the cap rather than collapsing it.
		for (let i = 0; i < 9; i++) gate.release('success');
		gate.release('rateLimited');
		expect(gate.limit).toBe(5);
	});

	it('grows the limit back by one per round of successes once 429s have stopped for 5 s', () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		try {
			const gate = new RequestGate(8);
			for (let i = 0; i < 8; i++) void gate.acquire();
			for (let i = 0; i < 4; i++) gate.release('rateLimited');
			expect(gate.limit).toBe(4);
			for (let i = 0; i < 4; i++) gate.release('success'); // the four that were served
			const round = () => {
				for (let i = 0; i < gate.limit; i++) {
					void gate.acquire();
					gate.release('success');
				}
			};
			round();
			expect(gate.limit).toBe(4); // still within the quiet period
			jest.setSystemTime(Date.now() + 5000);
			round();
			expect(gate.limit).toBe(5);
			round();
			expect(gate.limit).toBe(6);
			for (let i = 0; i < 10; i++) round();
			expect(gate.limit).toBe(8); // never above the configured concurrency
		} finally {
			jest.useRealTimers();
		}
	});

	it('waits twice as long before probing again when a raise draws a 429', () => {
		jest.useFakeTimers({ now: Date.parse('2026-11-23T12:00:00Z') });
		try {
			const gate = new RequestGate(8);
			const round = () => {
				for (let i = 0; i < gate.limit; i++) {
					void gate.acquire();
					gate.release('success');
				}
			};
			for (let i = 0; i < 8; i++) void gate.acquire();
			for (let i = 0; i < 4; i++) gate.release('rateLimited');
			for (let i = 0; i < 4; i++) gate.release('success');
			jest.setSystemTime(Date.now() + 5000);
			round();
			expect(gate.limit).toBe(5);
			// The probe at 5 is refused: back to 4 (the requests still served), next probe after 10 s.
			for (let i = 0; i < 5; i++) void gate.acquire();
			gate.release('rateLimited');
			for (let i = 0; i < 4; i++) gate.release('success');
			expect(gate.limit).toBe(4);
			jest.setSystemTime(Date.now() + 5000);
			round();
			expect(gate.limit).toBe(4);
			jest.setSystemTime(Date.now() + 5000);
			round();
			expect(gate.limit).toBe(5);
			// This raise holds for a full round, and 429s have been quiet long enough: grow on.
			round();
			expect(gate.limit).toBe(6);
		} finally {
			jest.useRealTimers();
		}
	});

	it('pauses every acquire for the Retry-After time', async () => {
		const gate = new RequestGate(5);
		await gate.acquire();
		gate.release('rateLimited', 150);
		const started = Date.now();
		await gate.acquire();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('returns false at once when the execution is canceled, also for waiters', async () => {
		const controller = new AbortController();
		const gate = new RequestGate(1, controller.signal);
		await gate.acquire();
		const waiting = gate.acquire();
		controller.abort();
		expect(await waiting).toBe(false);
		expect(await gate.acquire()).toBe(false);
	});
});

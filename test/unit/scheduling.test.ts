import { runPool } from '../../nodes/shared/pool';
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

// The request gate and the key limiter behind it: key-limiter.test.ts and limiter-simulation.test.ts.

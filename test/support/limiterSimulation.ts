import { sleep } from 'n8n-workflow';

import { KeyLimiter } from '../../nodes/shared/transport/keyLimiter';
import { RequestGate } from '../../nodes/shared/transport/requestGate';

/**
 * Several processes (n8n queue-mode workers), each with its own KeyLimiter for one API key and
 * several node runs, against one simulated provider that serves `limit` requests at once and
 * answers 429 + Retry-After to any beyond that. Nothing is shared between the processes but
 * the provider's answers. Runs under jest's fake timers: time is simulated, so the figures are
 * counts and simulated milliseconds, never wall-clock.
 */
export interface SimulationOptions {
	processes: number;
	runsPerProcess: number;
	itemsPerRun: number;
	concurrency: number;
	limit: number;
	latencyMs: number;
	retryAfterMs: number;
	/** One-way network delay, drawn per request between 1 and this (seeded). */
	maxNetworkMs: number;
	seed: number;
	/** Processes start this far apart (the first at 0). */
	staggerMs?: number;
	/** Each node run starts a seeded random delay between 0 and this after its process. */
	runJitterMs?: number;
	/** Called every 50 simulated ms with each process's limiter (for investigations). */
	onSample?: (elapsedMs: number, limiters: Array<KeyLimiter | undefined>) => void;
}

export interface SimulationResult {
	/** Simulated ms until the last item was answered. */
	elapsedMs: number;
	idealMs: number;
	goodput: number;
	rejected429: number;
	/** Per item: how many times it was answered 200 (must be exactly 1). */
	answers: number[];
	/** Per process: mean requests in flight at the provider while every process was busy. */
	shares: number[];
	/** Jain's fairness index of `shares` (1 = equal). */
	fairness: number;
	peakAtProvider: number;
	/** The most requests any one item needed (1 = answered at the first try). */
	maxTries: number;
}

function seededRandom(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export async function simulate(
	options: SimulationOptions,
	advance: (ms: number) => Promise<void>,
): Promise<SimulationResult> {
	const random = seededRandom(options.seed);
	const network = async () => await sleep(1 + Math.floor(random() * options.maxNetworkMs));
	let active = 0;
	let peakAtProvider = 0;
	let rejected429 = 0;
	const totalItems = options.processes * options.runsPerProcess * options.itemsPerRun;
	const answers = new Array<number>(totalItems).fill(0);
	const servedBy = new Array<number>(options.processes).fill(0);
	let done = 0;
	const started = Date.now();
	let finishedAt = 0;
	let maxTries = 0;

	/** One request to the provider: true when answered, false on a 429. */
	const call = async (process: number): Promise<boolean> => {
		await network();
		if (active >= options.limit) {
			rejected429++;
			await network();
			return false;
		}
		active++;
		servedBy[process]++;
		peakAtProvider = Math.max(peakAtProvider, active);
		await sleep(options.latencyMs);
		active--;
		servedBy[process]--;
		await network();
		return true;
	};

	const runItems = async (process: number, gate: RequestGate, firstItem: number) => {
		let next = 0;
		const lane = async () => {
			while (next < options.itemsPerRun) {
				const item = firstItem + next++;
				let tries = 0;
				for (;;) {
					tries++;
					maxTries = Math.max(maxTries, tries);
					const slot = await gate.acquire();
					if (!slot) throw new Error('not canceled in the simulation');
					if (await call(process)) {
						slot.release('success');
						answers[item]++;
						done++;
						if (done === totalItems) finishedAt = Date.now();
						break;
					}
					slot.release('rateLimited', options.retryAfterMs);
				}
			}
		};
		await Promise.all(Array.from({ length: options.concurrency }, lane));
	};

	const limiters = new Array<KeyLimiter | undefined>(options.processes);
	const processes = Array.from({ length: options.processes }, async (_, process) => {
		if (options.staggerMs) await sleep(process * options.staggerMs);
		const limiter = new KeyLimiter();
		limiters[process] = limiter;
		await Promise.all(
			Array.from({ length: options.runsPerProcess }, async (_, run) => {
				if (options.runJitterMs) await sleep(Math.floor(random() * options.runJitterMs));
				const gate = new RequestGate(options.concurrency, undefined, limiter);
				const first = (process * options.runsPerProcess + run) * options.itemsPerRun;
				await runItems(process, gate, first);
			}),
		);
	});
	const all = Promise.all(processes);

	// Sample what each process has at the provider every 50 ms until every item is answered.
	const sums = new Array<number>(options.processes).fill(0);
	let samples = 0;
	const stagger = (options.staggerMs ?? 0) * (options.processes - 1);
	while (done < totalItems) {
		await advance(50);
		const elapsed = Date.now() - started;
		options.onSample?.(elapsed, limiters);
		// Shares only while every process is busy (after the last start, before anyone finishes).
		if (elapsed > stagger && done < totalItems * 0.8) {
			for (let p = 0; p < options.processes; p++) sums[p] += servedBy[p];
			samples++;
		}
	}
	await all;

	const shares = sums.map((sum) => sum / Math.max(1, samples));
	const total = shares.reduce((a, b) => a + b, 0);
	const squares = shares.reduce((a, b) => a + b * b, 0);
	const elapsedMs = finishedAt - started;
	const idealMs = (totalItems * options.latencyMs) / options.limit;
	return {
		elapsedMs,
		idealMs,
		goodput: idealMs / elapsedMs,
		rejected429,
		answers,
		shares,
		fairness: squares > 0 ? (total * total) / (shares.length * squares) : 0,
		peakAtProvider,
		maxTries,
	};
}

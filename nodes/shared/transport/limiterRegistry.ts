import { createHash } from 'node:crypto';

import { KeyLimiter } from './keyLimiter';

/** Idle limiters of keys nobody looks up again are swept out at most this often. */
const SWEEP_EVERY_MS = 60 * 1000;

const limiters = new Map<string, KeyLimiter>();
let lastSweepAt = 0;

/**
 * Names one provider limit: provider id, base URL and a hash of the API key. The key itself is
 * never kept; the hash only tells keys apart in this process's memory.
 */
export function limiterKey(providerId: string, baseUrl: string, apiKey: string): string {
	const keyHash = createHash('sha256').update(apiKey).digest('base64url').slice(0, 22);
	return `${providerId} ${baseUrl.replace(/\/+$/, '')} ${keyHash}`;
}

/**
 * The limiter every node run with this key shares in this process. A limiter lives while the
 * key has requests in flight or waiting, or a Retry-After pause running; once idle it is
 * replaced by a fresh one on the next lookup (what it learned belonged to that load), and idle
 * ones of keys nobody uses any more are swept out, so a process that runs for months with many
 * credentials keeps only the limiters of keys in use.
 */
export function limiterFor(key: string): KeyLimiter {
	const now = Date.now();
	if (now - lastSweepAt >= SWEEP_EVERY_MS) {
		lastSweepAt = now;
		for (const [name, limiter] of limiters) if (limiter.idle) limiters.delete(name);
	}
	let limiter = limiters.get(key);
	if (!limiter || limiter.idle) {
		limiter = new KeyLimiter();
		limiters.set(key, limiter);
	}
	return limiter;
}

/** How many limiters are kept (for tests). */
export function limiterCount(): number {
	return limiters.size;
}

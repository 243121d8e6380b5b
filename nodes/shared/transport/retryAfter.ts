/**
 * Milliseconds to wait from a Retry-After header: a number of seconds, or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (typeof raw === 'number') return raw >= 0 ? raw * 1000 : undefined;
	if (typeof raw !== 'string' || !raw.trim()) return undefined;
	const seconds = Number(raw.trim());
	if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Runs `worker(index)` for indexes 0..count-1 with at most `concurrency` running at once, in
 * index order of starting. Results are the worker's business (it writes them by index, so the
 * output order is the input order whatever the finishing order). `shouldStop` is checked before
 * each start: once it says stop, no new index starts and the running ones finish.
 *
 * A worker that throws stops the pool the same way: nothing new starts, the running workers
 * finish (their requests may be billed; abandoning them would not stop the provider), and only
 * then does the pool reject with the first error. Callers are expected to catch per item; this
 * is the safety net that keeps a missed exception from leaving requests running after the
 * node has returned.
 */
export async function runPool(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	let crashed: { error: unknown } | undefined;
	const lane = async () => {
		while (next < count && !crashed && !shouldStop()) {
			const index = next++;
			try {
				await worker(index);
			} catch (error) {
				crashed ??= { error };
			}
		}
	};
	const lanes = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: lanes }, lane));
	if (crashed) throw crashed.error;
}

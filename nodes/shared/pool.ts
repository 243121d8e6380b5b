/**
 * Runs `worker(index)` for indexes 0..count-1 with at most `concurrency` running at once, in
 * index order of starting. Results are the worker's business (it writes them by index, so the
 * output order is the input order whatever the finishing order). `shouldStop` is checked before
 * each start: once it says stop, no new index starts and the running ones finish.
 */
export async function runPool(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await worker(index);
		}
	};
	const lanes = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: lanes }, lane));
}

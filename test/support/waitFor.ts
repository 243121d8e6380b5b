import { sleep } from 'n8n-workflow';

/**
 * Polls a condition every 10 ms for up to `ms` (the mock notices closed sockets and finished
 * requests asynchronously). Returns; the caller asserts.
 */
export async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
	for (let waited = 0; waited < ms && !condition(); waited += 10) await sleep(10);
}

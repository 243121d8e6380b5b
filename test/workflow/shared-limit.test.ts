import type { MockProvider, MockStats } from '../support/chatWorkflow';
import { KEYS, jsonOf, startChat, startMock } from '../support/chatWorkflow';
import { waitFor } from '../support/waitFor';

// Two executions at once on one API key share the provider's limit through one limiter per key
// in the process (nodes/shared/transport/limiterRegistry.ts). The comparison is the same pair on
// two different keys against the same mock limit: separate keys get separate limiters, which is
// what every execution had before, so each discovers the limit alone.

const SECOND_KEY = 'test-key-aiml-second';
const ITEMS = 30;

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
const configure = () => {
	mock.reset();
	mock.configure({
		maxInFlight: 4,
		retryAfterSeconds: 1,
		latencyMs: 150,
		validKeys: { aiml: [KEYS.aimlApi, SECOND_KEY] },
	});
};
beforeEach(configure);

const prompts = (label: string) => Array.from({ length: ITEMS }, (_, i) => `${label} prompt ${i}`);

/**
 * Runs execution A, then starts execution B once A has met the limit (a webhook run that
 * joins a running batch), both with Concurrency 8 against the mock's limit of 4.
 */
async function runPair(keyOfB: string, startTogether = false) {
	const options = { concurrency: 8, maxRetries: 10, retryDelay: 1 };
	const a = startChat({ mock, prompts: prompts('A'), options });
	// B starts once A has met the limit (a 429) and had answers since (so A's limiter knows it).
	if (!startTogether) await waitFor(() => mock.stats().rejected429 >= 1 && mock.stats().completed >= 4, 10000);
	const b = startChat({ mock, prompts: prompts('B'), options, apiKey: keyOfB });
	const [resultA, resultB] = await Promise.all([a.result, b.result]);
	return { resultA, resultB, stats: mock.stats() };
}

/** The 429s the prompts of one execution drew. */
const refusalsOf = (label: string, stats: MockStats) =>
	prompts(label).reduce((sum, prompt) => sum + stats.byPrompt[prompt].attempts - stats.byPrompt[prompt].successes, 0);

function expectEveryPromptAnsweredOnce({ resultA, resultB, stats }: Awaited<ReturnType<typeof runPair>>) {
	for (const [result, label] of [
		[resultA, 'A'],
		[resultB, 'B'],
	] as const) {
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat')).map((json) => json.answer)).toEqual(
			prompts(label).map((prompt) => `Answer: ${prompt}`),
		);
	}
	expect(stats.completed).toBe(2 * ITEMS);
	for (const prompt of [...prompts('A'), ...prompts('B')]) expect(stats.byPrompt[prompt].successes).toBe(1);
	expect(Object.keys(stats.byPrompt)).toHaveLength(2 * ITEMS);
}

describe('two executions at once on one API key', () => {
	it('share one limit: none lost or duplicated, and fewer 429s than two separate limiters', async () => {
		const shared = await runPair(KEYS.aimlApi);
		expectEveryPromptAnsweredOnce(shared);
		configure();
		const separate = await runPair(SECOND_KEY);
		expectEveryPromptAnsweredOnce(separate);
		// Shared: only A's first burst overshoots (8 against 4); B joins the cap A learned and waits
		// for free slots, so at most the odd probe of B is refused. On a limiter of its own, B sends
		// its 8 at once to a provider A already keeps full, and they are refused.
		expect(refusalsOf('B', shared.stats)).toBeLessThan(4);
		expect(shared.stats.rejected429).toBeLessThan(separate.stats.rejected429);
		// The requests sent are the answers plus the 429s: nothing else was re-sent.
		expect(shared.stats.chatRequests).toBe(2 * ITEMS + shared.stats.rejected429);
	}, 60000);

	it('started at the same moment, they lose and duplicate nothing', async () => {
		// Both first bursts leave before any 429 has come back, so a shared limiter and two
		// separate ones overshoot alike here (16 requests against 4): only loss and duplication
		// are compared.
		const shared = await runPair(KEYS.aimlApi, true);
		expectEveryPromptAnsweredOnce(shared);
		expect(shared.stats.chatRequests).toBe(2 * ITEMS + shared.stats.rejected429);
	}, 60000);
});

import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, runChat, startMock } from '../support/chatWorkflow';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

const prompts = (count: number, label = 'Prompt') =>
	Array.from({ length: count }, (_, i) => `${label} ${i}`);

/** Every prompt answered exactly once, in input order, each item paired with its input. */
function expectCompleteAndInOrder(result: Awaited<ReturnType<typeof runChat>>, input: string[]) {
	expect(result.status).toBe('success');
	const items = result.items('Reasoning Chat');
	expect(items).toHaveLength(input.length);
	expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	expect(jsonOf(items).map((json) => json.answer)).toEqual(input.map((prompt) => `Answer: ${prompt}`));
	const stats = mock.stats();
	expect(stats.completed).toBe(input.length);
	for (const prompt of input) expect(stats.byPrompt[prompt].successes).toBe(1);
}

describe('batches', () => {
	it('500 items with 30 % rate-limited answers all succeed, none lost or duplicated', async () => {
		mock.configure({ rateLimitFraction: 0.3, retryAfterSeconds: 0, seed: 7 });
		const input = prompts(500);
		const result = await runChat({ mock, prompts: input, options: { concurrency: 10, maxRetries: 10, retryDelay: 1 } });
		expectCompleteAndInOrder(result, input);
		const stats = mock.stats();
		expect(stats.rejected429).toBeGreaterThan(100);
		expect(stats.chatRequests).toBe(500 + stats.rejected429);
		// Each item says how many requests it took; together they are every request sent.
		const attempts = jsonOf(result.items('Reasoning Chat')).map((json) => json.attempts as number);
		expect(attempts.reduce((sum, count) => sum + count, 0)).toBe(stats.chatRequests);
		for (const [index, prompt] of input.entries()) expect(attempts[index]).toBe(stats.byPrompt[prompt].attempts);
	});

	it('server errors (5xx) mixed in are retried until every item succeeds', async () => {
		mock.configure({ serverErrorFraction: 0.2, seed: 3 });
		const input = prompts(200);
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: input,
			options: { concurrency: 8, maxRetries: 10, retryDelay: 1 },
		});
		expectCompleteAndInOrder(result, input);
		expect(mock.stats().errors5xx).toBeGreaterThan(20);
	});

	it('never has more requests in flight than Concurrency, and uses all of it', async () => {
		mock.configure({ latencyMs: 20 });
		const input = prompts(60);
		const result = await runChat({ mock, prompts: input, options: { concurrency: 7 } });
		expectCompleteAndInOrder(result, input);
		expect(mock.stats().maxConcurrent).toBe(7);
	});

	it('keeps input order when answers come back out of order', async () => {
		const input = Array.from({ length: 12 }, (_, i) => `Item ${i} mock:delay=${(12 - i) * 15}`);
		const result = await runChat({ mock, prompts: input, options: { concurrency: 12 } });
		expectCompleteAndInOrder(result, input);
		expect(chatRequests(mock)).toHaveLength(12);
		// The answers really did finish out of input order (the last item first), yet the
		// output above is in input order.
		const finished = mock.stats().completionOrder;
		expect(finished).toHaveLength(12);
		expect(finished).not.toEqual(input);
		expect(finished.indexOf(input[11])).toBeLessThan(finished.indexOf(input[0]));
	});

	it('adapts to a provider limit below Concurrency instead of hammering it', async () => {
		mock.configure({ maxInFlight: 4, retryAfterSeconds: 0, latencyMs: 30 });
		const input = prompts(80);
		const result = await runChat({ mock, prompts: input, options: { concurrency: 12, maxRetries: 10, retryDelay: 1 } });
		expectCompleteAndInOrder(result, input);
		// The first burst overshoots by 8; after that the gate stays at what the provider accepts.
		// Without adaptation every wave of 12 would collect 8 rejections (~160 in all).
		expect(mock.stats().rejected429).toBeLessThanOrEqual(16);
	});

	it('a 429 with Retry-After pauses the whole batch, not just the one item', async () => {
		const input = ['First mock:status=429 mock:fail-times=1 mock:retry-after=1', ...prompts(6)];
		const result = await runChat({ mock, prompts: input, options: { concurrency: 2, retryDelay: 1 } });
		expectCompleteAndInOrder(result, input);
		const times = chatRequests(mock).map((request) => (request as unknown as { at: number }).at);
		const limitedAt = times[0];
		// Requests are sent two at a time: the first is refused with Retry-After: 1, and the one
		// beside it was already on its way. Nothing else may start during the pause.
		const duringPause = times.slice(2).filter((at) => at < limitedAt + 950);
		expect(duringPause).toEqual([]);
	});

	it('a Retry-After beyond the 5-minute cap fails that item at once, without pausing the others', async () => {
		const input = ['Quota mock:status=429 mock:retry-after=3600', ...prompts(8), 'Quota again mock:status=429 mock:retry-after=3600'];
		const result = await runChat({ mock, prompts: input, options: { concurrency: 2 }, onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		for (const index of [0, 9]) {
			expect(items[index].error).toMatch(new RegExp(`^AIML API answered HTTP 429 for item ${index}: .* The provider asked to wait 3600 s\\.$`));
		}
		expect(items.slice(1, 9).map((json) => json.answer)).toEqual(prompts(8).map((prompt) => `Answer: ${prompt}`));
		expect(mock.stats().chatRequests).toBe(10);
		// Today's pause would hold every item for the 5-minute cap: this guard is far below it.
	}, 30000);

	it('one failing item under "Continue" loses and duplicates nothing else', async () => {
		const input = [...prompts(5), 'Broken mock:status=400', ...prompts(5, 'Later')];
		const result = await runChat({ mock, prompts: input, options: { concurrency: 4 }, onError: 'continueRegularOutput' });
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items).toHaveLength(11);
		expect(items[5].error).toMatch(/HTTP 400 for item 5/);
		expect(items.filter((json) => json.answer).map((json) => json.answer)).toEqual(
			[...prompts(5), ...prompts(5, 'Later')].map((prompt) => `Answer: ${prompt}`),
		);
		expect(mock.stats().completed).toBe(10);
	});

	it('an invalid Concurrency under "Continue" fails the items, not the whole batch', async () => {
		const result = await runChat({
			mock,
			prompts: ['a', 'b'],
			options: { concurrency: 0 },
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat')).map((json) => json.error)).toEqual([
			'Item 0 (AIML API): Concurrency is 0, outside 1 to 100. Correct it in the node options.',
			'Item 1 (AIML API): Concurrency is 0, outside 1 to 100. Correct it in the node options.',
		]);
		expect(mock.stats().chatRequests).toBe(0);
	});

	it('a batch option whose expression fails on item 0 is that item\'s error under "Continue"; the batch runs at the default', async () => {
		mock.configure({ latencyMs: 20 });
		const input = ['bad', ...prompts(20)];
		const result = await runChat({
			mock,
			prompts: input,
			options: { concurrency: "={{ $json.prompt === 'bad' ? $('No Such Node').item.json.value : 3 }}" },
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items[0].error).toMatch(/^Item 0 \(AIML API\): Referenced node doesn't exist\. Check the parameters and expressions of this node\.$/);
		expect(items.slice(1).map((json) => json.answer)).toEqual(prompts(20).map((prompt) => `Answer: ${prompt}`));
		// Concurrency for the batch comes from item 0, whose value failed: the default (5) applies.
		expect(mock.stats().maxConcurrent).toBe(5);
	});

	it('without "Continue" the first failure stops the batch: no new items start', async () => {
		mock.configure({ latencyMs: 20 });
		const input = ['Broken mock:status=401', ...prompts(30)];
		const result = await runChat({ mock, prompts: input, options: { concurrency: 3 } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^AIML API answered HTTP 401 for item 0/);
		// The two requests already in flight beside it finish; nothing after them starts.
		expect(mock.stats().chatRequests).toBeLessThanOrEqual(3);
	});
});

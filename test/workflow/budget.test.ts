import type { IDataObject } from 'n8n-workflow';

import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, startMock } from '../support/chatWorkflow';
import { runRoutedChat } from '../support/routedChat';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

/** The mock's list prices (USD per token), as GET /models gives them. */
const PRICE = { prompt: 0.0000003, completion: 0.0000005 };

const costOf = (json: IDataObject) => (json.usage as IDataObject).cost as number;

async function oneItemCost(provider: 'aimlApi' | 'openRouter'): Promise<number> {
	const probe = await runRoutedChat({ mock, provider, prompts: ['item 0'] });
	const cost = costOf(jsonOf(probe.items('Reasoning Chat'))[0]);
	mock.reset();
	expect(cost).toBeGreaterThan(0);
	return cost;
}

describe('Budget per run (options.maxCost)', () => {
	it('sends no request once the cap is reached; the rest fail naming the cap and the spend', async () => {
		const cost = await oneItemCost('aimlApi');
		const prompts = [0, 1, 2, 3, 4].map((index) => `item ${index}`);
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts,
			options: { maxCost: cost * 2.5, concurrency: 1 },
			onError: 'continueRegularOutput',
		});
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items.slice(0, 3).map((json) => json.answer)).toEqual(
			prompts.slice(0, 3).map((p) => `Answer: ${p}`),
		);
		for (const [offset, json] of items.slice(3).entries()) {
			expect(json.error).toMatch(
				new RegExp(
					`^Item ${3 + offset} \\(AIML API\\) was not sent: this run reached its Max Cost of \\$`,
				),
			);
			expect(json.error).toContain(`(spent $${(cost * 3).toPrecision(3)})`);
		}
		// Three answers: the third request started below the cap and finished over it.
		expect(chatRequests(mock)).toHaveLength(3);
		expect(result.items('Reasoning Chat').map((item) => item.pairedItem)).toEqual(
			prompts.map((_, item) => ({ item })),
		);
	});

	it('stops the run with the cap error when On Error is Stop', async () => {
		const cost = await oneItemCost('openRouter');
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['item 0', 'item 1', 'item 2'],
			options: { maxCost: cost, concurrency: 1 },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^Item 1 \(OpenRouter\) was not sent: this run reached its Max Cost/,
		);
		expect(chatRequests(mock)).toHaveLength(1);
	});

	it('estimates a cost the provider did not report from the listed prices, and says so', async () => {
		const prompts = ['item 0 mock:no-cost', 'item 1 mock:no-cost', 'item 2 mock:no-cost'];
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts,
			options: { maxCost: 1, concurrency: 1 },
		});
		expect(result.status).toBe('success');
		for (const json of jsonOf(result.items('Reasoning Chat'))) {
			const usage = json.usage as IDataObject;
			expect(usage.cost).toBeNull();
			expect(usage.estimatedCost).toBeCloseTo(
				(usage.promptTokens as number) * PRICE.prompt +
					(usage.completionTokens as number) * PRICE.completion,
				12,
			);
			expect(json.costNote).toContain('estimate');
		}
		// The public model list is read once per run, only because a cost was missing.
		expect(mock.requests.filter((request) => request.path.endsWith('/models'))).toHaveLength(1);
	});

	it('counts estimated costs against the cap', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['item 0 mock:no-cost', 'item 1 mock:no-cost'],
			options: { maxCost: 0.000001, concurrency: 1 },
			onError: 'continueRegularOutput',
		});
		const [first, second] = jsonOf(result.items('Reasoning Chat'));
		expect(first.answer).toBe('Answer: item 0 mock:no-cost');
		expect(second.error).toContain('partly estimated from listed prices');
		expect(chatRequests(mock)).toHaveLength(1);
	});

	it('stops when an answer has no cost and no price is known, instead of overspending silently', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['item 0 mock:no-cost', 'item 1', 'item 2'],
			options: { maxCost: 5, concurrency: 1 },
			onError: 'continueRegularOutput',
		});
		const [first, second, third] = jsonOf(result.items('Reasoning Chat'));
		expect(first.answer).toBe('Answer: item 0 mock:no-cost');
		for (const json of [second, third]) {
			expect(json.error).toContain(
				'the Max Cost of $5 cannot be honoured because an answer came without a cost',
			);
		}
		expect(chatRequests(mock)).toHaveLength(1);
	});

	it.each([
		['the Provider', { provider: 'deepSeek' as const }],
		[
			'the Fallback Provider',
			{ provider: 'openRouter' as const, fallbackProvider: 'deepSeek' as const },
		],
	])(
		'refuses Max Cost up front when DeepSeek (no reported cost, no prices) is %s',
		async (_, route) => {
			const result = await runRoutedChat({
				mock,
				...route,
				prompts: ['item 0', 'item 1'],
				options: { maxCost: 1 },
			});
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				'Item 0 (DeepSeek): Max Cost $1 cannot be honoured: DeepSeek reports no cost for its answers and lists no prices, so nothing was sent. Remove Max Cost, or use a provider that reports its costs.',
			);
			expect(chatRequests(mock)).toHaveLength(0);
		},
	);

	it('stops retries and the fallback once the cap is reached', async () => {
		const cost = await oneItemCost('aimlApi');
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			prompts: ['item 0', 'item 1 mock:down=aiml'],
			options: { maxCost: cost, concurrency: 2, retryDelay: 200, maxRetries: 3 },
			onError: 'continueRegularOutput',
		});
		const [first, second] = jsonOf(result.items('Reasoning Chat'));
		expect(first.answer).toBe('Answer: item 0');
		expect(second.error).toContain('AIML API answered HTTP 503');
		expect(chatRequests(mock).filter((request) => request.provider === 'openRouter')).toHaveLength(
			0,
		);
	});
});

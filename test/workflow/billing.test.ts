import type { IDataObject } from 'n8n-workflow';

import { expectedCompletion } from '../mock-provider/server';
import type { MockProvider, ProviderId } from '../support/chatWorkflow';
import { chatRequests, jsonOf, runChat, startMock } from '../support/chatWorkflow';
import { runRoutedChat } from '../support/routedChat';

// Every attempt of an item that reached the provider may have been billed: its known cost is in
// the item's usage.cost, and an attempt billed at a cost never reported makes the item say so.

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

const FAST_RETRIES = { retryDelay: 5, maxRetries: 3 };

/** What the mock bills for one complete answer to the request the node sent for `prompt`. */
function answerCostOf(provider: 'aiml' | 'openRouter', prompt: string): number {
	const request = chatRequests(mock).find((r) => JSON.stringify(r.body).includes(prompt));
	const cost = expectedCompletion(provider, request?.body as Record<string, unknown>).usage.cost;
	expect(typeof cost).toBe('number');
	return cost as number;
}

async function answer(provider: ProviderId, prompt: string, options: IDataObject) {
	const result = await runChat({ mock, provider, prompts: [prompt], options });
	expect(result.status).toBe('success');
	const [item] = jsonOf(result.items('Reasoning Chat'));
	expect(item.answer).toBe(`Answer: ${prompt}`);
	return { item, usage: item.usage as IDataObject };
}

describe('an item whose earlier attempt was billed at a known cost', () => {
	it('a stream cut off after its usage chunk: usage.cost is both attempts, answerCost the answer', async () => {
		const prompt = 'cut mock:cut-after-usage mock:fail-times=1';
		const { item, usage } = await answer('openRouter', prompt, { ...FAST_RETRIES, stream: true });
		const each = answerCostOf('openRouter', prompt);
		expect(item.attempts).toBe(2);
		expect(mock.stats().byPrompt[prompt].attempts).toBe(2);
		expect(usage.answerCost).toBe(each);
		expect(usage.cost).toBeCloseTo(2 * each, 12);
		expect(usage.costComplete).toBeUndefined();
		expect(usage.costNote).toBeUndefined();
	});

	it('an AIML API body cut off after its cost header: the header cost counts', async () => {
		const prompt = 'cut mock:truncate mock:fail-times=1';
		const { item, usage } = await answer('aimlApi', prompt, FAST_RETRIES);
		const each = answerCostOf('aiml', prompt);
		expect(item.attempts).toBe(2);
		expect(usage.answerCost).toBe(each);
		expect(usage.cost).toBeCloseTo(2 * each, 12);
		expect(usage.costComplete).toBeUndefined();
	});

	it('an answer that needed no retry keeps usage as it was (no answerCost, no note)', async () => {
		const { item, usage } = await answer('openRouter', 'plain', { stream: true });
		expect(item.attempts).toBe(1);
		expect(usage.cost).toBe(answerCostOf('openRouter', 'plain'));
		expect(Object.keys(usage)).not.toEqual(expect.arrayContaining(['answerCost']));
		expect(Object.keys(usage)).not.toEqual(expect.arrayContaining(['costComplete']));
	});
});

describe('an item whose earlier attempt may have been billed at an unknown cost', () => {
	it.each([
		['a stream dropped before its usage chunk', 'mock:drop', true],
		['a body cut off before its usage (OpenRouter sends no cost header)', 'mock:truncate', false],
	])(
		'%s: costComplete false and a note, usage.cost the answer only',
		async (_, directive, stream) => {
			const prompt = `cut ${directive} mock:fail-times=1`;
			const { item, usage } = await answer('openRouter', prompt, { ...FAST_RETRIES, stream });
			const each = answerCostOf('openRouter', prompt);
			expect(item.attempts).toBe(2);
			expect(usage.cost).toBe(each);
			expect(usage.answerCost).toBe(each);
			expect(usage.costComplete).toBe(false);
			expect(usage.unknownCostAttempts).toBe(1);
			expect(usage.costNote).toBe(
				'1 earlier attempt reached the provider and failed before any cost was reported: the provider may have billed it, and usage.cost does not include it.',
			);
		},
	);

	it('attempts refused with an HTTP error status are not billed: no note', async () => {
		const prompt = 'busy mock:status=503 mock:fail-times=2';
		const { item, usage } = await answer('openRouter', prompt, FAST_RETRIES);
		expect(item.attempts).toBe(3);
		expect(usage.cost).toBe(answerCostOf('openRouter', prompt));
		expect(usage.answerCost).toBeUndefined();
		expect(usage.costComplete).toBeUndefined();
	});
});

describe('a failed item under On Error: Continue carries attempts and what they cost', () => {
	const options = { retryDelay: 5, maxRetries: 1, stream: true };

	it('regular output: billed attempts summed, unknown ones said, unbilled ones without usage', async () => {
		const billed = 'billed mock:cut-after-usage';
		const dropped = 'dropped mock:drop';
		const refused = 'refused mock:status=503';
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: [billed, dropped, refused, 'fine'],
			options,
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const [first, second, third, fourth] = jsonOf(result.items('Reasoning Chat'));

		expect(first.error).toMatch(/OpenRouter/);
		expect(first.attempts).toBe(2);
		expect(mock.stats().byPrompt[billed].attempts).toBe(2);
		expect((first.usage as IDataObject).cost).toBeCloseTo(
			2 * answerCostOf('openRouter', billed),
			12,
		);
		expect((first.usage as IDataObject).costComplete).toBeUndefined();

		expect(second.attempts).toBe(2);
		expect(second.usage).toEqual({
			cost: null,
			costComplete: false,
			unknownCostAttempts: 2,
			costNote:
				'2 attempts reached the provider and failed before any cost was reported: the provider may have billed them, and usage.cost does not include them.',
		});

		expect(third.attempts).toBe(2);
		expect(third.usage).toBeUndefined();

		expect(fourth.answer).toBe('Answer: fine');
	});

	it('error output: the item still goes to the error branch, its attempts and cost under details', async () => {
		const billed = 'billed mock:cut-after-usage';
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['one', billed],
			options,
			onError: 'continueErrorOutput',
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat', 0)).map((json) => json.answer)).toEqual([
			'Answer: one',
		]);
		const [failed] = jsonOf(result.items('Reasoning Chat', 1));
		expect(failed.error).toMatch(/OpenRouter/);
		const details = failed.details as IDataObject;
		expect(details.attempts).toBe(2);
		expect((details.usage as IDataObject).cost).toBeCloseTo(
			2 * answerCostOf('openRouter', billed),
			12,
		);
	});

	it('an answer that arrived but is not the JSON asked for: its cost is on the error item', async () => {
		const prompt = 'data mock:empty-content';
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: [prompt],
			options: { outputFormat: 'json' },
			onError: 'continueRegularOutput',
		});
		const [failed] = jsonOf(result.items('Reasoning Chat'));
		expect(failed.error).toMatch(/but the answer is not JSON/);
		expect(failed.attempts).toBe(1);
		expect(failed.usage).toEqual({ cost: answerCostOf('openRouter', prompt) });
	});

	it('a request that ran past Timeout may have been billed: said on the error item', async () => {
		const result = await runChat({
			mock,
			prompts: ['slow mock:delay=3000'],
			options: { timeout: 1000 },
			onError: 'continueRegularOutput',
		});
		const [failed] = jsonOf(result.items('Reasoning Chat'));
		expect(failed.error).toMatch(/^AIML API timed out for item 0/);
		expect(failed.attempts).toBe(1);
		expect(failed.usage).toEqual({
			cost: null,
			costComplete: false,
			unknownCostAttempts: 1,
			costNote:
				'1 attempt reached the provider and failed before any cost was reported: the provider may have billed it, and usage.cost does not include it.',
		});
	});
});

describe('billed failed attempts with a fallback provider and a Max Cost', () => {
	it("the primary's billed attempts count in the item that the fallback answered", async () => {
		const prompt = 'rescued mock:down=openRouter:cut-after-usage';
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts: [prompt],
			options: { retryDelay: 1, maxRetries: 1, stream: true },
		});
		expect(result.status).toBe('success');
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.provider).toBe('aimlApi');
		expect(item.attempts).toBe(3);
		expect(chatRequests(mock).map((request) => request.provider)).toEqual([
			'openRouter',
			'openRouter',
			'aiml',
		]);
		const usage = item.usage as IDataObject;
		const answerCost = answerCostOf('aiml', prompt);
		expect(usage.answerCost).toBe(answerCost);
		expect(usage.cost).toBeCloseTo(answerCost + 2 * answerCostOf('openRouter', prompt), 12);
		expect(usage.costComplete).toBeUndefined();
	});

	it("a failed item's known cost counts against Max Cost: no request after it is spent", async () => {
		const billed = 'billed mock:cut-after-usage';
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: [billed, 'next'],
			// Below what the two billed attempts of the first item cost.
			options: { retryDelay: 1, maxRetries: 1, stream: true, concurrency: 1, maxCost: 0.000001 },
			onError: 'continueRegularOutput',
		});
		const [first, second] = jsonOf(result.items('Reasoning Chat'));
		expect(first.attempts).toBe(2);
		expect((first.usage as IDataObject).cost).toBeGreaterThan(0.000001);
		expect(second.error).toMatch(
			/^Item 1 \(OpenRouter\) was not sent: this run reached its Max Cost/,
		);
		expect(chatRequests(mock)).toHaveLength(2);
	});
});

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

const FAST_RETRIES = { retryDelay: 1, maxRetries: 2 };

const providersOf = (mockProvider: MockProvider) =>
	chatRequests(mockProvider).map((request) => request.provider);

describe('Provider fallback (fallbackProvider, fallbackModel)', () => {
	it('answers with the fallback when the primary answers 500 on every attempt', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			fallbackModel: 'deepseek/deepseek-v3.2',
			prompts: ['Fine question', 'Down question mock:down=aiml:500'],
			options: { ...FAST_RETRIES, concurrency: 1 },
		});
		expect(result.status).toBe('success');
		const [fine, rescued] = jsonOf(result.items('Reasoning Chat'));
		expect(fine.provider).toBe('aimlApi');
		expect(fine).not.toHaveProperty('fallback');
		expect(rescued).toMatchObject({
			provider: 'openRouter',
			model: 'deepseek/deepseek-v3.2',
			answer: 'Answer: Down question mock:down=aiml:500',
			fallback: { from: 'aimlApi', reason: 'AIML API: HTTP 500 after 3 attempts' },
		});
		// attempts counts every request sent for the item: the primary's three and the fallback's.
		expect(fine.attempts).toBe(1);
		expect(rescued.attempts).toBe(4);
		// 1 for the fine item, 3 attempts (1 + 2 retries) on AIML, then one on OpenRouter.
		expect(providersOf(mock)).toEqual(['aiml', 'aiml', 'aiml', 'aiml', 'openRouter']);
		const last = chatRequests(mock).at(-1)!;
		expect(last.body.model).toBe('deepseek/deepseek-v3.2');
	});

	it('falls back to DeepSeek (a registry provider) with its own credential and default model', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'deepSeek',
			prompts: ['Down question mock:down=aiml'],
			options: { ...FAST_RETRIES },
		});
		expect(result.status).toBe('success');
		const [rescued] = jsonOf(result.items('Reasoning Chat'));
		expect(rescued).toMatchObject({
			provider: 'deepSeek',
			answer: 'Answer: Down question mock:down=aiml',
			fallback: { from: 'aimlApi', reason: 'AIML API: HTTP 503 after 3 attempts' },
		});
		expect(providersOf(mock)).toEqual(['aiml', 'aiml', 'aiml', 'deepSeek']);
		expect(chatRequests(mock).at(-1)!.body.model).toBe('deepseek-reasoner');
	});

	it('finishes a batch on the fallback while the primary is down (mock:down), in input order', async () => {
		const prompts = ['a', 'b', 'c', 'd'].map((letter) => `${letter} mock:down=openRouter`);
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts,
			options: { ...FAST_RETRIES, concurrency: 2 },
		});
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items.map((json) => json.answer)).toEqual(prompts.map((prompt) => `Answer: ${prompt}`));
		for (const json of items) {
			expect(json.provider).toBe('aimlApi');
			expect(json.fallback).toEqual({
				from: 'openRouter',
				reason: expect.stringMatching(/^OpenRouter: HTTP 503 after 3 attempts/),
			});
		}
		// Default fallback model on AIML API (the mock reports the upstream name).
		const aiml = chatRequests(mock).filter((request) => request.provider === 'aiml');
		expect(aiml).toHaveLength(4);
		expect(
			aiml.every((request) => request.body.model === 'deepseek/deepseek-thinking-v3.2-exp'),
		).toBe(true);
	});

	it('skips a primary that just gave up: later items go straight to the fallback', async () => {
		const prompts = ['a', 'b', 'c'].map((letter) => `${letter} mock:down=aiml`);
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			prompts,
			options: { ...FAST_RETRIES, concurrency: 1 },
		});
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items.map((json) => json.provider)).toEqual(['openRouter', 'openRouter', 'openRouter']);
		expect((items[0].fallback as IDataObject).reason).toBe('AIML API: HTTP 503 after 3 attempts');
		expect((items[2].fallback as IDataObject).reason).toBe(
			'AIML API: HTTP 503 after 3 attempts (item 0); AIML API is skipped for a minute after that',
		);
		// Three attempts for item 0 only; items 1 and 2 never wait for AIML API's retries.
		expect(providersOf(mock)).toEqual([
			'aiml',
			'aiml',
			'aiml',
			'openRouter',
			'openRouter',
			'openRouter',
		]);
	});

	it('never falls back on 401: the item fails and the fallback gets no request', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			prompts: ['q'],
			keys: { aimlApi: 'wrong-key' },
			options: FAST_RETRIES,
			onError: 'continueRegularOutput',
		});
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(String(item.error)).toContain('AIML API answered HTTP 401');
		expect(providersOf(mock)).toEqual(['aiml']);
	});

	it.each([400, 404])('never falls back on %i', async (status) => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts: [`q mock:status=${status}`],
			options: FAST_RETRIES,
			onError: 'continueRegularOutput',
		});
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(String(item.error)).toContain(`HTTP ${status}`);
		expect(providersOf(mock)).toEqual(['openRouter']);
	});

	it('falls back when the primary refuses for credits (OpenRouter 402, AIML API 403), without retrying it', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts: ['q mock:down=openRouter:402'],
			options: FAST_RETRIES,
		});
		expect(jsonOf(result.items('Reasoning Chat'))[0]).toMatchObject({
			provider: 'aimlApi',
			fallback: { from: 'openRouter', reason: 'OpenRouter: HTTP 402 (out of credits)' },
		});
		mock.reset();
		const aiml = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			prompts: ['q mock:down=aiml:403'],
			options: FAST_RETRIES,
		});
		expect(jsonOf(aiml.items('Reasoning Chat'))[0]).toMatchObject({
			provider: 'openRouter',
			fallback: { from: 'aimlApi', reason: 'AIML API: HTTP 403 (out of credits)' },
		});
		expect(providersOf(mock)).toEqual(['aiml', 'openRouter']);
		expect(chatRequests(mock)[1].body.model).toBe('deepseek/deepseek-v3.2-exp');
	});

	it('names both failures when the fallback fails too', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			prompts: ['q mock:status=503'],
			options: FAST_RETRIES,
			onError: 'continueRegularOutput',
		});
		const error = String(jsonOf(result.items('Reasoning Chat'))[0].error);
		expect(error).toMatch(/^OpenRouter answered HTTP 503 for item 0/);
		expect(error).toContain('Fallback: AIML API answered HTTP 503 for item 0');
		expect(providersOf(mock)).toEqual([
			'aiml',
			'aiml',
			'aiml',
			'openRouter',
			'openRouter',
			'openRouter',
		]);
	});

	it('carries a conversation across providers: OpenRouter reasoning_details never reach AIML API', async () => {
		const first = await runRoutedChat({ mock, provider: 'openRouter', prompts: ['Turn one'] });
		const [turnOne] = jsonOf(first.items('Reasoning Chat'));
		const history = turnOne.messages as IDataObject[];
		expect(history[1].reasoning_details).toBeDefined();
		mock.reset();
		const second = await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts: ['Turn two mock:down=openRouter'],
			options: { ...FAST_RETRIES, messages: history },
		});
		expect(second.status).toBe('success');
		const [turnTwo] = jsonOf(second.items('Reasoning Chat'));
		expect(turnTwo.provider).toBe('aimlApi');
		const aimlRequest = chatRequests(mock).find((request) => request.provider === 'aiml')!;
		const assistant = (aimlRequest.body.messages as IDataObject[])[1];
		expect(assistant).toEqual({ role: 'assistant', content: 'Answer: Turn one' });
		// ...and the conversation that comes out goes back to OpenRouter unchanged.
		mock.reset();
		const third = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['Turn three'],
			options: { messages: turnTwo.messages },
		});
		expect(third.status).toBe('success');
	});

	it('rejects a fallback that is the same provider before sending anything', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'aimlApi',
			prompts: ['q'],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Fallback Provider is AIML API, the same as Provider');
		expect(chatRequests(mock)).toHaveLength(0);
	});
});

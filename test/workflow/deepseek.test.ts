import type { IDataObject, ILoadOptionsFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { listSearch } from '../../nodes/shared/methods/listSearch';
import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, KEYS, mockUrl, runChat, startMock } from '../support/chatWorkflow';

// The Reasoning Chat node on DeepSeek's own API, in a workflow run by n8n-core's engine against
// the mock's DeepSeek flavour: the same node, only `provider: deepSeek` and its credential.

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

const provider = 'deepSeek' as const;

describe('Reasoning Chat in a workflow: DeepSeek', () => {
	it('maps reasoning_content, cache hits and reasoning tokens; cost is null; one item per input in order', async () => {
		const prompts = ['What is 2+2? mock:cached=2', 'Name a color'];
		const result = await runChat({ mock, provider, prompts, options: { includeRaw: true } });
		expect(result.status).toBe('success');
		const items = result.items('Reasoning Chat');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const [index, json] of jsonOf(items).entries()) {
			const usage = (json.raw as IDataObject).usage as IDataObject;
			expect(json).toMatchObject({
				answer: `Answer: ${prompts[index]}`,
				reasoning: `Reasoning about: ${prompts[index]}`,
				provider: 'deepSeek',
				model: 'deepseek-reasoner',
				finishReason: 'stop',
				usage: {
					promptTokens: usage.prompt_tokens,
					completionTokens: usage.completion_tokens,
					totalTokens: usage.total_tokens,
					reasoningTokens: (usage.completion_tokens_details as IDataObject).reasoning_tokens,
					cachedTokens: usage.prompt_cache_hit_tokens,
					cost: null,
				},
			});
		}
		expect((jsonOf(items)[0].usage as IDataObject).cachedTokens).toBe(2);
	});

	it('sends deepseek-reasoner to {url}/chat/completions with the bearer key, and deepseek-chat with Reasoning off', async () => {
		await runChat({ mock, provider, prompts: ['Hello'], options: { maxTokens: 300 } });
		const [json] = jsonOf(
			(await runChat({ mock, provider, prompts: ['Quick'], options: { reasoning: false } })).items('Reasoning Chat'),
		);
		const [first, second] = chatRequests(mock);
		expect(first.path).toBe('/deepseek/chat/completions');
		expect(first.headers.authorization).toBe(`Bearer ${KEYS.deepSeek}`);
		expect(first.body).toEqual({
			model: 'deepseek-reasoner',
			messages: [{ role: 'user', content: 'Hello' }],
			max_tokens: 300,
		});
		expect(second.body.model).toBe('deepseek-chat');
		expect(json).toMatchObject({ answer: 'Answer: Quick', reasoning: '', model: 'deepseek-chat' });
	});

	it('streams with usage and gives the same item as without streaming', async () => {
		const plain = jsonOf((await runChat({ mock, provider, prompts: ['Stream me'] })).items('Reasoning Chat'));
		const streamed = jsonOf(
			(await runChat({ mock, provider, prompts: ['Stream me mock:keepalive'], options: { stream: true } })).items(
				'Reasoning Chat',
			),
		);
		const stream = chatRequests(mock)[1].body;
		expect(stream).toMatchObject({ stream: true, stream_options: { include_usage: true } });
		expect(streamed[0].reasoning).toBe('Reasoning about: Stream me mock:keepalive');
		expect((streamed[0].usage as IDataObject).completionTokens).toBeGreaterThan(0);
		expect((streamed[0].usage as IDataObject).cost).toBeNull();
		expect(Object.keys(streamed[0]).sort()).toEqual(Object.keys(plain[0]).sort());
	});

	it('continues a conversation: the plain assistant turn goes back without reasoning_content', async () => {
		const [first] = jsonOf((await runChat({ mock, provider, prompts: ['Hi'] })).items('Reasoning Chat'));
		const result = await runChat({
			mock,
			provider,
			prompts: ['And then?'],
			options: { messages: JSON.stringify(first.messages) },
		});
		expect(result.status).toBe('success');
		expect(chatRequests(mock)[1].body.messages).toEqual([
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Answer: Hi' },
			{ role: 'user', content: 'And then?' },
		]);
	});

	it("turns DeepSeek's errors into item errors naming DeepSeek, the status and what to do", async () => {
		const result = await runChat({
			mock,
			provider,
			prompts: ['one', 'two mock:status=402', 'three mock:status=422', 'four'],
			onError: 'continueRegularOutput',
			options: { maxRetries: 0 },
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat'))).toEqual([
			expect.objectContaining({ answer: 'Answer: one' }),
			{
				error:
					'DeepSeek answered HTTP 402 for item 1: Insufficient Balance. DeepSeek answers 402 when the balance is empty: top up at https://platform.deepseek.com/top_up.',
			},
			{
				error: expect.stringMatching(/^DeepSeek answered HTTP 422 for item 2: Invalid Parameters: .*DeepSeek rejected a parameter/),
			},
			expect.objectContaining({ answer: 'Answer: four' }),
		]);
	});

	it('retries a 503 (server overloaded) and answers; never shows the key of a rejected credential', async () => {
		const retried = await runChat({
			mock,
			provider,
			prompts: ['busy mock:status=503 mock:fail-times=1'],
			options: { retryDelay: 5 },
		});
		expect(jsonOf(retried.items('Reasoning Chat'))[0].answer).toBe('Answer: busy mock:status=503 mock:fail-times=1');
		expect(mock.stats().byStatus).toEqual({ 200: 1, 503: 1 });

		const rejected = ['sk', 'not', 'a', 'deepseek', 'key', '5678'].join('-');
		const failed = await runChat({ mock, provider, prompts: ['Hi'], apiKey: rejected });
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(
			/^DeepSeek answered HTTP 401 for item 0: Authentication Fails, Your api key: \*\*\*\*5678 is invalid\. Check the API key/,
		);
		expect(JSON.stringify(failed.run)).not.toContain(rejected);
	});
});

describe('DeepSeek model list search', () => {
	function loadOptionsContext(apiKey: string): ILoadOptionsFunctions {
		return {
			getCredentials: async () => ({ apiKey, url: mockUrl(mock, provider) }),
			getNode: () => ({ id: 'n', name: 'Reasoning Chat', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					const response = await fetch(options.url, { headers: { authorization: `Bearer ${apiKey}` } });
					return { statusCode: response.status, body: await response.json() };
				},
			},
		} as unknown as ILoadOptionsFunctions;
	}

	it('lists DeepSeek models, filtered, with a valid key; names DeepSeek and the status with a bad one', async () => {
		const search = listSearch.searchDeepSeekModels;
		expect(await search.call(loadOptionsContext(KEYS.deepSeek))).toEqual({
			results: [
				{ name: 'deepseek-chat', value: 'deepseek-chat' },
				{ name: 'deepseek-reasoner', value: 'deepseek-reasoner' },
			],
		});
		expect(await search.call(loadOptionsContext(KEYS.deepSeek), 'REASON')).toEqual({
			results: [{ name: 'deepseek-reasoner', value: 'deepseek-reasoner' }],
		});
		await expect(search.call(loadOptionsContext('sk-wrong-0000'))).rejects.toThrow(
			/^DeepSeek answered HTTP 401 for the model list: Authentication Fails.*Check the API key/,
		);
		expect(mock.requests.map((request) => request.path)).toEqual(['/deepseek/models', '/deepseek/models', '/deepseek/models']);
	});
});

import type { IDataObject } from 'n8n-workflow';

import type { MockProvider } from '../support/chatWorkflow';
import { waitFor } from '../support/waitFor';
import { chatRequests, jsonOf, KEYS, runChat, startChat, startMock } from '../support/chatWorkflow';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

const FAST_RETRIES = { retryDelay: 5, maxRetries: 3 };


describe('Reasoning Chat in a workflow: AIML API', () => {
	it('gives one item per input, in order, with answer, reasoning and usage split out', async () => {
		const prompts = ['What is 2+2?', 'Name a color', 'Say hi'];
		const result = await runChat({ mock, prompts, options: { includeRaw: true } });
		expect(result.status).toBe('success');
		const items = result.items('Reasoning Chat');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const [index, json] of jsonOf(items).entries()) {
			const raw = json.raw as IDataObject;
			const usage = raw.usage as IDataObject;
			expect(json).toMatchObject({
				answer: `Answer: ${prompts[index]}`,
				reasoning: `Reasoning about: ${prompts[index]}`,
				provider: 'aimlApi',
				finishReason: 'stop',
				model: raw.model,
				id: raw.id,
				usage: {
					promptTokens: usage.prompt_tokens,
					completionTokens: usage.completion_tokens,
					totalTokens: usage.total_tokens,
					reasoningTokens: (usage.completion_tokens_details as IDataObject).reasoning_tokens,
					cost: ((raw.meta as IDataObject).usage as IDataObject).usd_spent,
				},
				messages: [
					{ role: 'user', content: prompts[index] },
					{ role: 'assistant', content: `Answer: ${prompts[index]}` },
				],
			});
			expect(typeof (json.usage as IDataObject).cost).toBe('number');
			expect(json.answer).not.toContain('Reasoning');
		}
	});

	it('sends the default model, the bearer key and exactly the options that are set', async () => {
		await runChat({
			mock,
			prompts: ['Hello'],
			options: { systemMessage: 'Be brief.', maxTokens: 300, temperature: 0.3, topP: 0.8 },
		});
		const [request] = chatRequests(mock);
		expect(request.path).toBe('/aiml/v1/chat/completions');
		expect(request.headers.authorization).toBe(`Bearer ${KEYS.aimlApi}`);
		expect(request.headers['content-type']).toContain('application/json');
		expect(request.body).toEqual({
			model: 'deepseek/deepseek-thinking-v3.2-exp',
			messages: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'user', content: 'Hello' },
			],
			max_tokens: 300,
			temperature: 0.3,
			top_p: 0.8,
		});
	});

	it('switches to the non-thinking twin when Reasoning is off, and accepts any model id', async () => {
		await runChat({ mock, prompts: ['a'], options: { reasoning: false } });
		await runChat({
			mock,
			prompts: ['b'],
			parameters: { model: { __rl: true, mode: 'id', value: 'mistralai/mistral-large' } },
		});
		expect(chatRequests(mock).map((request) => request.body.model)).toEqual([
			'deepseek/deepseek-non-thinking-v3.2-exp',
			'mistralai/mistral-large',
		]);
	});

	it('moves inline <think> reasoning out of the answer', async () => {
		const [json] = jsonOf((await runChat({ mock, prompts: ['Hi mock:think-tags'] })).items('Reasoning Chat'));
		expect(json.answer).toBe('Answer: Hi mock:think-tags');
		expect(json.reasoning).toBe('Reasoning about: Hi mock:think-tags');
	});

	it('says plainly when reasoning used up the token budget', async () => {
		const [json] = jsonOf(
			(await runChat({ mock, prompts: ['Think long mock:length'], options: { maxTokens: 64 } })).items(
				'Reasoning Chat',
			),
		);
		expect(json.answer).toBe('');
		expect(json.finishReason).toBe('length');
		expect(json.reasoning).not.toBe('');
		expect(json.warning).toBe(
			'The model spent the whole token budget on reasoning and gave no answer. Raise Max Tokens (64), lower Reasoning Effort, or turn Reasoning off.',
		);
	});
});

describe('Reasoning Chat in a workflow: OpenRouter', () => {
	it('asks for reasoning explicitly and returns reasoning_details ready for the next turn', async () => {
		const result = await runChat({ mock, provider: 'openRouter', prompts: ['Why is the sky blue?'] });
		expect(result.status).toBe('success');
		const [json] = jsonOf(result.items('Reasoning Chat'));
		const [request] = chatRequests(mock);
		expect(request.path).toBe('/openrouter/api/v1/chat/completions');
		expect(request.headers.authorization).toBe(`Bearer ${KEYS.openRouter}`);
		expect(request.body).toEqual({
			model: 'deepseek/deepseek-v3.2-exp',
			messages: [{ role: 'user', content: 'Why is the sky blue?' }],
			reasoning: { enabled: true },
		});
		expect(json).toMatchObject({
			answer: 'Answer: Why is the sky blue?',
			reasoning: 'Reasoning about: Why is the sky blue?',
			provider: 'openRouter',
			model: 'deepseek/deepseek-v3.2-exp',
			finishReason: 'stop',
		});
		expect(json.id).toMatch(/^gen-/);
		expect((json.usage as IDataObject).cost).toBeGreaterThan(0);
		const assistant = (json.messages as IDataObject[])[1];
		expect(assistant.reasoning_details).toEqual([
			expect.objectContaining({ type: 'reasoning.text', text: 'Reasoning about: Why is the sky blue?' }),
		]);
	});

	it('maps effort, JSON output and reasoning off onto the OpenRouter body', async () => {
		await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['List two colors'],
			options: { reasoningEffort: 'high', outputFormat: 'json' },
		});
		await runChat({ mock, provider: 'openRouter', prompts: ['x'], options: { reasoning: false } });
		const [json, off] = chatRequests(mock).map((request) => request.body);
		expect(json.reasoning).toEqual({ enabled: true, effort: 'high' });
		expect(json.response_format).toEqual({ type: 'json_object' });
		expect(off.reasoning).toEqual({ enabled: false });
	});

	it('parses a JSON answer into answerJson', async () => {
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['Give me data mock:fenced'],
			options: { outputFormat: 'json' },
		});
		const [json] = jsonOf(result.items('Reasoning Chat'));
		expect(json.answerJson).toEqual(expect.objectContaining({ ok: true }));
		expect(JSON.stringify(json.answerJson)).not.toContain('Reasoning about');
	});

	it('continues a conversation from a previous output, sending reasoning_details back unchanged', async () => {
		const first = jsonOf((await runChat({ mock, provider: 'openRouter', prompts: ['Turn one'] })).items('Reasoning Chat'))[0];
		mock.reset();
		const second = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['Turn two'],
			options: { messages: JSON.stringify(first.messages) },
		});
		expect(second.status).toBe('success');
		const [request] = chatRequests(mock);
		expect(request.body.messages).toEqual([...(first.messages as IDataObject[]), { role: 'user', content: 'Turn two' }]);
		const [json] = jsonOf(second.items('Reasoning Chat'));
		expect((json.messages as IDataObject[]).map((message) => message.role)).toEqual([
			'user',
			'assistant',
			'user',
			'assistant',
		]);
	});
});

describe('conversation history and the System Message option', () => {
	const history = [
		{ role: 'system', content: 'History rules' },
		{ role: 'user', content: 'Hi' },
		{ role: 'assistant', content: 'Hello' },
	];
	it.each(['aimlApi', 'openRouter'] as const)('%s: with the option set, exactly one system message is sent, first: the option\'s', async (provider) => {
		const result = await runChat({
			mock,
			provider,
			prompts: ['Next'],
			options: { messages: JSON.stringify(history), systemMessage: 'Option rules' },
		});
		expect(result.status).toBe('success');
		const [request] = chatRequests(mock);
		expect(request.body.messages).toEqual([
			{ role: 'system', content: 'Option rules' },
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Hello' },
			{ role: 'user', content: 'Next' },
		]);
	});

	it('without the option, the history keeps its own system message', async () => {
		await runChat({ mock, prompts: ['Next'], options: { messages: JSON.stringify(history) } });
		const [request] = chatRequests(mock);
		expect(request.body.messages).toEqual([...history, { role: 'user', content: 'Next' }]);
	});
});

describe('errors', () => {
	it('stops the run with a clear provider error when On Error is "stop"', async () => {
		const result = await runChat({ mock, prompts: ['fine', 'bad mock:status=401'] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(
			/^AIML API answered HTTP 401 for item 1: This request requires a valid API key\. .*Check the API key in the credential "My aimlApi key"\.$/,
		);
	});

	it('with "Continue (regular output)" turns only the failed item into {error}', async () => {
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['one', 'two mock:status=402', 'three'],
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const items = result.items('Reasoning Chat');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.answer).toBe('Answer: one');
		expect(items[1].json).toEqual({
			error: expect.stringMatching(/^OpenRouter answered HTTP 402 for item 1: .+ Add credits at https:\/\/openrouter.ai/),
		});
		expect(items[2].json.answer).toBe('Answer: three');
	});

	it('with "Continue (error output)" routes the failed item to the error branch', async () => {
		const result = await runChat({
			mock,
			prompts: ['one', 'two mock:status=404'],
			onError: 'continueErrorOutput',
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat', 0)).map((json) => json.answer)).toEqual(['Answer: one']);
		const [failed] = result.items('Reasoning Chat', 1);
		expect(failed.json.error).toMatch(/AIML API answered HTTP 404 for item 1: .*Check the model id/);
	});

	it('rejects a bad item before sending any request, naming the item', async () => {
		const result = await runChat({ mock, prompts: ['fine', '   ', 'also fine'] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Item 1 (AIML API): the prompt is empty. Set Prompt (for example to {{ $json.question }}), or give a Conversation History that ends with a user message.',
		);
		expect(chatRequests(mock)).toHaveLength(0);
	});

	it('rejects bad options with the item index', async () => {
		const result = await runChat({ mock, prompts: ['x'], options: { maxTokens: 0 } });
		expect(result.error?.message).toBe(
			'Item 0 (AIML API): Max Tokens is 0, outside 1 or more. Correct it in the node options.',
		);
		const history = await runChat({ mock, prompts: ['x'], options: { messages: '[{"role":"bot","content":"hi"}]' } });
		expect(history.error?.message).toContain('message 0 has role "bot"');
	});

	it('reports an error inside an HTTP 200 body instead of an empty answer', async () => {
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['x mock:error-in-200'],
			options: { maxRetries: 0 },
			onError: 'continueRegularOutput',
		});
		expect(jsonOf(result.items('Reasoning Chat'))[0].error).toMatch(/^OpenRouter reported an error for item 0/);
	});

	it('explains a body that is not JSON', async () => {
		const result = await runChat({ mock, prompts: ['x mock:not-json'], options: { maxRetries: 0 }, onError: 'continueRegularOutput' });
		expect(jsonOf(result.items('Reasoning Chat'))[0].error).toMatch(/AIML API .* item 0.*HTML page/);
	});

	it('never lets the API key reach an output or an error, even when the provider echoes it', async () => {
		const apiKeyValue = ['sk', 'super-secret-value', '0123456789abcdef'].join('-');
		mock.configure({ validKeys: { aiml: [apiKeyValue], openRouter: [KEYS.openRouter] } });
		const result = await runChat({
			mock,
			apiKey: apiKeyValue,
			prompts: ['ok', 'echo mock:echo-key'],
			onError: 'continueRegularOutput',
		});
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items[0].answer).toBe('Answer: ok');
		expect(items[1].error).toMatch(/HTTP 400/);
		expect(JSON.stringify(result.run)).not.toContain(apiKeyValue);
		expect(chatRequests(mock)[1].headers.authorization).toBe(`Bearer ${apiKeyValue}`);
	});
});

describe('retries', () => {
	it('retries a 503 and succeeds, requesting the prompt exactly as often as needed', async () => {
		const prompt = 'flaky mock:status=503 mock:fail-times=2';
		const result = await runChat({ mock, prompts: [prompt, 'steady'], options: FAST_RETRIES });
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat'))[0].answer).toBe(`Answer: ${prompt}`);
		expect(mock.stats().byPrompt[prompt]).toEqual({ attempts: 3, successes: 1 });
		expect(mock.stats().byPrompt.steady).toEqual({ attempts: 1, successes: 1 });
	});

	it('gives up after Max Retries and says how many attempts failed and why', async () => {
		const result = await runChat({
			mock,
			prompts: ['down mock:status=500'],
			options: { retryDelay: 1, maxRetries: 2 },
		});
		expect(result.error?.message).toMatch(/^AIML API answered HTTP 500 for item 0: .+ Gave up after 3 attempts \(HTTP 500, HTTP 500, HTTP 500\)\.$/);
		expect(mock.stats().byPrompt['down mock:status=500'].attempts).toBe(3);
	});

	it('never retries a 400-class error', async () => {
		await runChat({ mock, prompts: ['bad mock:status=400'], options: FAST_RETRIES, onError: 'continueRegularOutput' });
		expect(mock.stats().byPrompt['bad mock:status=400'].attempts).toBe(1);
	});

	it('honours Retry-After on a 429', async () => {
		const prompt = 'limited mock:status=429 mock:fail-times=1 mock:retry-after=1';
		const started = Date.now();
		const result = await runChat({ mock, prompts: [prompt], options: { retryDelay: 1 } });
		expect(result.status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(mock.stats().byPrompt[prompt].attempts).toBe(2);
	});

	it.each([
		['stream dropped', 'mock:drop', true],
		['truncated body', 'mock:truncate', false],
		['stalled stream', 'mock:stall=3000', true],
	])('an interrupted answer (%s) is not requested again when Retry Interrupted Answers is off', async (_, directive, stream) => {
		const prompt = `cut ${directive} mock:fail-times=1`;
		const result = await runChat({
			mock,
			prompts: [prompt],
			options: { ...FAST_RETRIES, stream, idleTimeout: 1000, retryInterrupted: false },
			onError: 'continueRegularOutput',
		});
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.error).toMatch(/It was not requested again: the answer had started and a new request would be billed again \(turn on Retry Interrupted Answers to allow it\)\.$/);
		expect(mock.stats().byPrompt[prompt].attempts).toBe(1);
	});

	it('by default an interrupted answer is requested again, and the item says it took 2 attempts', async () => {
		const prompt = 'cut mock:drop mock:fail-times=1';
		const result = await runChat({ mock, prompts: [prompt], options: { ...FAST_RETRIES, stream: true } });
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.answer).toBe(`Answer: ${prompt}`);
		expect(item.attempts).toBe(2);
		expect(mock.stats().byPrompt[prompt].attempts).toBe(2);
	});

	it('retries a dropped connection and a truncated body', async () => {
		for (const directive of ['mock:reset', 'mock:truncate']) {
			const prompt = `cut ${directive} mock:fail-times=1`;
			const result = await runChat({ mock, prompts: [prompt], options: FAST_RETRIES });
			expect(result.status).toBe('success');
			expect(mock.stats().byPrompt[prompt]).toEqual({ attempts: 2, successes: 1 });
		}
	});
});

describe('timeouts and cancellation', () => {
	it('a timeout names the limit and what to do', async () => {
		const result = await runChat({ mock, prompts: ['slow mock:delay=3000'], options: { timeout: 1000 } });
		expect(result.error?.message).toBe(
			'AIML API timed out for item 0. No complete answer within 1 s (the Timeout option). Reasoning can take minutes: raise Timeout, or turn on Stream so that a long answer keeps the connection busy.',
		);
		// The timed-out request must be aborted, not left running at the provider.
		await waitFor(() => mock.stats().aborted === 1);
		expect(mock.stats().aborted).toBe(1);
	});

	it('stopping the execution aborts the requests in flight and starts no new ones', async () => {
		const prompts = Array.from({ length: 6 }, (_, i) => `slow ${i} mock:delay=5000`);
		const handle = startChat({ mock, prompts, options: { concurrency: 2 } });
		await handle.nodeStarted('Reasoning Chat');
		await waitFor(() => mock.stats().inFlight === 2);
		handle.cancel();
		const result = await handle.result;
		expect(result.status).toBe('canceled');
		// The 5 s answers were not waited for: none completed.
		expect(mock.stats().completed).toBe(0);
		// Give a just-aborted socket a moment to be noticed by the server.
		await waitFor(() => mock.stats().aborted >= 2);
		expect(mock.stats().chatRequests).toBe(2);
		expect(mock.stats().aborted).toBe(2);
	});
});

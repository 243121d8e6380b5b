import type { MockProvider } from '../support/chatWorkflow';
import { startMock } from '../support/chatWorkflow';
import { chatBodies, fakeSupplyContext, suppliedModel } from '../support/chatModel';
import { reasoningCache } from '../../nodes/ReasoningChatModel/reasoningCache';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.reset();
	reasoningCache.clear();
});

const FAST = { retryDelay: 1, maxRetries: 1 };

const providersOf = () =>
	mock.requests
		.filter((request) => request.path.endsWith('/chat/completions'))
		.map((request) => request.provider);

describe('Reasoning Chat Model: provider fallback for an Agent', () => {
	it('answers a model call with the fallback when the primary is down', async () => {
		const fake = fakeSupplyContext({
			mock,
			provider: 'aimlApi',
			fallbackProvider: 'openRouter',
			options: FAST,
		});
		const model = await suppliedModel(fake.ctx);
		const message = await model.invoke('What is up? mock:down=aiml');
		expect(message.text).toBe('Answer: What is up? mock:down=aiml');
		expect(providersOf()).toEqual(['aiml', 'aiml', 'openRouter']);
		expect(chatBodies(mock)[2].model).toBe('deepseek/deepseek-v3.2-exp');
		expect(fake.warnings.join('\n')).toContain(
			'AIML API gave up on the model call (AIML API: HTTP 503 after 2 attempts); sending it to OpenRouter',
		);
	});

	it('streams from the fallback when the primary failed before anything was passed on', async () => {
		const fake = fakeSupplyContext({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			options: FAST,
		});
		const model = await suppliedModel(fake.ctx);
		let text = '';
		for await (const chunk of await model.stream('Stream it mock:down=openRouter'))
			text += chunk.text;
		expect(text).toBe('Answer: Stream it mock:down=openRouter');
		expect(providersOf()).toEqual(['openRouter', 'openRouter', 'aiml']);
	});

	it('does not fall back on 401', async () => {
		const fake = fakeSupplyContext({
			mock,
			provider: 'aimlApi',
			apiKey: 'not-a-valid-key',
			fallbackProvider: 'openRouter',
			options: FAST,
		});
		const model = await suppliedModel(fake.ctx);
		await expect(model.invoke('hi')).rejects.toThrow(/AIML API answered HTTP 401/);
		expect(providersOf()).toEqual(['aiml']);
	});

	it('sends OpenRouter routing fields from the sub-node too', async () => {
		const fake = fakeSupplyContext({
			mock,
			provider: 'openRouter',
			options: {
				fallbackModels: 'deepseek/deepseek-r1',
				providerRouting: { order: 'deepinfra', allowFallbacks: false },
			},
		});
		const model = await suppliedModel(fake.ctx);
		await model.invoke('hi');
		const [body] = chatBodies(mock);
		expect(body.models).toEqual(['deepseek/deepseek-v3.2-exp', 'deepseek/deepseek-r1']);
		expect(body.provider).toEqual({ order: ['deepinfra'], allow_fallbacks: false });
	});
});

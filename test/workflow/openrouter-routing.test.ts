import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, startMock } from '../support/chatWorkflow';
import { runRoutedChat } from '../support/routedChat';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

describe('OpenRouter routing (options.fallbackModels, options.providerRouting)', () => {
	it('sends every routing field exactly as OpenRouter documents it', async () => {
		await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['q'],
			options: {
				fallbackModels: 'deepseek/deepseek-v3.2, deepseek/deepseek-r1 ,',
				providerRouting: {
					order: 'deepinfra, novita',
					allowFallbacks: false,
					only: 'deepinfra,novita,siliconflow',
					ignore: 'chutes',
					dataCollection: 'deny',
					zdr: true,
					sort: 'throughput',
					maxPromptPrice: 0.5,
					maxCompletionPrice: 1.25,
				},
			},
		});
		const [request] = chatRequests(mock);
		expect(request.body.model).toBe('deepseek/deepseek-v3.2-exp');
		expect(request.body.models).toEqual([
			'deepseek/deepseek-v3.2-exp',
			'deepseek/deepseek-v3.2',
			'deepseek/deepseek-r1',
		]);
		expect(request.body.provider).toEqual({
			order: ['deepinfra', 'novita'],
			allow_fallbacks: false,
			only: ['deepinfra', 'novita', 'siliconflow'],
			ignore: ['chutes'],
			data_collection: 'deny',
			zdr: true,
			sort: 'throughput',
			max_price: { prompt: 0.5, completion: 1.25 },
		});
	});

	it('sends only the fields that are set, and none without routing options', async () => {
		await runRoutedChat({ mock, provider: 'openRouter', prompts: ['plain'] });
		await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['sorted'],
			options: { providerRouting: { sort: 'price' } },
		});
		const [plain, sorted] = chatRequests(mock);
		expect(plain.body).not.toHaveProperty('models');
		expect(plain.body).not.toHaveProperty('provider');
		expect(sorted.body.provider).toEqual({ sort: 'price' });
		expect(sorted.body).not.toHaveProperty('models');
	});

	it('reports the model that answered when OpenRouter used a fallback model', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['q mock:model-down'],
			options: { fallbackModels: 'deepseek/deepseek-r1' },
		});
		expect(jsonOf(result.items('Reasoning Chat'))[0].model).toBe('deepseek/deepseek-r1');
	});

	it('does not send routing fields to AIML API, nor to a fallback provider', async () => {
		await runRoutedChat({
			mock,
			provider: 'openRouter',
			fallbackProvider: 'aimlApi',
			prompts: ['q mock:down=openRouter'],
			options: {
				retryDelay: 1,
				maxRetries: 0,
				fallbackModels: 'x/y',
				providerRouting: { zdr: true },
			},
		});
		const aiml = chatRequests(mock).filter((request) => request.provider === 'aiml');
		expect(aiml).toHaveLength(1);
		expect(aiml[0].body).not.toHaveProperty('models');
		expect(aiml[0].body).not.toHaveProperty('provider');
	});

	it('rejects a negative max price before sending', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['q'],
			options: { providerRouting: { maxPromptPrice: -1 } },
		});
		expect(result.error?.message).toContain('Item 0 (OpenRouter): Max Prompt Price is -1');
		expect(chatRequests(mock)).toHaveLength(0);
	});
});

import type { IDataObject } from 'n8n-workflow';

import { ReasoningDeepSeekApi } from '../../credentials/ReasoningDeepSeekApi.credentials';
import { ReasoningChat } from '../../nodes/ReasoningChat/ReasoningChat.node';
import { ReasoningChatModel } from '../../nodes/ReasoningChatModel/ReasoningChatModel.node';
import { describeFailure } from '../../nodes/shared/errors/describeFailure';
import type { Failure } from '../../nodes/shared/errors/failure';
import { parseErrorBody } from '../../nodes/shared/errors/parseErrorBody';
import { normalizeCompletion } from '../../nodes/shared/normalize/completion';
import { getProvider, PROVIDER_LIST, PROVIDERS } from '../../nodes/shared/providers';
import { JSON_INSTRUCTION } from '../../nodes/shared/providers/requestBody';
import { SseParser } from '../../nodes/shared/transport/sse';
import { StreamAccumulator } from '../../nodes/shared/transport/streamAccumulator';
import type { ChatRequest, Completion } from '../../nodes/shared/types';
import { fixture, fixtureText } from '../support/fixtures';

const deepSeek = PROVIDERS.deepSeek;

const request: ChatRequest = {
	model: 'deepseek-reasoner',
	messages: [{ role: 'user', content: 'Hi' }],
	reasoning: true,
	jsonOutput: false,
	stream: false,
};

describe('provider registry', () => {
	it('lists the three providers in the order of their names, each with its own credential', () => {
		expect(PROVIDER_LIST.map((provider) => [provider.id, provider.name, provider.credentialType])).toEqual([
			['aimlApi', 'AIML API', 'reasoningAimlApi'],
			['deepSeek', 'DeepSeek', 'reasoningDeepSeekApi'],
			['openRouter', 'OpenRouter', 'reasoningOpenRouterApi'],
		]);
		expect(() => getProvider('openai')).toThrow('use one of "aimlApi", "deepSeek", "openRouter"');
		expect(() => getProvider('toString')).toThrow('Unknown provider "toString"');
	});

	it.each([
		['Reasoning Chat', new ReasoningChat()],
		['Reasoning Chat Model', new ReasoningChatModel()],
	])('%s: the Provider option, credentials, model parameters and model searches come from the registry', (_, node) => {
		const { description, methods } = node;
		const provider = description.properties.find((property) => property.name === 'provider');
		expect(provider?.options).toEqual(
			PROVIDER_LIST.map((entry) => expect.objectContaining({ name: entry.name, value: entry.id })),
		);
		expect(description.credentials).toEqual([
			// Shown when the provider is the Provider or the Fallback Provider (description/fallback.ts).
			{ name: 'reasoningAimlApi', required: true, displayOptions: { show: { usesAimlApiCredential: [true] } } },
			{ name: 'reasoningDeepSeekApi', required: true, displayOptions: { show: { usesDeepSeekCredential: [true] } } },
			{ name: 'reasoningOpenRouterApi', required: true, displayOptions: { show: { usesOpenRouterCredential: [true] } } },
		]);
		const models = description.properties.filter((property) => property.name === 'model');
		const deepSeekModel = models.find((model) => model.displayOptions?.show?.provider?.[0] === 'deepSeek');
		expect(deepSeekModel?.default).toEqual({ mode: 'list', value: 'deepseek-reasoner' });
		const searchMethod = deepSeekModel?.modes?.[0].typeOptions?.searchListMethod;
		expect(searchMethod).toBe('searchDeepSeekModels');
		// Every list mode points at a method the node has (lint does not check this).
		for (const model of models) {
			expect(Object.keys(methods.listSearch)).toContain(model.modes?.[0].typeOptions?.searchListMethod);
		}
		expect(Object.keys(methods.listSearch)).toEqual([
			'searchAimlApiModels',
			'searchDeepSeekModels',
			'searchOpenRouterModels',
		]);
		expect(description.subtitle).toContain('"deepSeek":"DeepSeek"');
	});

	it('shows Reasoning Effort and Reasoning Token Budget only for providers that take them', () => {
		const options = new ReasoningChat().description.properties.find((property) => property.name === 'options');
		const shownFor = (name: string) =>
			(options?.options as unknown as IDataObject[]).find((option) => option.name === name)?.displayOptions;
		expect(shownFor('reasoningEffort')).toEqual({ show: { '/provider': ['aimlApi', 'openRouter'] } });
		expect(shownFor('reasoningBudget')).toEqual({ show: { '/provider': ['openRouter'] } });
		// OpenRouter routing follows the registry's supports.routing flag.
		expect(shownFor('fallbackModels')).toEqual({ show: { '/provider': ['openRouter'] } });
		expect(shownFor('providerRouting')).toEqual({ show: { '/provider': ['openRouter'] } });
	});
});

describe('DeepSeek credential', () => {
	it('tests the key with GET {url}/user/balance and signs requests with a bearer header', async () => {
		const credential = new ReasoningDeepSeekApi();
		expect(credential.name).toBe('reasoningDeepSeekApi');
		expect(credential.properties.map((property) => [property.name, property.default])).toEqual([
			['apiKey', ''],
			['url', 'https://api.deepseek.com'],
		]);
		expect(credential.test.request).toEqual({ baseURL: '={{$credentials.url}}', url: '/user/balance', method: 'GET' });
		const signed = await credential.authenticate({ apiKey: 'sk-deep' }, { url: '/x', headers: { a: 'b' } });
		expect(signed.headers).toEqual({ a: 'b', Authorization: 'Bearer sk-deep' });
	});
});

describe('DeepSeek request body', () => {
	it('sends deepseek-reasoner as it is, and deepseek-chat when Reasoning is off', () => {
		expect(deepSeek.buildBody(request)).toEqual({
			model: 'deepseek-reasoner',
			messages: [{ role: 'user', content: 'Hi' }],
		});
		expect(deepSeek.buildBody({ ...request, reasoning: false }).model).toBe('deepseek-chat');
		expect(deepSeek.buildBody({ ...request, model: 'deepseek-chat', reasoning: false }).model).toBe('deepseek-chat');
	});

	it('asks for usage in a stream, uses JSON Output mode, and sends no effort or budget', () => {
		expect(
			deepSeek.buildBody({
				...request,
				stream: true,
				jsonOutput: true,
				maxTokens: 300,
				reasoningEffort: 'high',
				reasoningBudget: 100,
			}),
		).toEqual({
			model: 'deepseek-reasoner',
			messages: [
				{ role: 'system', content: JSON_INSTRUCTION },
				{ role: 'user', content: 'Hi' },
			],
			max_tokens: 300,
			stream: true,
			stream_options: { include_usage: true },
			response_format: { type: 'json_object' },
		});
	});

	it('sends reasoning_content back only on assistant turns with tool calls', () => {
		const toolCalls = [{ id: 'call_1', type: 'function' as const, function: { name: 'add', arguments: '{}' } }];
		const body = deepSeek.buildBody({
			...request,
			messages: [
				{ role: 'user', content: 'Hi' },
				{ role: 'assistant', content: 'Hello', reasoning_content: 'plain turn' },
				{ role: 'assistant', content: null, tool_calls: toolCalls, reasoning_content: 'tool turn' },
				{ role: 'tool', content: '3', tool_call_id: 'call_1' },
			],
		});
		expect(body.messages).toEqual([
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Hello' },
			{ role: 'assistant', content: null, tool_calls: toolCalls, reasoning_content: 'tool turn' },
			{ role: 'tool', content: '3', tool_call_id: 'call_1' },
		]);
		const completion: Completion = {
			answer: '',
			reasoning: 'why',
			toolCalls,
			usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, reasoningTokens: 0, cachedTokens: 0, cost: null },
			model: 'deepseek-reasoner',
			finishReason: 'tool_calls',
			id: 'x',
		};
		expect(deepSeek.historyMessage(completion)).toEqual({
			role: 'assistant',
			content: '',
			tool_calls: toolCalls,
			reasoning_content: 'why',
		});
		expect(deepSeek.historyMessage({ ...completion, toolCalls: [], answer: 'A' })).toEqual({
			role: 'assistant',
			content: 'A',
		});
	});

	it('reads the model list ({data: [{id}]}) with the id as the name', () => {
		expect(
			deepSeek.parseModelList({
				object: 'list',
				data: [
					{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' },
					{ id: 'deepseek-reasoner', object: 'model', owned_by: 'deepseek' },
					{ object: 'model' },
				],
			}),
		).toEqual([
			{ name: 'deepseek-chat', value: 'deepseek-chat' },
			{ name: 'deepseek-reasoner', value: 'deepseek-reasoner' },
		]);
		expect(deepSeek.parseModelList({ error: 'x' })).toEqual([]);
	});
});

describe('DeepSeek responses', () => {
	it('maps reasoning_content, prompt_cache_hit_tokens and reasoning_tokens; cost is null', () => {
		expect(normalizeCompletion(fixture('deepSeek', 'completion'))).toEqual({
			answer: 'Paris is the capital of France.',
			reasoning: 'The user asks for the capital of France. That is Paris.',
			toolCalls: [],
			usage: { promptTokens: 12, completionTokens: 325, totalTokens: 337, reasoningTokens: 80, cachedTokens: 8, cost: null },
			model: 'deepseek-reasoner',
			finishReason: 'stop',
			id: '930c60df-bf64-41c9-a88e-3ec75f81e00e',
		});
	});

	it('reads a stream with keep-alive comments, reasoning deltas and the usage chunk', () => {
		const parser = new SseParser();
		const accumulator = new StreamAccumulator();
		const events = [...parser.push(fixtureText('deepSeek', 'stream-basic.txt')), ...parser.end()];
		expect(events.at(-1)).toBe('[DONE]');
		for (const data of events.slice(0, -1)) accumulator.add(JSON.parse(data) as IDataObject);
		expect(normalizeCompletion(accumulator.toBody())).toMatchObject({
			answer: 'Hello!',
			reasoning: 'Okay',
			usage: { promptTokens: 4, completionTokens: 6, totalTokens: 10, reasoningTokens: 1, cachedTokens: 0, cost: null },
			finishReason: 'stop',
			id: 'd2',
		});
	});
});

describe('DeepSeek errors', () => {
	const message = (status: number, name: string) => {
		const info = parseErrorBody(JSON.stringify(fixture('deepSeek', name)), []);
		const failure: Failure = {
			kind: 'http',
			status,
			retryable: status === 429 || status >= 500,
			providerMessage: info.message,
			providerCode: info.code,
		};
		return describeFailure(failure, {
			provider: deepSeek,
			itemIndex: 2,
			model: 'deepseek-reasoner',
			credentialName: 'DeepSeek key',
			baseUrl: 'https://api.deepseek.com',
			timeoutMs: 600000,
			failures: [failure],
		});
	};

	it('reads the {error: {message, type, code}} body', () => {
		expect(parseErrorBody(JSON.stringify(fixture('deepSeek', 'error-401')), [])).toEqual({
			message: 'Authentication Fails, Your api key: ****abcd is invalid',
			code: 'authentication_error',
		});
	});

	it.each([
		[401, 'error-401', /^DeepSeek answered HTTP 401 for item 2: Authentication Fails.*Check the API key in the credential "DeepSeek key"\.$/],
		[402, 'error-402', /^DeepSeek answered HTTP 402 for item 2: Insufficient Balance\. DeepSeek answers 402 when the balance is empty: top up at https:\/\/platform\.deepseek\.com\/top_up\.$/],
		[422, 'error-422', /^DeepSeek answered HTTP 422 for item 2: Failed to deserialize.*DeepSeek rejected a parameter/],
		[429, 'error-429', /^DeepSeek answered HTTP 429 for item 2: Rate Limit Reached\. Lower Concurrency/],
		[503, 'error-503', /^DeepSeek answered HTTP 503 for item 2: Server overloaded.*try again later\.$/],
	])('HTTP %i names DeepSeek, what it said and what to do', (status, name, expected) => {
		expect(message(status, name)).toMatch(expected);
	});
});

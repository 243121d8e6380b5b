import { parseConversation } from '../../nodes/shared/conversation';
import { parseJsonAnswer } from '../../nodes/shared/jsonAnswer';
import { aimlModelForReasoning } from '../../nodes/shared/providers/aimlApi';
import { baseUrlOf, getProvider, PROVIDERS } from '../../nodes/shared/providers';
import { JSON_INSTRUCTION } from '../../nodes/shared/providers/requestBody';
import type { ChatRequest, Completion } from '../../nodes/shared/types';

const base: ChatRequest = {
	model: 'deepseek/deepseek-v3.2-exp',
	messages: [{ role: 'user', content: 'Hi' }],
	reasoning: true,
	jsonOutput: false,
	stream: false,
};

const completion: Completion = {
	answer: 'Hello',
	reasoning: 'thinking',
	reasoningDetails: [{ type: 'reasoning.text', text: 'thinking', index: 0 }],
	toolCalls: [],
	usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2, reasoningTokens: 0, cachedTokens: 0, cost: null },
	model: 'm',
	finishReason: 'stop',
	id: 'x',
};

describe('OpenRouter request body', () => {
	it('always states reasoning explicitly and sends only the options that are set', () => {
		expect(PROVIDERS.openRouter.buildBody(base)).toEqual({
			model: 'deepseek/deepseek-v3.2-exp',
			messages: [{ role: 'user', content: 'Hi' }],
			reasoning: { enabled: true },
		});
		expect(PROVIDERS.openRouter.buildBody({ ...base, reasoning: false, reasoningEffort: 'high' })).toMatchObject({
			reasoning: { enabled: false },
		});
	});

	it('maps max tokens, sampling, effort, budget, stream and JSON mode', () => {
		expect(
			PROVIDERS.openRouter.buildBody({
				...base,
				maxTokens: 500,
				temperature: 0.2,
				topP: 0.9,
				reasoningEffort: 'high',
				stream: true,
				jsonOutput: true,
			}),
		).toEqual({
			model: 'deepseek/deepseek-v3.2-exp',
			messages: [
				{ role: 'system', content: JSON_INSTRUCTION },
				{ role: 'user', content: 'Hi' },
			],
			max_tokens: 500,
			temperature: 0.2,
			top_p: 0.9,
			stream: true,
			reasoning: { enabled: true, effort: 'high' },
			response_format: { type: 'json_object' },
		});
		expect(PROVIDERS.openRouter.buildBody({ ...base, reasoningBudget: 2000 }).reasoning).toEqual({
			enabled: true,
			max_tokens: 2000,
		});
	});

	it('sends reasoning_details back unchanged on assistant turns, and nothing else of reasoning', () => {
		const details = [{ type: 'reasoning.text', text: 'r', signature: null, format: 'unknown', index: 0 }];
		const body = PROVIDERS.openRouter.buildBody({
			...base,
			messages: [
				{ role: 'user', content: 'a' },
				{ role: 'assistant', content: 'b', reasoning_details: details, reasoning_content: 'r' },
				{ role: 'user', content: 'c' },
			],
		});
		expect(body.messages).toEqual([
			{ role: 'user', content: 'a' },
			{ role: 'assistant', content: 'b', reasoning_details: details },
			{ role: 'user', content: 'c' },
		]);
	});

	it('builds the history message with reasoning_details for the next turn', () => {
		expect(PROVIDERS.openRouter.historyMessage(completion)).toEqual({
			role: 'assistant',
			content: 'Hello',
			reasoning_details: completion.reasoningDetails,
		});
	});
});

describe('AIML API request body', () => {
	it('asks for usage in streams and never sends reasoning_content on plain assistant turns', () => {
		const body = PROVIDERS.aimlApi.buildBody({
			...base,
			model: 'deepseek/deepseek-thinking-v3.2-exp',
			stream: true,
			messages: [
				{ role: 'user', content: 'a' },
				{ role: 'assistant', content: 'b', reasoning_content: 'r' },
				{ role: 'user', content: 'c' },
			],
		});
		expect(body).toEqual({
			model: 'deepseek/deepseek-thinking-v3.2-exp',
			stream: true,
			stream_options: { include_usage: true },
			messages: [
				{ role: 'user', content: 'a' },
				{ role: 'assistant', content: 'b' },
				{ role: 'user', content: 'c' },
			],
		});
	});

	it('keeps reasoning_content on assistant turns that made tool calls (DeepSeek requires it)', () => {
		const toolCalls = [{ id: 'c1', type: 'function' as const, function: { name: 'f', arguments: '{}' } }];
		const body = PROVIDERS.aimlApi.buildBody({
			...base,
			messages: [
				{ role: 'user', content: 'a' },
				{ role: 'assistant', content: '', tool_calls: toolCalls, reasoning_content: 'r' },
				{ role: 'tool', content: '1', tool_call_id: 'c1' },
			],
		});
		expect((body.messages as unknown[])[1]).toEqual({
			role: 'assistant',
			content: '',
			tool_calls: toolCalls,
			reasoning_content: 'r',
		});
	});

	it('switches DeepSeek thinking ids to their non-thinking twin when reasoning is off', () => {
		expect(aimlModelForReasoning('deepseek/deepseek-thinking-v3.2-exp', false)).toBe(
			'deepseek/deepseek-non-thinking-v3.2-exp',
		);
		expect(aimlModelForReasoning('deepseek/deepseek-thinking-v3.2-exp', true)).toBe(
			'deepseek/deepseek-thinking-v3.2-exp',
		);
		expect(aimlModelForReasoning('deepseek/deepseek-non-thinking-v3.2-exp', false)).toBe(
			'deepseek/deepseek-non-thinking-v3.2-exp',
		);
		expect(aimlModelForReasoning('deepseek-reasoner', false)).toBe('deepseek-chat');
		expect(aimlModelForReasoning('openai/gpt-4o', false)).toBe('openai/gpt-4o');
		expect(PROVIDERS.aimlApi.buildBody({ ...base, model: 'deepseek/deepseek-thinking-v3.2-exp', reasoning: false }).model).toBe(
			'deepseek/deepseek-non-thinking-v3.2-exp',
		);
	});

	it('sends reasoning_effort only when one is chosen, and JSON mode only as an instruction', () => {
		const body = PROVIDERS.aimlApi.buildBody({ ...base, reasoningEffort: 'low', jsonOutput: true });
		expect(body.reasoning_effort).toBe('low');
		expect(body.response_format).toBeUndefined();
		expect((body.messages as Array<{ content: string }>)[0].content).toBe(JSON_INSTRUCTION);
	});

	it('adds the JSON instruction to an existing system message once', () => {
		const body = PROVIDERS.aimlApi.buildBody({
			...base,
			jsonOutput: true,
			messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
		});
		expect(body.messages).toEqual([
			{ role: 'system', content: `Be brief.\n\n${JSON_INSTRUCTION}` },
			{ role: 'user', content: 'Hi' },
		]);
	});
});

describe('JSON mode keeps the user\'s system message whatever its shape', () => {
	const parts = [{ type: 'text', text: 'You are a tax adviser.' }, { type: 'text', text: 'Be brief.' }];
	it.each(['aimlApi', 'openRouter'] as const)('%s: an array of parts gets the instruction as one more part', (id) => {
		const messages = [{ role: 'system' as const, content: parts }, { role: 'user' as const, content: 'Hi' }];
		const body = PROVIDERS[id].buildBody({ ...base, jsonOutput: true, messages });
		expect(body.messages).toEqual([
			{ role: 'system', content: [...parts, { type: 'text', text: JSON_INSTRUCTION }] },
			{ role: 'user', content: 'Hi' },
		]);
		// Built twice (a retry), the instruction is still there once.
		const again = PROVIDERS[id].buildBody({ ...base, jsonOutput: true, messages: body.messages as typeof messages });
		expect(again.messages).toEqual(body.messages);
	});
});

describe('providers', () => {
	it('strips trailing slashes from base URLs and falls back to the official one', () => {
		expect(baseUrlOf(PROVIDERS.openRouter, 'http://proxy.local/api/v1//')).toBe('http://proxy.local/api/v1');
		expect(baseUrlOf(PROVIDERS.aimlApi, '')).toBe('https://api.aimlapi.com');
	});

	it('rejects an unknown provider id with the valid ones', () => {
		expect(() => getProvider('openai')).toThrow('use one of "aimlApi", "deepSeek", "openRouter"');
	});

	it('lists only chat models from the AIML catalogue, named and with ids', () => {
		expect(
			PROVIDERS.aimlApi.parseModelList({
				data: [
					{ id: 'deepseek/deepseek-thinking-v3.2-exp', type: 'openai/chat-completions', info: { name: 'DeepSeek V3.2 Exp Thinking' } },
					{ id: 'flux/schnell', type: 'image' },
					{ id: 'legacy/chat', type: 'chat-completion' },
				],
			}),
		).toEqual([
			{ name: 'DeepSeek V3.2 Exp Thinking (deepseek/deepseek-thinking-v3.2-exp)', value: 'deepseek/deepseek-thinking-v3.2-exp' },
			{ name: 'legacy/chat (legacy/chat)', value: 'legacy/chat' },
		]);
	});
});

describe('parseConversation', () => {
	it('accepts an array, its JSON text, or an object with messages', () => {
		const messages = [
			{ role: 'user', content: 'a' },
			{ role: 'assistant', content: 'b', reasoning_details: [{ type: 'reasoning.text', text: 't' }] },
		];
		const expected = { ok: true, messages };
		expect(parseConversation(messages)).toEqual(expected);
		expect(parseConversation(JSON.stringify(messages))).toEqual(expected);
		expect(parseConversation({ messages, answer: 'x' })).toEqual(expected);
		expect(parseConversation('')).toEqual({ ok: true, messages: [] });
		expect(parseConversation(undefined)).toEqual({ ok: true, messages: [] });
	});

	it('maps human/ai roles and drops unknown fields', () => {
		expect(parseConversation([{ type: 'human', content: 'a', extra: 1 }, { role: 'AI', content: 'b' }])).toEqual({
			ok: true,
			messages: [
				{ role: 'user', content: 'a' },
				{ role: 'assistant', content: 'b' },
			],
		});
	});

	it.each([
		['not json', 'it is not valid JSON'],
		[{ a: 1 }, 'it is {"a":1}, not an array of messages'],
		[[{ role: 'bot', content: 'x' }], 'message 0 has role "bot": use system, user, assistant or tool'],
		[[{ role: 'user', content: 'ok' }, 'hello'], 'message 1 is "hello", not an object'],
		[[{ role: 'user', content: 5 }], 'message 0 (user) has content 5: it must be text or an array of content parts'],
		[[{ role: 'tool', content: 'x' }], 'message 0 (tool) has no tool_call_id'],
	])('rejects %j naming the message', (value, problem) => {
		const result = parseConversation(value);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.problem).toContain(problem);
	});
});

describe('parseJsonAnswer', () => {
	it.each([
		['{"a":1}', { a: 1 }],
		['```json\n{"a":1}\n```', { a: 1 }],
		['Here you go:\n```\n[1,2]\n```', [1, 2]],
		['<think>{"wrong":true}</think>{"right":true}', { right: true }],
		['Sure! {"a": {"b": 2}} Hope that helps.', { a: { b: 2 } }],
	])('%j parses', (answer, value) => {
		expect(parseJsonAnswer(answer)).toEqual({ ok: true, value });
	});

	it.each([
		['no json here', 'contains no JSON'],
		['{"a": 1', 'not closed'],
		['{"a": 1,}', 'not valid JSON'],
	])('%j fails with a reason', (answer, problem) => {
		const result = parseJsonAnswer(answer);
		expect(result.ok ? '' : result.problem).toContain(problem);
	});
});

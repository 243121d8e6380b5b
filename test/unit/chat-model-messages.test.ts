// Reasoning Chat Model, pure parts: message conversion both ways, tools, the reasoning cache,
// the tool-history preparation (restore, regroup, fallback) and the live stream splitting.
import type { Message, StreamChunk } from '@n8n/ai-node-sdk';

import {
	answerText,
	toChatMessages,
	toMessageContent,
} from '../../nodes/ReasoningChatModel/messages';
import { ReasoningCache } from '../../nodes/ReasoningChatModel/reasoningCache';
import { finishReasonOf, toGenerateResult } from '../../nodes/ReasoningChatModel/results';
import { LiveDeltas, deltaOf } from '../../nodes/ReasoningChatModel/streaming';
import { ThinkTagStream } from '../../nodes/shared/normalize/thinkTagStream';
import { prepareHistory } from '../../nodes/ReasoningChatModel/toolHistory';
import { toFunctionTools } from '../../nodes/ReasoningChatModel/tools';
import { PROVIDERS } from '../../nodes/shared/providers';
import type { ChatMessage, Completion } from '../../nodes/shared/types';

const usage = {
	promptTokens: 10,
	completionTokens: 20,
	totalTokens: 30,
	reasoningTokens: 7,
	cachedTokens: 2,
	cost: 0.001,
};

function completion(overrides: Partial<Completion> = {}): Completion {
	return {
		answer: 'The answer',
		reasoning: 'Some thinking',
		toolCalls: [],
		usage,
		model: 'deepseek-reasoner',
		finishReason: 'stop',
		id: 'resp-1',
		...overrides,
	};
}

const call = (id: string, name = 'calc', args = '{"input":"1+1"}') => ({
	id,
	type: 'function' as const,
	function: { name, arguments: args },
});

describe('SDK messages → chat completions messages', () => {
	it('maps system, user, assistant and tool messages', () => {
		const messages: Message[] = [
			{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is ' },
					{ type: 'text', text: '2+3?' },
				],
				name: 'ann',
			},
			{
				role: 'assistant',
				content: [
					{ type: 'reasoning', text: 'Use the tool.' },
					{ type: 'text', text: '' },
					{ type: 'tool-call', toolCallId: 'call_1', toolName: 'calc', input: '{"input":"2+3"}' },
				],
			},
			{
				role: 'tool',
				content: [
					{ type: 'tool-result', toolCallId: 'call_1', result: '[{"response":"5"}]' },
					{
						type: 'tool-result',
						toolCallId: 'call_2',
						result: [
							{ type: 'text', text: 'a' },
							{ type: 'text', text: 'b' },
						],
					},
					{ type: 'tool-result', toolCallId: 'call_3', result: { value: 7 } },
				],
			},
		];
		expect(toChatMessages(messages)).toEqual([
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: 'What is 2+3?' },
			{
				role: 'assistant',
				content: '',
				tool_calls: [call('call_1', 'calc', '{"input":"2+3"}')],
				reasoning_content: 'Use the tool.',
			},
			{ role: 'tool', tool_call_id: 'call_1', content: '[{"response":"5"}]' },
			{ role: 'tool', tool_call_id: 'call_2', content: 'ab' },
			{ role: 'tool', tool_call_id: 'call_3', content: '{"value":7}' },
		]);
	});

	it("keeps OpenRouter's reasoning_details from a provider block unchanged", () => {
		const details = [
			{ type: 'reasoning.text', text: 'r', signature: null, format: 'unknown', index: 0 },
		];
		const [message] = toChatMessages([
			{
				role: 'assistant',
				content: [
					{ type: 'provider', value: { reasoning_details: details } },
					{ type: 'text', text: 'Hi' },
				],
			},
		]);
		expect(message).toEqual({ role: 'assistant', content: 'Hi', reasoning_details: details });
		expect(message.reasoning_details?.[0]).toBe(details[0]);
	});

	it('takes reasoning that "Include Reasoning in Answer" put into the text out again', () => {
		const [message] = toChatMessages([
			{
				role: 'assistant',
				content: [{ type: 'text', text: '<think>\nMy thoughts\n</think>\n\nThe answer' }],
			},
		]);
		expect(message).toEqual({
			role: 'assistant',
			content: 'The answer',
			reasoning_content: 'My thoughts',
		});
	});

	it('gives tool calls without an id one, and sends images as image_url parts', () => {
		const [assistant, user] = toChatMessages([
			{ role: 'assistant', content: [{ type: 'tool-call', toolName: 'calc', input: '' }] },
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is this?' },
					{ type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) },
					{ type: 'file', mediaType: 'image/jpeg', data: 'https://example.com/a.jpg' },
				],
			},
		]);
		expect(assistant.tool_calls).toEqual([call('call_0', 'calc', '{}')]);
		expect(user.content).toEqual([
			{ type: 'text', text: 'What is this?' },
			{ type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
			{ type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
		]);
	});
});

describe('completion → SDK content and result', () => {
	const details = [{ type: 'reasoning.text', text: 'Some thinking', index: 0 }];

	it('returns reasoning, provider details, text and tool calls as blocks', () => {
		const result = completion({
			reasoningDetails: details,
			answer: '',
			toolCalls: [call('call_9', 'calc', '{"input":"3*4"}')],
			finishReason: 'tool_calls',
		});
		expect(toMessageContent(result, false)).toEqual([
			{ type: 'reasoning', text: 'Some thinking' },
			{ type: 'provider', value: { reasoning_details: details } },
			{ type: 'tool-call', toolCallId: 'call_9', toolName: 'calc', input: '{"input":"3*4"}' },
		]);
	});

	it('puts the reasoning in front of the text inside <think> only when asked', () => {
		expect(answerText(completion(), false)).toBe('The answer');
		expect(answerText(completion(), true)).toBe('<think>\nSome thinking\n</think>\n\nThe answer');
		expect(answerText(completion({ reasoning: '' }), true)).toBe('The answer');
	});

	it('round-trips: the content it returns converts back to the same assistant turn', () => {
		const result = completion({
			reasoningDetails: details,
			toolCalls: [call('call_1')],
			finishReason: 'tool_calls',
		});
		const [back] = toChatMessages([{ role: 'assistant', content: toMessageContent(result, true) }]);
		expect(back).toEqual({
			role: 'assistant',
			content: 'The answer',
			tool_calls: [call('call_1')],
			reasoning_content: 'Some thinking',
			reasoning_details: details,
		});
	});

	it('reports usage with reasoning and cache details, finish reason and metadata', () => {
		const result = toGenerateResult(PROVIDERS.aimlApi, completion(), { raw: true }, false);
		expect(result.usage).toEqual({
			promptTokens: 10,
			completionTokens: 20,
			totalTokens: 30,
			inputTokenDetails: { cacheRead: 2 },
			outputTokenDetails: { reasoning: 7 },
			additionalMetadata: usage,
		});
		expect(result.finishReason).toBe('stop');
		expect(result.id).toBe('resp-1');
		expect(result.providerMetadata).toMatchObject({
			finish_reason: 'stop',
			model_name: 'deepseek-reasoner',
			reasoningChat: { provider: 'aimlApi', usage: { cost: 0.001 } },
		});
		expect(JSON.stringify(result.providerMetadata)).not.toContain('Some thinking');
	});

	it.each([
		['stop', 'stop'],
		['length', 'length'],
		['tool_calls', 'tool-calls'],
		['content_filter', 'content-filter'],
		['error', 'error'],
		['something_else', 'other'],
	])('maps finish reason %s to %s', (raw, mapped) => {
		expect(finishReasonOf(completion({ finishReason: raw }))).toBe(mapped);
	});

	it('infers the finish reason when the provider sent none', () => {
		expect(finishReasonOf(completion({ finishReason: '' }))).toBe('stop');
		expect(finishReasonOf(completion({ finishReason: '', toolCalls: [call('c')] }))).toBe(
			'tool-calls',
		);
	});
});

describe('tools', () => {
	it('become OpenAI function tools without the $schema marker', () => {
		expect(
			toFunctionTools([
				{
					type: 'function',
					name: 'calc',
					description: 'Math',
					inputSchema: {
						$schema: 'http://json-schema.org/draft-07/schema#',
						type: 'object',
						properties: { input: { type: 'string' } },
					},
				},
				{ type: 'provider', name: 'web_search' },
			]),
		).toEqual([
			{
				type: 'function',
				function: {
					name: 'calc',
					description: 'Math',
					parameters: { type: 'object', properties: { input: { type: 'string' } } },
				},
			},
		]);
	});
});

describe('ReasoningCache', () => {
	it('stores a response with tool calls under each tool-call id, per scope', () => {
		const cache = new ReasoningCache();
		cache.remember('aimlApi:cred-1', completion({ toolCalls: [call('a'), call('b')] }));
		cache.remember('aimlApi:cred-1', completion({ reasoning: 'no tools' }));
		expect(cache.size).toBe(2);
		expect(cache.lookup('aimlApi:cred-1', call('b'))).toEqual({
			reasoningContent: 'Some thinking',
			toolCallIds: ['a', 'b'],
		});
		expect(cache.lookup('aimlApi:cred-2', call('b'))).toBeUndefined();
		expect(cache.lookup('openRouter:cred-1', call('a'))).toBeUndefined();
	});

	it('forgets the oldest entries first when full, by count', () => {
		const cache = new ReasoningCache(3);
		for (const id of ['a', 'b', 'c', 'd', 'e'])
			cache.remember('s', completion({ toolCalls: [call(id)] }));
		expect(cache.size).toBe(3);
		expect(['a', 'b', 'c', 'd', 'e'].map((id) => !!cache.lookup('s', call(id)))).toEqual([
			false,
			false,
			true,
			true,
			true,
		]);
	});

	it('forgets the oldest entries first when full, by size, but keeps the newest', () => {
		const cache = new ReasoningCache(100, 500);
		cache.remember('s', completion({ reasoning: 'x'.repeat(300), toolCalls: [call('a')] }));
		cache.remember('s', completion({ reasoning: 'y'.repeat(300), toolCalls: [call('b')] }));
		expect(cache.lookup('s', call('a'))).toBeUndefined();
		expect(cache.lookup('s', call('b'))?.reasoningContent).toHaveLength(300);
		cache.remember('s', completion({ reasoning: 'z'.repeat(1000), toolCalls: [call('c')] }));
		expect(cache.lookup('s', call('c'))?.reasoningContent).toHaveLength(1000);
		expect(cache.size).toBe(1);
	});

	it('keys by tool call, not id alone: hosts that number ids per response never mix conversations', () => {
		const cache = new ReasoningCache();
		const search = (query: string) => call('functions.search:0', 'search', JSON.stringify({ query }));
		cache.remember('s', completion({ reasoning: 'about tides', toolCalls: [search('tides')] }));
		cache.remember('s', completion({ reasoning: 'about taxes', toolCalls: [search('taxes')] }));
		expect(cache.lookup('s', search('tides'))?.reasoningContent).toBe('about tides');
		expect(cache.lookup('s', search('taxes'))?.reasoningContent).toBe('about taxes');
		expect(cache.lookup('s', call('functions.search:0', 'fetch', '{"query":"tides"}'))).toBeUndefined();
		// The Agent hands the call back with its id added to the arguments: still the same call.
		const rebuilt = call('functions.search:0', 'search', JSON.stringify({ id: 'functions.search:0', query: 'tides' }));
		expect(cache.lookup('s', rebuilt)?.reasoningContent).toBe('about tides');
	});
});

describe('prepareHistory', () => {
	const user: ChatMessage = { role: 'user', content: 'What is 2+3 and 4*5?' };
	const result = (id: string, content = '[{"response":"5"}]'): ChatMessage => ({
		role: 'tool',
		tool_call_id: id,
		content,
	});
	// What the Agent hands back: assistant tool-call turns rebuilt with no content, no reasoning.
	const rebuilt = (...ids: string[]): ChatMessage => ({
		role: 'assistant',
		content: '',
		tool_calls: ids.map((id) => call(id)),
	});

	function cacheWith(...responses: Completion[]) {
		const cache = new ReasoningCache();
		for (const response of responses) cache.remember('scope', response);
		return cache;
	}

	it('puts the cached reasoning back on tool-call turns that lost it', () => {
		const details = [{ type: 'reasoning.text', text: 'R1', index: 0 }];
		const cache = cacheWith(
			completion({ reasoning: 'R1', reasoningDetails: details, toolCalls: [call('c1')] }),
			completion({ reasoning: 'R2', toolCalls: [call('c2')] }),
		);
		const prepared = prepareHistory(
			[user, rebuilt('c1'), result('c1'), rebuilt('c2'), result('c2')],
			{
				scope: 'scope',
				cache,
				reasoningRequired: true,
			},
		);
		expect(prepared).toMatchObject({ restored: 2, flattened: 0 });
		expect(prepared.messages).toEqual([
			user,
			{ ...rebuilt('c1'), reasoning_content: 'R1', reasoning_details: details },
			result('c1'),
			{ ...rebuilt('c2'), reasoning_content: 'R2' },
			result('c2'),
		]);
	});

	it('keeps reasoning a message already carries', () => {
		const cache = cacheWith(completion({ reasoning: 'cached', toolCalls: [call('c1')] }));
		const own = { ...rebuilt('c1'), reasoning_content: 'own' };
		const prepared = prepareHistory([user, own, result('c1')], {
			scope: 'scope',
			cache,
			reasoningRequired: true,
		});
		expect(prepared.messages[1]).toEqual(own);
		expect(prepared.restored).toBe(0);
	});

	it('rejoins parallel tool calls that the Agent split into one message per call', () => {
		const cache = cacheWith(completion({ reasoning: 'R', toolCalls: [call('c1'), call('c2')] }));
		const prepared = prepareHistory(
			[user, rebuilt('c1'), result('c1'), rebuilt('c2'), result('c2', '[{"response":"20"}]')],
			{
				scope: 'scope',
				cache,
				reasoningRequired: true,
			},
		);
		expect(prepared.messages).toEqual([
			user,
			{
				role: 'assistant',
				content: '',
				tool_calls: [call('c1'), call('c2')],
				reasoning_content: 'R',
			},
			result('c1'),
			result('c2', '[{"response":"20"}]'),
		]);
	});

	it('on a cache miss, rewrites the tool exchange as text turns (the documented fallback)', () => {
		const prepared = prepareHistory(
			[user, rebuilt('c1'), result('c1'), rebuilt('c2'), result('c2', '[{"response":"20"}]')],
			{ scope: 'scope', cache: new ReasoningCache(), reasoningRequired: true },
		);
		expect(prepared.flattened).toBe(2);
		expect(prepared.messages).toEqual([
			user,
			{
				role: 'assistant',
				content: '[Called tool "calc" (call c1) with arguments {"input":"1+1"}]',
			},
			{ role: 'user', content: '[Result of tool "calc" (call c1)]\n[{"response":"5"}]' },
			{
				role: 'assistant',
				content: '[Called tool "calc" (call c2) with arguments {"input":"1+1"}]',
			},
			{ role: 'user', content: '[Result of tool "calc" (call c2)]\n[{"response":"20"}]' },
		]);
		for (const message of prepared.messages) {
			expect(message.tool_calls).toBeUndefined();
			expect(message.role).not.toBe('tool');
		}
	});

	it('joins flattened turns with their neighbours so roles keep alternating', () => {
		const prepared = prepareHistory(
			[
				user,
				{ ...rebuilt('c1'), content: 'Let me check.' },
				result('c1'),
				{ role: 'user', content: 'And now?' },
			],
			{ scope: 'scope', cache: new ReasoningCache(), reasoningRequired: true },
		);
		expect(prepared.messages).toEqual([
			user,
			{
				role: 'assistant',
				content: 'Let me check.\n\n[Called tool "calc" (call c1) with arguments {"input":"1+1"}]',
			},
			{
				role: 'user',
				content: '[Result of tool "calc" (call c1)]\n[{"response":"5"}]\n\nAnd now?',
			},
		]);
	});

	it('sends tool calls unchanged when the model does not think (nothing to carry back)', () => {
		const messages = [user, rebuilt('c1'), result('c1')];
		const prepared = prepareHistory(messages, {
			scope: 'scope',
			cache: new ReasoningCache(),
			reasoningRequired: false,
		});
		expect(prepared).toEqual({ messages, restored: 0, flattened: 0 });
	});

	it('rewrites unanswered tool calls and orphaned tool results, which the APIs reject', () => {
		const cache = cacheWith(completion({ toolCalls: [call('c1')] }));
		const prepared = prepareHistory(
			[user, rebuilt('c1'), { role: 'user', content: 'next' }, result('zz')],
			{
				scope: 'scope',
				cache,
				reasoningRequired: true,
			},
		);
		expect(prepared.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
		expect(prepared.messages[2].content).toBe(
			'next\n\n[Result of tool call zz]\n[{"response":"5"}]',
		);
	});

	it('builds a body both providers accept from the prepared history', () => {
		const cache = cacheWith(completion({ reasoning: 'R1', toolCalls: [call('c1')] }));
		const { messages } = prepareHistory([user, rebuilt('c1'), result('c1')], {
			scope: 'scope',
			cache,
			reasoningRequired: true,
		});
		const body = PROVIDERS.aimlApi.buildBody({
			model: 'm',
			messages,
			reasoning: true,
			jsonOutput: false,
			stream: false,
		});
		expect((body.messages as ChatMessage[])[1]).toEqual({
			role: 'assistant',
			content: '',
			tool_calls: [call('c1')],
			reasoning_content: 'R1',
		});
	});
});

describe('streaming', () => {
	it('reads reasoning and text from either provider’s chunks', () => {
		const chunk = (delta: object) => ({ choices: [{ index: 0, delta }] });
		expect(deltaOf(chunk({ reasoning_content: 'a', content: null }))).toEqual({
			reasoning: 'a',
			content: '',
		});
		expect(
			deltaOf(
				chunk({ reasoning: 'b', reasoning_details: [{ type: 'reasoning.text', text: 'b' }] }),
			),
		).toEqual({
			reasoning: 'b',
			content: '',
		});
		expect(
			deltaOf(
				chunk({ reasoning: null, reasoning_details: [{ type: 'reasoning.text', text: 'c' }] }),
			),
		).toEqual({
			reasoning: 'c',
			content: '',
		});
		expect(deltaOf(chunk({ content: 'd' }))).toEqual({ reasoning: '', content: 'd' });
		expect(deltaOf({ choices: [], usage: {} })).toEqual({ reasoning: '', content: '' });
	});

	it('splits inline <think> tags live, also when a tag is cut across chunks', () => {
		const stream = new ThinkTagStream();
		const pieces = ['  <th', 'ink>\nI think', ' hard</th', 'ink>\n\nAns', 'wer'];
		const out = pieces.map((piece) => stream.push(piece));
		out.push(stream.end());
		expect(out.map((part) => part.reasoning).join('')).toBe('I think hard');
		expect(out.map((part) => part.answer).join('')).toBe('Answer');
		expect(out[1]).toEqual({ reasoning: 'I think', answer: '' });
	});

	it('passes plain text straight through and treats an unclosed <think> as reasoning', () => {
		const plain = new ThinkTagStream();
		expect(plain.push('Hello')).toEqual({ reasoning: '', answer: 'Hello' });
		expect(plain.push(' <think> is a tag')).toEqual({ reasoning: '', answer: ' <think> is a tag' });
		const unclosed = new ThinkTagStream();
		expect(unclosed.push('<think>cut off')).toEqual({ reasoning: 'cut off', answer: '' });
		expect(unclosed.end()).toEqual({ reasoning: '', answer: '' });
	});

	function collect(deltas: LiveDeltas, events: object[]): StreamChunk[] {
		return [...events.flatMap((event) => deltas.fromEvent(event as never)), ...deltas.end()];
	}
	const events = [
		{ choices: [{ delta: { role: 'assistant', content: '' } }] },
		{ choices: [{ delta: { reasoning_content: 'Think' } }] },
		{ choices: [{ delta: { reasoning_content: 'ing' } }] },
		{ choices: [{ delta: { content: 'Ans' } }] },
		{ choices: [{ delta: { content: 'wer' }, finish_reason: 'stop' }] },
	];
	const texts = (chunks: StreamChunk[], type: 'text-delta' | 'reasoning-delta') =>
		chunks.flatMap((chunk) => (chunk.type === type ? [chunk.delta] : [])).join('');

	it('emits reasoning-delta and text-delta chunks as events arrive', () => {
		const deltas = new LiveDeltas(false);
		expect(deltas.fromEvent(events[0] as never)).toEqual([]);
		expect(deltas.emitted).toBe(false);
		const chunks = collect(deltas, events.slice(1));
		expect(deltas.emitted).toBe(true);
		expect(texts(chunks, 'reasoning-delta')).toBe('Thinking');
		expect(texts(chunks, 'text-delta')).toBe('Answer');
	});

	it('with Include Reasoning, streams the same text generate() returns', () => {
		const chunks = collect(new LiveDeltas(true), events);
		expect(texts(chunks, 'text-delta')).toBe(
			answerText(completion({ reasoning: 'Thinking', answer: 'Answer' }), true),
		);
		const toolTurn = collect(new LiveDeltas(true), events.slice(0, 3));
		expect(texts(toolTurn, 'text-delta')).toBe('<think>\nThinking\n</think>\n\n');
	});
});

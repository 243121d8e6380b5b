// Reasoning Chat Model against the mock provider, which enforces DeepSeek's rule: a tool-call
// turn sent back without its reasoning gets the 400 "Missing `reasoning_content` field".
// The model is built by the node's supplyData (fake context, real HTTP) and driven through the
// SDK interface the way n8n's Agent drives it: each tool-call turn comes back rebuilt with no
// content and no reasoning, only the tool call.
import type { ContentToolCall, GenerateResult, Message, StreamChunk, Tool } from '@n8n/ai-node-sdk';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ReasoningModel } from '../../nodes/ReasoningChatModel/model';
import { reasoningCache } from '../../nodes/ReasoningChatModel/reasoningCache';
import { completeChat } from '../../nodes/shared/chatService';
import { PROVIDERS } from '../../nodes/shared/providers';
import { RequestGate } from '../../nodes/shared/transport/requestGate';
import { DEFAULT_RETRY_POLICY } from '../../nodes/shared/transport/withRetries';
import type { ChatMessage } from '../../nodes/shared/types';
import {
	chatBodies,
	statusCounts,
	fakeSupplyContext,
	suppliedModel,
	type FakeContextOptions,
	type ProviderName,
} from '../support/chatModel';
import { KEYS, mockUrl, startMock, type MockProvider } from '../support/chatWorkflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { expectedCompletion } = require('../mock-provider/server.js') as {
	expectedCompletion: (
		provider: 'aiml' | 'openRouter' | 'deepSeek',
		body: unknown,
	) => { usage: Record<string, number | null> };
};

let mock: MockProvider;
beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.reset();
	reasoningCache.clear();
});

/** A key the mock rejects (401). */
const WRONG_KEY = ['bad', 'key', 'aiml'].join('-');

const MOCK_NAME = { aimlApi: 'aiml', openRouter: 'openRouter', deepSeek: 'deepSeek' } as const;

const SDK_TOOLS: Tool[] = ['Calculator_A', 'Calculator_B'].map((name) => ({
	type: 'function',
	name,
	description: `${name}: evaluates a math expression`,
	inputSchema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
}));

async function modelFor(options: Omit<FakeContextOptions, 'mock'> = {}) {
	const fake = fakeSupplyContext({ mock, ...options });
	const adapter = await suppliedModel(fake.ctx);
	const model = (adapter as unknown as { chatModel: ReasoningModel }).chatModel;
	return { fake, adapter, model, tooled: model.withTools(SDK_TOOLS) as ReasoningModel };
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const system: Message = {
	role: 'system',
	content: [{ type: 'text', text: 'You are a helpful assistant' }],
};

function toolCallOf(result: GenerateResult): ContentToolCall {
	const block = result.message.content.find(
		(content): content is ContentToolCall => content.type === 'tool-call',
	);
	if (!block) throw new Error(`no tool call in ${JSON.stringify(result.message)}`);
	return block;
}

/** What Agent V3 hands back for a tool-call turn: the call alone, and the tool's output. */
function agentRebuild(call: ContentToolCall, observation: string): Message[] {
	return [
		{
			role: 'assistant',
			content: [
				{
					type: 'tool-call',
					toolCallId: call.toolCallId,
					toolName: call.toolName,
					input: JSON.stringify({ ...JSON.parse(call.input), id: call.toolCallId }),
				},
			],
		},
		{
			role: 'tool',
			content: [{ type: 'tool-result', toolCallId: call.toolCallId ?? '', result: observation }],
		},
	];
}

/** Runs the Agent's loop: model step, tool, model step, tool, final answer. */
async function agentLoop(
	model: ReasoningModel,
	prompt: string,
	beforeStep?: (step: number) => void,
) {
	const history: Message[] = [system, user(prompt)];
	const results: GenerateResult[] = [];
	for (let step = 0; step < 3; step++) {
		beforeStep?.(step);
		const result = await model.generate(history);
		results.push(result);
		if (result.finishReason !== 'tool-calls') break;
		history.push(
			...agentRebuild(toolCallOf(result), JSON.stringify([{ response: `result ${step + 1}` }])),
		);
	}
	return results;
}

const assistantTurns = (body: unknown) =>
	((body as { messages: ChatMessage[] }).messages ?? []).filter(
		(message) => message.role === 'assistant',
	);

describe.each<ProviderName>(['aimlApi', 'deepSeek', 'openRouter'])(
	'Reasoning Chat Model on %s, tool calls',
	(provider) => {
		it('completes two tool rounds: the cache puts the reasoning back on the rebuilt turns', async () => {
			const { tooled } = await modelFor({ provider });
			const results = await agentLoop(tooled, 'What is 2+3 and 4*5?');

			expect(results.map((result) => result.finishReason)).toEqual([
				'tool-calls',
				'tool-calls',
				'stop',
			]);
			expect(results.map((result) => result.message.content[0])).toEqual([
				{ type: 'reasoning', text: 'Reasoning about: What is 2+3 and 4*5?' },
				{ type: 'reasoning', text: 'Reasoning about: What is 2+3 and 4*5?' },
				{ type: 'reasoning', text: 'Reasoning about: What is 2+3 and 4*5?' },
			]);
			const final = results[2].message.content.find((content) => content.type === 'text');
			expect(final).toEqual({
				type: 'text',
				text: 'Answer: What is 2+3 and 4*5? | tools: [{"response":"result 1"}] ; [{"response":"result 2"}]',
			});

			const bodies = chatBodies(mock);
			expect(bodies).toHaveLength(3);
			expect(statusCounts(mock)).toEqual({ 200: 3 });
			expect((bodies[0] as { tools: unknown[] }).tools).toHaveLength(2);
			const sentBack = assistantTurns(bodies[2]);
			expect(sentBack).toHaveLength(2);
			for (const turn of sentBack) {
				expect(turn.tool_calls).toHaveLength(1);
				if (provider !== 'openRouter')
					expect(turn.reasoning_content).toBe('Reasoning about: What is 2+3 and 4*5?');
				else expect(turn.reasoning_details?.length).toBeGreaterThan(0);
			}
		});

		it('completes on a cache miss too: the lost tool turns go as text, and no 400', async () => {
			const { tooled, fake } = await modelFor({ provider });
			// A fresh cache before every step: as if each step ran in another n8n process.
			const results = await agentLoop(tooled, 'What is 2+3?', () => reasoningCache.clear());
			expect(statusCounts(mock)).toEqual({ 200: 3 });
			expect(results).toHaveLength(3);

			const second = (chatBodies(mock)[1] as { messages: ChatMessage[] }).messages;
			expect(second.map((message) => message.role)).toEqual([
				'system',
				'user',
				'assistant',
				'user',
			]);
			expect(second[2].content).toMatch(
				/^\[Called tool "Calculator_A" \(call call_\w+\) with arguments \{"input":"test input","id":"call_\w+"\}\]$/,
			);
			expect(second[3].content).toMatch(
				/^\[Result of tool "Calculator_A" \(call call_\w+\)\]\n\[\{"response":"result 1"\}\]$/,
			);
			expect(fake.warnings.join('\n')).toContain(
				'the reasoning of 1 earlier tool-call turn(s) was not found',
			);
		});

		it('(control) without the fallback, the mock answers such a turn with DeepSeek’s 400', async () => {
			const { tooled } = await modelFor({ provider });
			const toolCall = toolCallOf(await tooled.generate([user('Control')]));
			const messages: ChatMessage[] = [
				{ role: 'user', content: 'Control' },
				{
					role: 'assistant',
					content: '',
					tool_calls: [
						{
							id: toolCall.toolCallId ?? '',
							type: 'function',
							function: { name: toolCall.toolName, arguments: toolCall.input },
						},
					],
				},
				{ role: 'tool', tool_call_id: toolCall.toolCallId, content: 'x' },
			];
			const outcome = await completeChat(
				fakeSupplyContext({ mock, provider }).ctx,
				{
					provider: PROVIDERS[provider],
					baseUrl: mockUrl(mock, provider),
					secrets: [],
					gate: new RequestGate(1),
				},
				{ model: tooled.modelId, messages, reasoning: true, jsonOutput: false, stream: false },
				{
					timeoutMs: 5000,
					idleTimeoutMs: 5000,
					policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
				},
				0,
			);
			expect(outcome.ok).toBe(false);
			expect(outcome.ok ? '' : outcome.message).toContain(
				'Missing `reasoning_content` field in the assistant message at message index 1',
			);
		});

		it('reports the usage the provider sent', async () => {
			const { model, fake, adapter } = await modelFor({ provider });
			const result = await model.generate([user('Count my tokens')]);
			const expected = expectedCompletion(MOCK_NAME[provider], chatBodies(mock)[0]).usage;
			expect(result.usage).toMatchObject({
				promptTokens: expected.promptTokens,
				completionTokens: expected.completionTokens,
				totalTokens: expected.totalTokens,
				outputTokenDetails: { reasoning: expected.reasoningTokens },
				additionalMetadata: { cost: expected.cost },
			});
			expect(expected.completionTokens).toBeGreaterThan(0);

			// Through the LangChain adapter, n8n's tracing writes these counts to the execution log.
			const message = await adapter.invoke('Count my tokens');
			expect(message.usage_metadata).toMatchObject({
				input_tokens: expected.promptTokens,
				output_tokens: expected.completionTokens,
			});
			expect(JSON.stringify(fake.outputs.at(-1))).toContain(
				`"tokenUsage":{"completionTokens":${expected.completionTokens},"promptTokens":${expected.promptTokens},"totalTokens":${expected.totalTokens}}`,
			);
		});
	},
);

describe('Reasoning Chat Model: retries and errors', () => {
	it('retries a 429, honouring Retry-After, through the shared transport', async () => {
		const { model, fake } = await modelFor({ options: { retryDelay: 5 } });
		const started = Date.now();
		const result = await model.generate([
			user('Busy mock:status=429 mock:fail-times=1 mock:retry-after=1'),
		]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(result.finishReason).toBe('stop');
		expect(statusCounts(mock)).toEqual({ 200: 1, 429: 1 });
		expect(fake.debug.join('\n')).toMatch(
			/AIML API: item 0 attempt 1 failed \(429\); retrying in 1000 ms/,
		);
	});

	it('retries 5xx and gives up with the shared, provider-named message', async () => {
		const { model } = await modelFor({
			provider: 'openRouter',
			options: { retryDelay: 1, maxRetries: 2 },
		});
		const error = await model
			.generate([user('Down mock:status=503')])
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('503');
		expect((error as Error).message).toMatch(/^OpenRouter answered HTTP 503 for the model call/);
		expect((error as Error).message).toContain('Gave up after 3 attempts');
		expect(statusCounts(mock)).toEqual({ 503: 3 });
	});

	it('names the credential on a bad key and never shows the key', async () => {
		const { model } = await modelFor({ apiKey: WRONG_KEY });
		const error = await model.generate([user('Hello')]).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('AIML API answered HTTP 401');
		expect((error as Error).message).toContain(
			'Check the API key in the credential "My aimlApi key"',
		);
		const echoed = await (await modelFor()).model
			.generate([user('Echo mock:echo-key')])
			.catch((caught: unknown) => caught);
		expect(JSON.stringify(echoed)).not.toContain(KEYS.aimlApi);
		expect((echoed as Error).message).toContain('[redacted]');
	});

	it('says so when the model thought until the token limit and gave no answer', async () => {
		const { model } = await modelFor({ options: { maxTokens: 50 } });
		const error = await model
			.generate([user('Think long mock:length')])
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			'AIML API: the model spent the whole token budget (50) on reasoning and gave no answer. Raise Max Tokens, lower Reasoning Effort, or turn Reasoning off.',
		);
	});

	it('rejects bad option values before sending anything', async () => {
		const fake = fakeSupplyContext({ mock, options: { temperature: 5 } });
		await expect(suppliedModel(fake.ctx)).rejects.toThrow(
			'Reasoning Chat Model (AIML API): Temperature is 5, outside 0 to 2. Correct it in the node options.',
		);
		expect(mock.stats().chatRequests).toBe(0);
	});
});

async function drain(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
	const chunks: StreamChunk[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return chunks;
}

const joined = (chunks: StreamChunk[], type: 'text-delta' | 'reasoning-delta') =>
	chunks.flatMap((chunk) => (chunk.type === type ? [chunk.delta] : [])).join('');

describe.each<ProviderName>(['aimlApi', 'deepSeek', 'openRouter'])(
	'Reasoning Chat Model on %s, streaming',
	(provider) => {
		it('streams reasoning and text deltas, then the reasoning block and usage', async () => {
			const { model } = await modelFor({ provider });
			const chunks = await drain(model.stream([user('Stream it mock:split')]));
			expect(joined(chunks, 'reasoning-delta')).toMatch(/^Reasoning about: Stream it mock:split/);
			expect(joined(chunks, 'text-delta')).toMatch(/^Answer: Stream it mock:split/);
			expect(chunks.filter((chunk) => chunk.type === 'text-delta').length).toBeGreaterThan(2);
			const reasoningBlock = chunks.find((chunk) => chunk.type === 'content');
			expect(reasoningBlock).toEqual({
				type: 'content',
				content: { type: 'reasoning', text: joined(chunks, 'reasoning-delta') },
			});
			const finish = chunks.at(-1);
			expect(finish).toMatchObject({
				type: 'finish',
				finishReason: 'stop',
				usage: { completionTokens: expect.any(Number) },
			});
			expect(finish?.type === 'finish' && finish.usage?.completionTokens).toBeGreaterThan(0);
			expect((chatBodies(mock)[0] as { stream: boolean }).stream).toBe(true);
		});

		it('streams tool calls whole, and the next turn gets its reasoning back', async () => {
			const { tooled } = await modelFor({ provider });
			const first = await drain(tooled.stream([user('Tools, streamed')]));
			const call = first.find((chunk) => chunk.type === 'tool-call-delta');
			expect(call).toMatchObject({
				type: 'tool-call-delta',
				id: expect.stringMatching(/^call_/),
				name: 'Calculator_A',
				argumentsDelta: '{"input":"test input"}',
			});
			expect(first.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
			const history = [
				user('Tools, streamed'),
				...agentRebuild(
					{
						type: 'tool-call',
						toolCallId: call?.type === 'tool-call-delta' ? call.id : '',
						toolName: 'Calculator_A',
						input: '{"input":"test input"}',
					},
					'5',
				),
			];
			const second = await drain(tooled.stream(history));
			expect(second.find((chunk) => chunk.type === 'tool-call-delta')).toMatchObject({
				name: 'Calculator_B',
			});
			expect(statusCounts(mock)).toEqual({ 200: 2 });
		});
	},
);

describe('Reasoning Chat Model: streaming details', () => {
	it('with Include Reasoning, streams the same text generate() returns', async () => {
		const { model } = await modelFor({ options: { includeReasoning: true } });
		const streamed = joined(await drain(model.stream([user('Show thinking')])), 'text-delta');
		const generated = await model.generate([user('Show thinking')]);
		expect(streamed).toBe(
			'<think>\nReasoning about: Show thinking\n</think>\n\nAnswer: Show thinking',
		);
		expect(generated.message.content.find((content) => content.type === 'text')).toEqual({
			type: 'text',
			text: streamed,
		});
	});

	it('keeps inline <think> reasoning out of the streamed text', async () => {
		const { model } = await modelFor({ provider: 'openRouter' });
		const chunks = await drain(model.stream([user('Tags mock:think-tags')]));
		expect(joined(chunks, 'text-delta')).toBe('Answer: Tags mock:think-tags');
		expect(joined(chunks, 'reasoning-delta')).toBe('Reasoning about: Tags mock:think-tags');
	});

	it('retries a failure that comes before anything was streamed', async () => {
		const { model } = await modelFor({ options: { retryDelay: 1 } });
		const chunks = await drain(model.stream([user('Flaky mock:status=500 mock:fail-times=1')]));
		expect(joined(chunks, 'text-delta')).toBe('Answer: Flaky mock:status=500 mock:fail-times=1');
		expect(statusCounts(mock)).toEqual({ 200: 1, 500: 1 });
	});

	it('does not retry a stream that breaks after part of it was handed on, and says why', async () => {
		const { model } = await modelFor({ options: { retryDelay: 1 } });
		const chunks: StreamChunk[] = [];
		const error = await (async () => {
			for await (const chunk of model.stream([user('Cut mock:drop mock:fail-times=1')]))
				chunks.push(chunk);
		})().catch((caught: unknown) => caught);
		expect(chunks.length).toBeGreaterThan(0);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(
			/^AIML API broke off the streamed answer of the model call after part of it had been passed on \(AIML API: item 0 attempt 1 failed \(network\)\)\. A retry would start the answer again/,
		);
		expect(mock.stats().chatRequests).toBe(1);
	});

	it('stops the request when the consumer stops reading', async () => {
		const { model } = await modelFor();
		for await (const chunk of model.stream([user('Slow mock:stall=2000')])) {
			expect(chunk.type).toBe('reasoning-delta');
			break;
		}
		// The consumer stopped early: the request is aborted, not left to finish its 2 s stall.
		for (let polls = 0; polls < 150 && mock.stats().inFlight > 0; polls++) await sleep(10);
		expect(mock.stats().inFlight).toBe(0);
		expect(mock.stats().aborted).toBe(1);
		expect(mock.stats().completed).toBe(0);
	});
});

describe('system messages in the sub-node', () => {
	const historySystem: Message = { role: 'system', content: [{ type: 'text', text: 'From memory' }] };
	const assistant: Message = { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] };

	it('the leading system message (the Agent\'s) is the only one sent; one in the history is left out', async () => {
		const { model } = await modelFor();
		const request = model.buildRequest([system, user('Hi'), historySystem, assistant, user('Next')], undefined, false);
		expect(request.messages.filter((message) => message.role === 'system')).toEqual([
			{ role: 'system', content: 'You are a helpful assistant' },
		]);
		expect(request.messages[0].role).toBe('system');
		expect(request.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
	});

	it('without a leading system message, the history keeps its own', async () => {
		const { model } = await modelFor();
		const request = model.buildRequest([user('Hi'), historySystem, assistant, user('Next')], undefined, false);
		expect(request.messages.map((message) => message.role)).toEqual(['user', 'system', 'assistant', 'user']);
	});
});

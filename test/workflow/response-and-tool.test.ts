import type { MockProvider } from '../support/chatWorkflow';
import { CHAT_TYPE, chatRequests, jsonOf, runChat, startMock } from '../support/chatWorkflow';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

type Chunk = { type: string; content?: string; metadata: { itemIndex?: number } };

describe('streaming the answer to a Chat Trigger / Webhook response', () => {
	it.each(['aimlApi', 'openRouter'] as const)(
		'%s: sends the answer as it arrives, without reasoning or think tags',
		async (provider) => {
			const chunks: Chunk[] = [];
			const prompt = 'Tell me about the tides of the Atlantic ocean in some detail mock:think-tags';
			const result = await runChat({
				mock,
				provider,
				prompts: [prompt],
				onResponseChunk: (chunk) => chunks.push(chunk as Chunk),
			});
			expect(result.status).toBe('success');
			const [json] = jsonOf(result.items('Reasoning Chat'));
			expect(chatRequests(mock)[0].body.stream).toBe(true);
			expect(chunks[0].type).toBe('begin');
			expect(chunks[chunks.length - 1].type).toBe('end');
			const items = chunks.filter((chunk) => chunk.type === 'item');
			expect(items.length).toBeGreaterThan(1);
			expect(items.map((chunk) => chunk.content).join('')).toBe(json.answer);
			for (const chunk of items) expect(chunk.content).not.toMatch(/<\/?think>|Reasoning about/);
			expect(chunks.every((chunk) => chunk.metadata.itemIndex === 0)).toBe(true);
		},
	);

	it('streams nothing when the option is off, and does not force a streamed request', async () => {
		const chunks: Chunk[] = [];
		await runChat({
			mock,
			prompts: ['Hi'],
			options: { streamResponse: false },
			onResponseChunk: (chunk) => chunks.push(chunk as Chunk),
		});
		expect(chunks).toEqual([]);
		expect(chatRequests(mock)[0].body.stream).toBeUndefined();
	});

	it('does not retry an answer that was already partly sent', async () => {
		const chunks: Chunk[] = [];
		const result = await runChat({
			mock,
			provider: 'openRouter',
			// Without reasoning the stream is all answer, so the drop comes after text was sent.
			prompts: ['Go on about the moon and its phases mock:drop'],
			options: { retryDelay: 1, reasoning: false },
			onError: 'continueRegularOutput',
			onResponseChunk: (chunk) => chunks.push(chunk as Chunk),
		});
		expect(jsonOf(result.items('Reasoning Chat'))[0].error).toMatch(/dropped in the middle of the stream/);
		expect(mock.stats().chatRequests).toBe(1);
		expect(chunks[chunks.length - 1].type).toBe('end');
	});
});

describe('as an AI Agent tool (the reasoningChatTool variant)', () => {
	const TOOL_TYPE = `${CHAT_TYPE}Tool`;

	it('gives the agent the answer only by default', async () => {
		const result = await runChat({ mock, nodeType: TOOL_TYPE, prompts: ['What is 6 x 7?'] });
		expect(jsonOf(result.items('Reasoning Chat'))).toEqual([{ answer: 'Answer: What is 6 x 7?' }]);
	});

	it('can give answer and reasoning, or the whole item', async () => {
		const both = await runChat({
			mock,
			nodeType: TOOL_TYPE,
			prompts: ['Q'],
			parameters: { toolOutput: 'answerAndReasoning' },
		});
		expect(jsonOf(both.items('Reasoning Chat'))).toEqual([{ answer: 'Answer: Q', reasoning: 'Reasoning about: Q' }]);
		const full = await runChat({ mock, nodeType: TOOL_TYPE, prompts: ['Q'], parameters: { toolOutput: 'full' } });
		expect(jsonOf(full.items('Reasoning Chat'))[0]).toMatchObject({ answer: 'Answer: Q', usage: expect.any(Object) });
	});

	it('keeps answerJson in answer-only mode', async () => {
		const result = await runChat({
			mock,
			nodeType: TOOL_TYPE,
			prompts: ['Give data'],
			options: { outputFormat: 'json' },
		});
		const [json] = jsonOf(result.items('Reasoning Chat'));
		expect(Object.keys(json).sort()).toEqual(['answer', 'answerJson']);
		expect(json.answerJson).toEqual({ prompt: 'Give data', ok: true });
	});
});

import { normalizeCompletion } from '../../nodes/shared/normalize/completion';
import { reasoningDetailsText } from '../../nodes/shared/normalize/reasoning';
import { splitThinkTags } from '../../nodes/shared/normalize/thinkTags';
import { normalizeUsage } from '../../nodes/shared/normalize/usage';
import { fixture } from '../support/fixtures';

describe('normalizeCompletion: AIML API (DeepSeek)', () => {
	it('splits reasoning_content from the answer and reads usage and meta.usage.usd_spent', () => {
		const completion = normalizeCompletion(fixture('aimlApi', 'completion'));
		expect(completion).toEqual({
			answer: 'Paris is the capital of France.',
			reasoning: 'The user asks for the capital of France. That is Paris.',
			toolCalls: [],
			usage: {
				promptTokens: 12,
				completionTokens: 325,
				totalTokens: 337,
				reasoningTokens: 80,
				cachedTokens: 0,
				cost: 0.001695,
			},
			model: 'deepseek-reasoner',
			finishReason: 'stop',
			id: 'ca664281-d3c3-40d3-9d80-fe96a65884dd',
		});
	});

	it('keeps an empty reasoning as "" and takes cache hits from prompt_cache_hit_tokens', () => {
		const completion = normalizeCompletion(fixture('aimlApi', 'empty-reasoning-cache-hit'));
		expect(completion.reasoning).toBe('');
		expect(completion.usage.cachedTokens).toBe(64);
		expect(completion.usage.reasoningTokens).toBe(80);
		expect(completion.usage.cost).toBeNull();
	});

	it('takes the cost from the x-aimlapi-usd-spent header when the body has none', () => {
		const completion = normalizeCompletion(fixture('aimlApi', 'empty-reasoning-cache-hit'), {
			'x-aimlapi-usd-spent': '0.00042',
		});
		expect(completion.usage.cost).toBe(0.00042);
	});

	it('reports finish reason length with an empty answer', () => {
		const completion = normalizeCompletion(fixture('aimlApi', 'length-no-answer'));
		expect(completion.answer).toBe('');
		expect(completion.finishReason).toBe('length');
		expect(completion.reasoning).toContain('step by step');
	});
});

describe('normalizeCompletion: OpenRouter', () => {
	it('reads reasoning, keeps reasoning_details unchanged and takes usage.cost', () => {
		const body = fixture('openRouter', 'completion');
		const completion = normalizeCompletion(body);
		expect(completion.answer).toBe('42');
		expect(completion.reasoning).toBe('The question asks for the answer. It is 42.');
		expect(completion.reasoningDetails).toEqual(
			((body.choices as Array<{ message: { reasoning_details: unknown } }>)[0]).message.reasoning_details,
		);
		expect(completion.usage).toEqual({
			promptTokens: 15,
			completionTokens: 40,
			totalTokens: 55,
			reasoningTokens: 30,
			cachedTokens: 3,
			cost: 0.0000213,
		});
		expect(completion.id).toBe('gen-1760000000-AbCdEf');
		expect(completion.model).toBe('deepseek/deepseek-v3.2-exp');
	});

	it('joins reasoning.text details when there is no reasoning string, skipping unknown types', () => {
		const completion = normalizeCompletion(fixture('openRouter', 'details-only'));
		expect(completion.reasoning).toBe('Part one. Part two.');
		expect(completion.reasoningDetails).toHaveLength(3);
	});

	it('falls back to summaries, and gives "" for encrypted-only reasoning', () => {
		expect(normalizeCompletion(fixture('openRouter', 'summary-only')).reasoning).toBe(
			'Checked the inputs and computed the result.',
		);
		const encrypted = normalizeCompletion(fixture('openRouter', 'encrypted-only'));
		expect(encrypted.reasoning).toBe('');
		expect(encrypted.answer).toBe('Sure.');
		expect(encrypted.reasoningDetails).toHaveLength(1);
	});

	it('moves inline <think> reasoning out of the answer', () => {
		const completion = normalizeCompletion(fixture('openRouter', 'think-tags'));
		expect(completion.answer).toBe('Hello there!');
		expect(completion.reasoning).toBe('The user wants a greeting.');
	});

	it('handles the variant with only a closing </think>', () => {
		const completion = normalizeCompletion(fixture('openRouter', 'think-close-only'));
		expect(completion.answer).toBe('4');
		expect(completion.reasoning).toBe('Okay, so 2+2 is 4.');
		expect(completion.usage.cost).toBeNull();
	});

	it.each([
		['reasoning', 'Close the block with </think> and then write the answer.'],
		['reasoning_content', 'Write <think> first, then </think>, then the answer.'],
		['reasoning', '<think>inline part</think>Answer'],
	])('when the reasoning came in its own field (%s), think tags in the content are answer text: %s', (field, content) => {
		const completion = normalizeCompletion({
			choices: [{ finish_reason: 'stop', message: { content, [field]: 'field part' } }],
		});
		expect(completion.reasoning).toBe('field part');
		expect(completion.answer).toBe(content);
	});

	it('gives zero counts, null cost and empty strings for a bare body', () => {
		expect(normalizeCompletion({})).toEqual({
			answer: '',
			reasoning: '',
			toolCalls: [],
			usage: {
				promptTokens: 0,
				completionTokens: 0,
				totalTokens: 0,
				reasoningTokens: 0,
				cachedTokens: 0,
				cost: null,
			},
			model: '',
			finishReason: '',
			id: '',
		});
	});

	it('reads tool calls, turning object arguments into JSON text', () => {
		const completion = normalizeCompletion({
			choices: [
				{
					finish_reason: 'tool_calls',
					message: {
						content: null,
						tool_calls: [
							{ id: 'call_1', type: 'function', function: { name: 'add', arguments: { a: 1 } } },
						],
					},
				},
			],
		});
		expect(completion.toolCalls).toEqual([
			{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1}' } },
		]);
		expect(completion.answer).toBe('');
	});
});

describe('splitThinkTags', () => {
	it.each([
		['<think>a</think>b', 'b', 'a'],
		['  <think>\n a \n</think>\n\n b ', 'b', 'a'],
		['a</think>b', 'b', 'a'],
		['<think>never closed because the budget ran out', '', 'never closed because the budget ran out'],
		['no tags at all', 'no tags at all', ''],
		['<think>x</think>y</think>z', 'yz', 'x'],
	])('%j → answer %j, reasoning %j', (content, answer, reasoning) => {
		expect(splitThinkTags(content)).toEqual({ answer, reasoning });
	});
});

describe('reasoningDetailsText and usage edge cases', () => {
	it('ignores non-arrays and malformed items', () => {
		expect(reasoningDetailsText(undefined)).toBe('');
		expect(reasoningDetailsText([null, 3, { type: 'reasoning.text', text: 'ok' }])).toBe('ok');
	});

	it('computes total from prompt + completion when total is missing, and parses numeric strings', () => {
		expect(
			normalizeUsage({ usage: { prompt_tokens: '7', completion_tokens: 5, cost: '0.5' } }),
		).toMatchObject({ promptTokens: 7, completionTokens: 5, totalTokens: 12, cost: 0.5 });
	});

	it('keeps a reported cost of 0 as 0, not null', () => {
		expect(normalizeUsage({ usage: { cost: 0 } }).cost).toBe(0);
	});
});

describe('OpenRouter BYOK cost', () => {
	const body = (cost: number, upstream: number | null, isByok: boolean) => ({
		choices: [{ finish_reason: 'stop', message: { content: 'A' } }],
		usage: { prompt_tokens: 1, completion_tokens: 1, cost, is_byok: isByok, cost_details: { upstream_inference_cost: upstream } },
	});
	it('cost 0 with an upstream cost reports what was paid, and keeps both parts', () => {
		expect(normalizeUsage(body(0, 0.0042, true))).toMatchObject({ cost: 0.0042, openRouterCost: 0, upstreamCost: 0.0042 });
	});
	it('a BYOK fee is added to the upstream cost', () => {
		expect(normalizeUsage(body(0.0002, 0.004, true))).toMatchObject({ cost: 0.0042, openRouterCost: 0.0002, upstreamCost: 0.004 });
	});
	it('without BYOK the cost is usage.cost and no parts are added', () => {
		const usage = normalizeUsage(body(0.00012, null, false));
		expect(usage.cost).toBe(0.00012);
		expect(usage).not.toHaveProperty('upstreamCost');
	});
});

import { normalizeCompletion } from '../../nodes/shared/normalize/completion';
import { SseParser } from '../../nodes/shared/transport/sse';
import { StreamAccumulator } from '../../nodes/shared/transport/streamAccumulator';
import type { IDataObject } from 'n8n-workflow';
import { fixtureText } from '../support/fixtures';

/** Feeds text to a parser in pieces of the given sizes (cycling), as a network would. */
function parseInPieces(text: string, sizes: number[]): string[] {
	const parser = new SseParser();
	const events: string[] = [];
	let offset = 0;
	for (let i = 0; offset < text.length; i++) {
		const size = sizes[i % sizes.length];
		events.push(...parser.push(text.slice(offset, offset + size)));
		offset += size;
	}
	events.push(...parser.end());
	return events;
}

function accumulate(events: string[]): { body: IDataObject; done: boolean } {
	const accumulator = new StreamAccumulator();
	let done = false;
	for (const data of events) {
		if (data === '[DONE]') done = true;
		else accumulator.add(JSON.parse(data) as IDataObject);
	}
	return { body: accumulator.toBody(), done };
}

describe('SseParser', () => {
	it('returns data payloads and skips comments and other fields', () => {
		const parser = new SseParser();
		expect(parser.push(': OPENROUTER PROCESSING\n\nevent: x\nid: 1\ndata: {"a":1}\n\n')).toEqual(['{"a":1}']);
		expect(parser.push('data: [DONE]\n\n')).toEqual(['[DONE]']);
	});

	it('joins multi-line data and accepts CRLF, CR and a missing space after the colon', () => {
		const parser = new SseParser();
		expect(parser.push('data:{"a":\r\ndata: 1}\r\n\r\n')).toEqual(['{"a":\n1}']);
		expect(parser.push('data: x\r\rdata: y\n\n')).toEqual(['x', 'y']);
	});

	it('keeps a CR at the end of a piece until it knows whether LF follows', () => {
		const parser = new SseParser();
		expect(parser.push('data: a\r')).toEqual([]);
		expect(parser.push('\n\r\n')).toEqual(['a']);
	});

	it('gives the same events whatever the network splits', () => {
		const text = fixtureText('openRouter', 'stream-basic.txt');
		const whole = parseInPieces(text, [text.length]);
		expect(whole).toHaveLength(8);
		for (const sizes of [[1], [2, 3], [7, 1, 13], [64]]) {
			expect(parseInPieces(text, sizes)).toEqual(whole);
		}
	});

	it('flushes a last event that has no blank line after it', () => {
		const parser = new SseParser();
		expect(parser.push('data: last')).toEqual([]);
		expect(parser.end()).toEqual(['last']);
	});
});

describe('StreamAccumulator', () => {
	it('assembles an OpenRouter stream into the body a non-streaming call returns', () => {
		const { body, done } = accumulate(parseInPieces(fixtureText('openRouter', 'stream-basic.txt'), [5]));
		expect(done).toBe(true);
		const completion = normalizeCompletion(body);
		expect(completion).toEqual({
			answer: 'Café au lait.',
			reasoning: 'Think hard.',
			reasoningDetails: [{ type: 'reasoning.text', text: 'Think hard.', format: 'unknown', index: 0 }],
			toolCalls: [],
			usage: {
				promptTokens: 10,
				completionTokens: 8,
				totalTokens: 18,
				reasoningTokens: 3,
				cachedTokens: 0,
				cost: 0.0000042,
			},
			model: 'deepseek/deepseek-v3.2-exp',
			finishReason: 'stop',
			id: 'gen-8',
		});
	});

	it('assembles an AIML API stream, with the cost from the final meta.usage', () => {
		const { body } = accumulate(parseInPieces(fixtureText('aimlApi', 'stream-basic.txt'), [3, 11]));
		const completion = normalizeCompletion(body);
		expect(completion).toMatchObject({
			answer: 'Hello!',
			reasoning: 'Okay',
			usage: { promptTokens: 4, completionTokens: 6, totalTokens: 10, reasoningTokens: 1, cost: 0.00001 },
			model: 'deepseek-reasoner',
			id: 'd1',
		});
	});

	it('joins think tags split across content deltas, like the non-streaming body', () => {
		const accumulator = new StreamAccumulator();
		for (const piece of ['<thi', 'nk>plan', ' it</th', 'ink>Do', 'ne']) {
			accumulator.add({ choices: [{ delta: { content: piece } }] });
		}
		accumulator.add({ choices: [{ delta: {}, finish_reason: 'stop' }] });
		expect(normalizeCompletion(accumulator.toBody())).toMatchObject({
			answer: 'Done',
			reasoning: 'plan it',
			finishReason: 'stop',
		});
	});

	it('records a mid-stream error chunk and the error finish reason', () => {
		const accumulator = new StreamAccumulator();
		accumulator.add({ choices: [{ delta: { content: 'Partial' } }] });
		accumulator.add({
			error: { code: 'server_error', message: 'Provider disconnected' },
			choices: [{ delta: { content: '' }, finish_reason: 'error' }],
		});
		expect(accumulator.error).toEqual({ code: 'server_error', message: 'Provider disconnected' });
		expect(accumulator.finishReason).toBe('error');
	});

	it('assembles tool calls from argument pieces', () => {
		const accumulator = new StreamAccumulator();
		accumulator.add({
			choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'add', arguments: '{"a"' } }] } }],
		});
		accumulator.add({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: ':2}' } }] } }] });
		accumulator.add({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] });
		expect(normalizeCompletion(accumulator.toBody()).toolCalls).toEqual([
			{ id: 'call_9', type: 'function', function: { name: 'add', arguments: '{"a":2}' } },
		]);
	});

	it('merges reasoning_details deltas of one block and keeps separate blocks apart', () => {
		const accumulator = new StreamAccumulator();
		const detail = (text: string, index: number) => ({
			choices: [{ delta: { reasoning_details: [{ type: 'reasoning.text', text, format: 'unknown', index }] } }],
		});
		accumulator.add(detail('a', 0));
		accumulator.add(detail('b', 0));
		accumulator.add(detail('c', 1));
		const message = ((accumulator.toBody().choices as IDataObject[])[0].message ?? {}) as IDataObject;
		expect(message.reasoning_details).toEqual([
			{ type: 'reasoning.text', text: 'ab', format: 'unknown', index: 0 },
			{ type: 'reasoning.text', text: 'c', format: 'unknown', index: 1 },
		]);
	});
});

import type { StreamChunk } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { reasoningDetailsText } from '../shared/normalize/reasoning';
import { ThinkTagStream } from '../shared/normalize/thinkTagStream';

/**
 * Hands items from callbacks (the transport's per-event callback) to an async iterator (the
 * model's `stream()` generator), without timers.
 */
export class ChunkQueue<T> implements AsyncIterable<T> {
	private items: T[] = [];

	private done = false;

	private wake?: () => void;

	push(item: T): void {
		this.items.push(item);
		this.notify();
	}

	close(): void {
		this.done = true;
		this.notify();
	}

	async *[Symbol.asyncIterator](): AsyncIterator<T> {
		for (;;) {
			if (this.items.length) {
				yield this.items.shift() as T;
				continue;
			}
			if (this.done) return;
			await new Promise<void>((resolve) => {
				this.wake = resolve;
			});
		}
	}

	private notify(): void {
		const wake = this.wake;
		this.wake = undefined;
		wake?.();
	}
}

/**
 * Reasoning and answer text of one chat.completion.chunk, whichever provider sent it: AIML API
 * (DeepSeek) `delta.reasoning_content`; OpenRouter `delta.reasoning`, or else the text of
 * `delta.reasoning_details` (a chunk may carry both with the same text: read one).
 */
export function deltaOf(chunk: IDataObject): { reasoning: string; content: string } {
	const choices = Array.isArray(chunk.choices) ? (chunk.choices as IDataObject[]) : [];
	const delta = (choices[0]?.delta ?? {}) as IDataObject;
	let reasoning = '';
	if (typeof delta.reasoning_content === 'string') reasoning = delta.reasoning_content;
	else if (typeof delta.reasoning === 'string') reasoning = delta.reasoning;
	else reasoning = reasoningDetailsText(delta.reasoning_details);
	return { reasoning, content: typeof delta.content === 'string' ? delta.content : '' };
}

/**
 * Turns the provider's stream events into SDK stream chunks as they arrive: `reasoning-delta`
 * for reasoning and `text-delta` for the answer. With "Include Reasoning in Answer", the
 * reasoning is also sent as text inside `<think>…</think>` before the answer, exactly as
 * `generate()` puts it into the text.
 */
export class LiveDeltas {
	/** Whether anything was handed on (after that, a retried attempt cannot be replayed). */
	emitted = false;

	private readonly tags = new ThinkTagStream();

	private thinkOpen = false;

	private reasoningInField = false;

	private thinkClosed = false;

	constructor(private readonly includeReasoning: boolean) {}

	fromEvent(chunk: IDataObject): StreamChunk[] {
		const { reasoning, content } = deltaOf(chunk);
		// Reasoning in its own field: think tags in the content are answer text (as in generate()).
		if (reasoning) this.reasoningInField = true;
		const split = !content
			? { reasoning: '', answer: '' }
			: this.reasoningInField
				? { reasoning: '', answer: content }
				: this.tags.push(content);
		return this.emit(reasoning + split.reasoning, split.answer);
	}

	/** What is still held back, and the closing tag when reasoning was put into the text. */
	end(): StreamChunk[] {
		const split = this.tags.end();
		const out = this.emit(split.reasoning, split.answer);
		if (this.thinkOpen && !this.thinkClosed) {
			this.thinkClosed = true;
			out.push({ type: 'text-delta', delta: '\n</think>\n\n' });
		}
		return out;
	}

	private emit(reasoning: string, answer: string): StreamChunk[] {
		const out: StreamChunk[] = [];
		if (reasoning) {
			out.push({ type: 'reasoning-delta', delta: reasoning });
			if (this.includeReasoning && !this.thinkClosed) {
				if (!this.thinkOpen) out.push({ type: 'text-delta', delta: '<think>\n' });
				this.thinkOpen = true;
				out.push({ type: 'text-delta', delta: reasoning });
			}
		}
		if (answer) {
			if (this.thinkOpen && !this.thinkClosed) {
				this.thinkClosed = true;
				out.push({ type: 'text-delta', delta: '\n</think>\n\n' });
			}
			out.push({ type: 'text-delta', delta: answer });
		}
		if (out.length) this.emitted = true;
		return out;
	}
}

import type { StreamChunk } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { reasoningDetailsText } from '../shared/normalize/reasoning';

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

const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest end of `text` that could be the start of `tag`. */
function partialTagLength(text: string, tag: string): number {
	for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
		if (tag.startsWith(text.slice(text.length - length))) return length;
	}
	return 0;
}

/**
 * Live split of streamed answer text that starts with `<think>…</think>` (a host that puts the
 * reasoning inline), with tags cut across chunks. Text that does not start with `<think>` is
 * answer from the first character on; the rarer form with only a closing tag cannot be told
 * apart live (the final, non-live result is split by the shared normalizer either way).
 */
export class ThinkTagStream {
	private state: 'start' | 'think' | 'answer' = 'start';

	private pending = '';

	private answerStarted = false;

	private reasoningStarted = false;

	push(text: string): { reasoning: string; answer: string } {
		this.pending += text;
		if (this.state === 'start') {
			const trimmed = this.pending.trimStart();
			if (!trimmed || (trimmed.length < OPEN.length && OPEN.startsWith(trimmed))) {
				return { reasoning: '', answer: '' };
			}
			if (trimmed.startsWith(OPEN)) {
				this.state = 'think';
				this.pending = trimmed.slice(OPEN.length);
			} else {
				this.state = 'answer';
			}
		}
		if (this.state === 'think') {
			const close = this.pending.indexOf(CLOSE);
			if (close === -1) {
				const keep = partialTagLength(this.pending, CLOSE);
				const reasoning = this.pending.slice(0, this.pending.length - keep);
				this.pending = this.pending.slice(this.pending.length - keep);
				return { reasoning: this.reasoningText(reasoning), answer: '' };
			}
			const reasoning = this.pending.slice(0, close);
			this.pending = this.pending.slice(close + CLOSE.length);
			this.state = 'answer';
			return { reasoning: this.reasoningText(reasoning), answer: this.answerText() };
		}
		return { reasoning: '', answer: this.answerText() };
	}

	/** The end of the stream: whatever is held back (an unclosed `<think>` is all reasoning). */
	end(): { reasoning: string; answer: string } {
		if (this.state === 'think') {
			const reasoning = this.reasoningText(this.pending);
			this.pending = '';
			return { reasoning, answer: '' };
		}
		if (this.state === 'start') {
			this.state = 'answer';
			return { reasoning: '', answer: this.answerText() };
		}
		return { reasoning: '', answer: this.answerText() };
	}

	private reasoningText(text: string): string {
		const out = this.reasoningStarted ? text : text.trimStart();
		if (out) this.reasoningStarted = true;
		return out;
	}

	private answerText(): string {
		let text = this.pending;
		this.pending = '';
		if (!this.answerStarted) {
			text = text.trimStart();
			if (text) this.answerStarted = true;
		}
		return text;
	}
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

	private thinkClosed = false;

	constructor(private readonly includeReasoning: boolean) {}

	fromEvent(chunk: IDataObject): StreamChunk[] {
		const { reasoning, content } = deltaOf(chunk);
		const split = content ? this.tags.push(content) : { reasoning: '', answer: '' };
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

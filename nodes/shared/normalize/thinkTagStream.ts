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
 * Live split of streamed text into reasoning and answer, for the chat-model sub-node's deltas
 * and for answers streamed to a chat: text that starts with `<think>…</think>` (a host that puts
 * the reasoning inline), with tags cut across chunks. Text that does not start with `<think>` is
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

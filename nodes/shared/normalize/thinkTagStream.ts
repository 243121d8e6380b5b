const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest end of `text` that could be the start of `tag` (a tag cut in two). */
function partialTagAtEnd(text: string, tags: string[]): number {
	for (let length = Math.min(text.length, CLOSE.length - 1); length > 0; length--) {
		const end = text.slice(-length);
		if (tags.some((tag) => tag.startsWith(end))) return length;
	}
	return 0;
}

/**
 * Filters answer text out of content deltas as they arrive, for streaming to a chat: an answer
 * that starts with `<think>` is held back until `</think>`, and a tag cut across two deltas is
 * never shown half. (A reply with only a closing tag cannot be told from an answer until the
 * tag arrives; the finished item is split correctly all the same.)
 */
export class ThinkTagStreamFilter {
	private mode: 'detect' | 'thinking' | 'answer' = 'detect';

	private buffer = '';

	push(delta: string): string {
		this.buffer += delta;
		if (this.mode === 'detect') {
			const start = this.buffer.trimStart();
			if (start.startsWith(OPEN)) {
				this.mode = 'thinking';
				this.buffer = start.slice(OPEN.length);
			} else if (OPEN.startsWith(start)) {
				return '';
			} else {
				this.mode = 'answer';
			}
		}
		if (this.mode === 'thinking') {
			const close = this.buffer.indexOf(CLOSE);
			if (close === -1) return '';
			this.mode = 'answer';
			this.buffer = this.buffer.slice(close + CLOSE.length).trimStart();
		}
		const hold = partialTagAtEnd(this.buffer, [OPEN, CLOSE]);
		const ready = this.buffer.slice(0, this.buffer.length - hold);
		this.buffer = this.buffer.slice(this.buffer.length - hold);
		return ready.split(OPEN).join('').split(CLOSE).join('');
	}

	/** Whatever is left at the end of the stream (nothing, if it was all reasoning). */
	end(): string {
		const rest = this.mode === 'thinking' ? '' : this.buffer;
		this.buffer = '';
		return rest;
	}
}

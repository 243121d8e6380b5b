/**
 * Incremental server-sent-events parser: takes decoded text as it arrives, in pieces of any
 * size, and returns the `data` payload of each complete event. Comment lines (`: keep-alive`,
 * `: OPENROUTER PROCESSING`) and fields other than `data` are ignored; several `data:` lines in
 * one event are joined with a newline, as the SSE standard says.
 */
export class SseParser {
	private buffer = '';

	private dataLines: string[] = [];

	push(text: string): string[] {
		this.buffer += text;
		const events: string[] = [];
		for (;;) {
			const match = /\r\n|\n|\r/.exec(this.buffer);
			if (!match) break;
			// A lone '\r' at the end may be the first half of '\r\n': wait for the next piece.
			if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
			const line = this.buffer.slice(0, match.index);
			this.buffer = this.buffer.slice(match.index + match[0].length);
			this.line(line, events);
		}
		return events;
	}

	/** Call at the end of the body: an event not followed by a blank line still counts. */
	end(): string[] {
		const events: string[] = [];
		if (this.buffer) this.line(this.buffer, events);
		this.buffer = '';
		this.line('', events);
		return events;
	}

	private line(line: string, events: string[]): void {
		if (line === '') {
			if (this.dataLines.length) events.push(this.dataLines.join('\n'));
			this.dataLines = [];
			return;
		}
		if (line.startsWith(':')) return;
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		if (field !== 'data') return;
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		this.dataLines.push(value);
	}
}

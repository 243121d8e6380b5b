import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ThinkTagStream } from '../../shared/normalize/thinkTagStream';

/**
 * Passes one item's answer on to a Chat Trigger or Webhook that streams its response, as the
 * deltas arrive: content only, reasoning and think tags held back. Once any text has been sent
 * the answer cannot be taken back, so the item must not be retried after that (`sentAny`).
 */
export class ResponseStream {
	private readonly tags = new ThinkTagStream();

	private started = false;

	private reasoningInField = false;

	sentAny = false;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	onChunk = (chunk: IDataObject): void => {
		const choices = Array.isArray(chunk.choices) ? (chunk.choices as IDataObject[]) : [];
		const delta = (choices[0]?.delta ?? {}) as IDataObject;
		// Reasoning in its own field: think tags in the content are answer text, sent as they are.
		if (delta.reasoning_content || delta.reasoning || delta.reasoning_details) {
			this.reasoningInField = true;
		}
		if (typeof delta.content !== 'string' || !delta.content) return;
		this.send(this.reasoningInField ? delta.content : this.tags.push(delta.content).answer);
	};

	/** Ends the item's part of the response (also after a failure, so the chat does not hang). */
	finish(): void {
		this.send(this.tags.end().answer);
		if (this.started) this.ctx.sendChunk('end', this.itemIndex);
	}

	private send(text: string): void {
		if (!text) return;
		if (!this.started) {
			this.ctx.sendChunk('begin', this.itemIndex);
			this.started = true;
		}
		this.ctx.sendChunk('item', this.itemIndex, text);
		this.sentAny = true;
	}
}

/** Whether this run streams to its trigger's response (n8n 1.9x+ contexts have isStreaming). */
export function respondsAsStream(ctx: IExecuteFunctions): boolean {
	return typeof ctx.isStreaming === 'function' && ctx.isStreaming();
}

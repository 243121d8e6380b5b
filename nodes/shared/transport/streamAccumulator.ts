import type { IDataObject } from 'n8n-workflow';

interface ToolCallParts {
	id: string;
	name: string;
	arguments: string;
}

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function appendDetails(target: IDataObject[], incoming: unknown): void {
	if (!Array.isArray(incoming)) return;
	for (const item of incoming) {
		if (!item || typeof item !== 'object') continue;
		const detail = item as IDataObject;
		const last = target[target.length - 1];
		// Deltas of one reasoning block share its type and index: join them into one block, so
		// the result equals the non-streaming `reasoning_details` (which must go back unchanged).
		if (last && last.type === detail.type && last.index === detail.index) {
			for (const key of ['text', 'summary', 'data'] as const) {
				if (typeof detail[key] === 'string') {
					last[key] =
						`${typeof last[key] === 'string' ? (last[key] as string) : ''}${detail[key] as string}`;
				}
			}
			for (const [key, value] of Object.entries(detail)) {
				if (!['text', 'summary', 'data'].includes(key) && value !== null && value !== undefined) {
					last[key] = value;
				}
			}
		} else {
			target.push({ ...detail });
		}
	}
}

/**
 * Folds chat.completion.chunk events into the body a non-streaming request would have returned,
 * so that one normalizer serves both and the output items are identical.
 */
export class StreamAccumulator {
	private id?: string;

	private model?: string;

	private content = '';

	private reasoningContent = '';

	private reasoning = '';

	private details: IDataObject[] = [];

	private toolCalls: ToolCallParts[] = [];

	private usage?: IDataObject;

	private meta?: IDataObject;

	/** The last non-null finish_reason. */
	finishReason?: string;

	/** An error reported inside the stream (HTTP 200 with a top-level `error` chunk). */
	error?: IDataObject;

	add(chunk: IDataObject): void {
		if (chunk.error && typeof chunk.error === 'object') this.error = chunk.error as IDataObject;
		if (typeof chunk.id === 'string' && !this.id) this.id = chunk.id;
		if (typeof chunk.model === 'string' && !this.model) this.model = chunk.model;
		if (chunk.usage && typeof chunk.usage === 'object') this.usage = chunk.usage as IDataObject;
		if (chunk.meta && typeof chunk.meta === 'object') this.meta = chunk.meta as IDataObject;
		// Gateways sometimes send null entries: skip them rather than fail the whole answer.
		const choices = Array.isArray(chunk.choices)
			? (chunk.choices as unknown[]).filter(isObject)
			: [];
		for (const choice of choices) {
			if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
			if (choice.error && typeof choice.error === 'object')
				this.error = choice.error as IDataObject;
			const delta = isObject(choice.delta) ? choice.delta : {};
			if (typeof delta.content === 'string') this.content += delta.content;
			if (typeof delta.reasoning_content === 'string')
				this.reasoningContent += delta.reasoning_content;
			if (typeof delta.reasoning === 'string') this.reasoning += delta.reasoning;
			appendDetails(this.details, delta.reasoning_details);
			this.addToolCalls(delta.tool_calls);
		}
	}

	private addToolCalls(deltas: unknown): void {
		if (!Array.isArray(deltas)) return;
		for (const raw of deltas.filter(isObject)) {
			const index = typeof raw.index === 'number' ? raw.index : this.toolCalls.length;
			const fn = isObject(raw.function) ? raw.function : {};
			const call = (this.toolCalls[index] ??= { id: '', name: '', arguments: '' });
			if (typeof raw.id === 'string' && raw.id) call.id = raw.id;
			if (typeof fn.name === 'string') call.name += fn.name;
			if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
		}
	}

	/** The equivalent non-streaming response body. */
	toBody(): IDataObject {
		const message: IDataObject = { role: 'assistant', content: this.content };
		if (this.reasoningContent) message.reasoning_content = this.reasoningContent;
		if (this.reasoning) message.reasoning = this.reasoning;
		if (this.details.length) message.reasoning_details = this.details;
		const calls = this.toolCalls.filter(Boolean);
		if (calls.length) {
			message.tool_calls = calls.map((call) => ({
				id: call.id,
				type: 'function',
				function: { name: call.name, arguments: call.arguments },
			}));
		}
		const body: IDataObject = {
			object: 'chat.completion',
			choices: [{ index: 0, finish_reason: this.finishReason ?? null, message }],
		};
		if (this.id !== undefined) body.id = this.id;
		if (this.model !== undefined) body.model = this.model;
		if (this.usage) body.usage = this.usage;
		if (this.meta) body.meta = this.meta;
		return body;
	}
}

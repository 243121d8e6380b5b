import type { IDataObject } from 'n8n-workflow';

import type { Completion, ToolCall } from '../types';
import { messageReasoning } from './reasoning';
import { splitThinkTags } from './thinkTags';
import { normalizeUsage } from './usage';

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => (part && typeof part === 'object' ? (part as IDataObject).text : undefined))
		.filter((text): text is string => typeof text === 'string')
		.join('');
}

function toolCallsOf(message: IDataObject): ToolCall[] {
	if (!Array.isArray(message.tool_calls)) return [];
	return (message.tool_calls as IDataObject[]).map((call) => {
		const fn = (call.function ?? {}) as IDataObject;
		const args = fn.arguments;
		return {
			id: String(call.id ?? ''),
			type: 'function',
			function: {
				name: String(fn.name ?? ''),
				arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
			},
		};
	});
}

/**
 * Turns a chat completions body of either provider (or one assembled from a stream, which has
 * the same shape) into a Completion. The answer never contains reasoning or think tags.
 */
export function normalizeCompletion(body: IDataObject, headers: IDataObject = {}): Completion {
	const choices = Array.isArray(body.choices) ? (body.choices as IDataObject[]) : [];
	const choice = choices[0] ?? {};
	const message = (choice.message ?? {}) as IDataObject;

	const fieldReasoning = messageReasoning(message);
	const split = splitThinkTags(contentText(message.content));
	const reasoning = [fieldReasoning.trim(), split.reasoning].filter(Boolean).join('\n\n');

	const details = Array.isArray(message.reasoning_details)
		? (message.reasoning_details as IDataObject[])
		: undefined;

	return {
		answer: split.answer,
		reasoning,
		...(details?.length ? { reasoningDetails: details } : {}),
		toolCalls: toolCallsOf(message),
		usage: normalizeUsage(body, headers),
		model: typeof body.model === 'string' ? body.model : '',
		finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : '',
		id: typeof body.id === 'string' ? body.id : String(body.id ?? ''),
	};
}

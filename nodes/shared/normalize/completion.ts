import type { IDataObject } from 'n8n-workflow';

import type { Completion, ToolCall } from '../types';
import { messageReasoning } from './reasoning';
import { splitThinkTags } from './thinkTags';
import { normalizeUsage } from './usage';

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

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
	// Some gateways put null entries in arrays: skip them rather than fail the whole answer.
	return (message.tool_calls as unknown[]).filter(isObject).map((call) => {
		const fn = isObject(call.function) ? call.function : {};
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
	const choices = Array.isArray(body.choices) ? (body.choices as unknown[]) : [];
	const choice = isObject(choices[0]) ? choices[0] : {};
	const message = isObject(choice.message) ? choice.message : {};

	// Think tags are the reasoning's wrapper only when the reasoning came inline. When the
	// provider gave it in its own field, any tag in the content is the answer's own text.
	const fieldReasoning = messageReasoning(message).trim();
	const content = contentText(message.content);
	const split = fieldReasoning ? { answer: content, reasoning: '' } : splitThinkTags(content);
	const reasoning = fieldReasoning || split.reasoning;

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

import type { Message, MessageContent } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { splitThinkTags } from '../shared/normalize/thinkTags';
import type { ChatMessage, Completion, ToolCall } from '../shared/types';

type Block<T extends MessageContent['type']> = Extract<MessageContent, { type: T }>;

/** The key of an SDK `provider` block that carries OpenRouter's `reasoning_details`. */
export const REASONING_DETAILS_KEY = 'reasoning_details';

function blocksOf<T extends MessageContent['type']>(message: Message, type: T): Array<Block<T>> {
	return (message.content ?? []).filter((block): block is Block<T> => block?.type === type);
}

function textOf(message: Message): string {
	return blocksOf(message, 'text')
		.map((block) => block.text ?? '')
		.join('');
}

function base64Of(data: string | Uint8Array): string {
	return typeof data === 'string' ? data : Buffer.from(data).toString('base64');
}

/** User content: plain text, or OpenAI content parts when the message carries images. */
function userContent(message: Message): ChatMessage['content'] {
	const images = blocksOf(message, 'file').filter((file) =>
		(file.mediaType ?? '').startsWith('image/'),
	);
	const text = textOf(message);
	if (!images.length) return text;
	const parts: IDataObject[] = text ? [{ type: 'text', text }] : [];
	for (const image of images) {
		const data = image.data;
		const url =
			typeof data === 'string' && /^(https?:|data:)/.test(data)
				? data
				: `data:${image.mediaType};base64,${base64Of(data)}`;
		parts.push({ type: 'image_url', image_url: { url } });
	}
	return parts;
}

function toolCallOf(block: Block<'tool-call'>, index: number): ToolCall {
	return {
		id: block.toolCallId || `call_${index}`,
		type: 'function',
		function: { name: block.toolName, arguments: block.input || '{}' },
	};
}

/**
 * An assistant turn as the provider API wants it. Reasoning comes from the message's own
 * `reasoning` block and OpenRouter's `reasoning_details` from a `provider` block (both survive
 * when LangChain hands back the message the model returned). Reasoning this package put into
 * the text (the "Include Reasoning in Answer" option) is taken out again.
 */
function assistantMessage(message: Message): ChatMessage {
	const reasoningBlocks = blocksOf(message, 'reasoning');
	const text = textOf(message);
	// With reasoning in its own block, only the form this package writes (text starting with
	// <think>) holds reasoning; any other tag in the text is the answer's own.
	const split =
		reasoningBlocks.length && !/^\s*<think>/.test(text)
			? { answer: text, reasoning: '' }
			: splitThinkTags(text);
	const details = blocksOf(message, 'provider').flatMap((block) => {
		const value = block.value?.[REASONING_DETAILS_KEY];
		return Array.isArray(value) ? (value as IDataObject[]) : [];
	});
	const toolCalls = blocksOf(message, 'tool-call').map(toolCallOf);

	const chat: ChatMessage = { role: 'assistant', content: split.answer };
	if (toolCalls.length) chat.tool_calls = toolCalls;
	if (reasoningBlocks.length) {
		chat.reasoning_content = reasoningBlocks.map((block) => block.text ?? '').join('');
	} else if (split.reasoning) {
		chat.reasoning_content = split.reasoning;
	}
	if (details.length) chat.reasoning_details = details;
	return chat;
}

function resultText(result: unknown): string {
	if (typeof result === 'string') return result;
	if (Array.isArray(result) && result.every((part) => part && typeof part === 'object')) {
		const texts = (result as IDataObject[]).map((part) =>
			part.type === 'text' && typeof part.text === 'string' ? part.text : undefined,
		);
		if (texts.every((text) => text !== undefined)) return texts.join('');
	}
	return JSON.stringify(result ?? '');
}

/** One wire message per tool result (the SDK allows several results in one tool message). */
function toolMessages(message: Message): ChatMessage[] {
	return blocksOf(message, 'tool-result').map((block) => ({
		role: 'tool',
		tool_call_id: block.toolCallId,
		content: resultText(block.result),
	}));
}

/**
 * SDK messages (what n8n's LangChain adapter hands the model) → the chat completions messages
 * both providers take. Names are dropped: DeepSeek does not take them on every role.
 */
export function toChatMessages(messages: Message[]): ChatMessage[] {
	const out: ChatMessage[] = [];
	for (const message of messages) {
		switch (message.role) {
			case 'system':
				out.push({ role: 'system', content: textOf(message) });
				break;
			case 'assistant':
				out.push(assistantMessage(message));
				break;
			case 'tool':
				out.push(...toolMessages(message));
				break;
			default:
				out.push({ role: 'user', content: userContent(message) });
		}
	}
	return out;
}

/** The answer text, with the reasoning in front inside `<think>…</think>` when asked for. */
export function answerText(completion: Completion, includeReasoning: boolean): string {
	if (!includeReasoning || !completion.reasoning) return completion.answer;
	return `<think>\n${completion.reasoning}\n</think>\n\n${completion.answer}`;
}

/**
 * A completion as SDK content blocks: reasoning, OpenRouter's `reasoning_details` (a `provider`
 * block, so it comes back unchanged if LangChain hands the message back), text, tool calls.
 */
export function toMessageContent(
	completion: Completion,
	includeReasoning: boolean,
): MessageContent[] {
	const content: MessageContent[] = [];
	if (completion.reasoning) content.push({ type: 'reasoning', text: completion.reasoning });
	if (completion.reasoningDetails?.length) {
		content.push({
			type: 'provider',
			value: { [REASONING_DETAILS_KEY]: completion.reasoningDetails },
		});
	}
	const text = answerText(completion, includeReasoning);
	if (text) content.push({ type: 'text', text });
	for (const call of completion.toolCalls) {
		content.push({
			type: 'tool-call',
			toolCallId: call.id,
			toolName: call.function.name,
			input: call.function.arguments,
		});
	}
	return content;
}

import type { IDataObject } from 'n8n-workflow';

import type { ChatMessage, ChatRole, ToolCall } from './types';

export type ConversationResult =
	| { ok: true; messages: ChatMessage[] }
	| { ok: false; problem: string };

const ROLE_ALIASES: Record<string, ChatRole> = {
	system: 'system',
	developer: 'developer',
	user: 'user',
	human: 'user',
	assistant: 'assistant',
	ai: 'assistant',
	tool: 'tool',
};

function describe(value: unknown): string {
	const json = JSON.stringify(value);
	return json && json.length > 80 ? `${json.slice(0, 77)}...` : String(json);
}

function toMessage(raw: unknown, index: number): ChatMessage | string {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		return `message ${index} is ${describe(raw)}, not an object like {"role": "user", "content": "..."}`;
	}
	const entry = raw as IDataObject;
	const roleName = String(entry.role ?? entry.type ?? '').toLowerCase();
	const role = ROLE_ALIASES[roleName];
	if (!role) {
		return `message ${index} has role ${describe(entry.role ?? entry.type)}: use system, user, assistant or tool`;
	}
	const content = entry.content;
	const toolCalls = Array.isArray(entry.tool_calls)
		? (entry.tool_calls as unknown as ToolCall[])
		: undefined;
	const contentOk =
		typeof content === 'string' ||
		(Array.isArray(content) && content.every((part) => part && typeof part === 'object')) ||
		((content === null || content === undefined) && role === 'assistant' && !!toolCalls?.length);
	if (!contentOk) {
		return `message ${index} (${role}) has content ${describe(content)}: it must be text or an array of content parts`;
	}
	if (role === 'tool' && typeof entry.tool_call_id !== 'string') {
		return `message ${index} (tool) has no tool_call_id`;
	}
	const message: ChatMessage = {
		role,
		content: (content ?? null) as ChatMessage['content'],
	};
	if (typeof entry.name === 'string') message.name = entry.name;
	if (toolCalls?.length) message.tool_calls = toolCalls;
	if (typeof entry.tool_call_id === 'string') message.tool_call_id = entry.tool_call_id;
	if (typeof entry.reasoning_content === 'string')
		message.reasoning_content = entry.reasoning_content;
	if (Array.isArray(entry.reasoning_details)) {
		message.reasoning_details = entry.reasoning_details as IDataObject[];
	}
	return message;
}

/**
 * Reads a conversation given as an array of messages, its JSON text, or an object with a
 * `messages` array (such as a previous Reasoning Chat's output item). Names the first bad
 * message instead of letting the provider answer 400.
 */
export function parseConversation(value: unknown): ConversationResult {
	let data = value;
	if (data === undefined || data === null || data === '') return { ok: true, messages: [] };
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data);
		} catch (error) {
			return { ok: false, problem: `it is not valid JSON (${(error as Error).message})` };
		}
	}
	if (
		data &&
		typeof data === 'object' &&
		!Array.isArray(data) &&
		Array.isArray((data as IDataObject).messages)
	) {
		data = (data as IDataObject).messages;
	}
	if (!Array.isArray(data)) {
		return { ok: false, problem: `it is ${describe(data)}, not an array of messages` };
	}
	const messages: ChatMessage[] = [];
	for (const [index, raw] of data.entries()) {
		const message = toMessage(raw, index);
		if (typeof message === 'string') return { ok: false, problem: message };
		messages.push(message);
	}
	return { ok: true, messages };
}

/**
 * The one rule for system messages, in both nodes: when the node's own system message is set
 * (Reasoning Chat's System Message option; for the sub-node, the system message the Agent or
 * chain puts first), exactly one system message is sent, first: that one. Any system message
 * the conversation history carries is left out then. Without it, the history keeps its own.
 */
export function withSystemMessage(
	system: string | undefined,
	history: ChatMessage[],
): ChatMessage[] {
	if (!system) return history;
	return [
		{ role: 'system', content: system },
		...history.filter((message) => message.role !== 'system'),
	];
}

/** The sub-node's form of the rule: a leading system message is the node's own. */
export function withLeadingSystemMessage(messages: ChatMessage[]): ChatMessage[] {
	const [first, ...rest] = messages;
	if (first?.role !== 'system' || !rest.some((message) => message.role === 'system')) {
		return messages;
	}
	return [first, ...rest.filter((message) => message.role !== 'system')];
}

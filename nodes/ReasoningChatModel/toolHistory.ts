// Makes an Agent's conversation acceptable to DeepSeek's tool-call rules in three steps
// (prepareHistory at the end). Just over 200 lines: the steps rewrite one message list in turn
// and are read together.
import type { ChatMessage, ToolCall } from '../shared/types';
import type { CachedReasoning, ReasoningCache } from './reasoningCache';

export interface HistoryOptions {
	/** Cache scope: provider and credential (see ReasoningCache.remember). */
	scope: string;
	cache: ReasoningCache;
	/**
	 * Whether the model thinks on this request. Only then does a tool-call turn have to carry its
	 * reasoning back (DeepSeek thinking mode); without thinking there is nothing to carry.
	 */
	reasoningRequired: boolean;
}

export interface PreparedHistory {
	messages: ChatMessage[];
	/** Tool-call turns whose reasoning came back from the cache. */
	restored: number;
	/** Tool-call turns turned into plain text because their reasoning was nowhere to be found. */
	flattened: number;
}

function hasToolCalls(message: ChatMessage): message is ChatMessage & { tool_calls: ToolCall[] } {
	return (
		message.role === 'assistant' &&
		Array.isArray(message.tool_calls) &&
		message.tool_calls.length > 0
	);
}

function carriesReasoning(message: ChatMessage): boolean {
	return message.reasoning_content !== undefined || !!message.reasoning_details?.length;
}

function contentText(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}

/** Step 1: give every tool-call turn that lost its reasoning the cached one. */
function restore(
	messages: ChatMessage[],
	options: HistoryOptions,
): { messages: ChatMessage[]; groups: Array<CachedReasoning | undefined>; restored: number } {
	let restored = 0;
	const groups: Array<CachedReasoning | undefined> = [];
	const out = messages.map((message) => {
		if (!hasToolCalls(message)) {
			groups.push(undefined);
			return message;
		}
		const entry = message.tool_calls
			.map((call) => options.cache.lookup(options.scope, call))
			.find((hit) => hit !== undefined);
		groups.push(entry);
		if (!entry || carriesReasoning(message)) return message;
		restored++;
		return {
			...message,
			reasoning_content: entry.reasoningContent,
			...(entry.reasoningDetails ? { reasoning_details: entry.reasoningDetails } : {}),
		};
	});
	return { messages: out, groups, restored };
}

/**
 * Step 2: the Agent rebuilds one assistant message per tool call, so a response that asked for
 * two tools at once comes back as [assistant(call 1), tool 1, assistant(call 2), tool 2], each
 * with the same reasoning. Put them back together as the provider sent them:
 * [assistant(call 1, call 2), tool 1, tool 2].
 */
function regroup(
	messages: ChatMessage[],
	groups: Array<CachedReasoning | undefined>,
): ChatMessage[] {
	const out: ChatMessage[] = [];
	for (let i = 0; i < messages.length; ) {
		const message = messages[i];
		const group = groups[i];
		if (!group || !hasToolCalls(message)) {
			out.push(message);
			i++;
			continue;
		}
		const calls = [...message.tool_calls];
		const results: ChatMessage[] = [];
		let j = i + 1;
		for (;;) {
			while (j < messages.length && messages[j].role === 'tool') results.push(messages[j++]);
			const next = messages[j];
			if (next && groups[j] === group && hasToolCalls(next) && !contentText(next.content)) {
				calls.push(...next.tool_calls);
				j++;
				continue;
			}
			break;
		}
		out.push({ ...message, tool_calls: calls }, ...results);
		i = j;
	}
	return out;
}

function describeCall(call: ToolCall): string {
	return `[Called tool "${call.function.name}" (call ${call.id}) with arguments ${call.function.arguments || '{}'}]`;
}

/**
 * Step 3, the fallback for a cache miss: a tool-call turn whose reasoning cannot be found
 * (another n8n process or a restart since it was made, or a conversation replayed from memory)
 * would get DeepSeek's 400 "Missing `reasoning_content` field". Its tool calls and their results
 * are rewritten as plain text turns instead: the assistant turn says which tools it called with
 * which arguments, and the results follow as a user turn. With no `tool_calls` left, neither
 * DeepSeek's rule for tool-call turns (V3.2: reasoning required) nor V3.2-Exp's rule for plain
 * turns (no reasoning allowed) applies, and OpenRouter has no reasoning_details to check. The
 * model still sees every call and every result. Tool results that answer no remaining native
 * call (orphans) are rewritten the same way, since the APIs reject them too.
 */
function flatten(
	messages: ChatMessage[],
	reasoningRequired: boolean,
): { messages: ChatMessage[]; flattened: number } {
	const out: Array<{ message: ChatMessage; synthetic: boolean }> = [];
	let flattened = 0;
	let open = new Set<string>(); // tool-call ids of the last native tool-call turn
	let textual = new Map<string, string>(); // ids of flattened calls → name
	const push = (message: ChatMessage, synthetic: boolean) => {
		const last = out[out.length - 1];
		if (
			last &&
			(synthetic || last.synthetic) &&
			last.message.role === message.role &&
			message.role !== 'tool' &&
			typeof last.message.content === 'string' &&
			typeof message.content === 'string'
		) {
			// Keep turns alternating: join with the neighbouring turn of the same role.
			const joined = [contentText(last.message.content), contentText(message.content)]
				.filter(Boolean)
				.join('\n\n');
			last.message = { role: message.role, content: joined };
			last.synthetic = true;
			return;
		}
		out.push({ message, synthetic });
	};

	for (let i = 0; i < messages.length; i++) {
		const message = messages[i];
		if (hasToolCalls(message)) {
			const answered = new Set<string>();
			for (let j = i + 1; j < messages.length && messages[j].role === 'tool'; j++) {
				answered.add(messages[j].tool_call_id ?? '');
			}
			const complete = message.tool_calls.every((call) => answered.has(call.id));
			const keep = complete && (carriesReasoning(message) || !reasoningRequired);
			if (keep) {
				open = new Set(message.tool_calls.map((call) => call.id));
				textual = new Map();
				push(message, false);
				continue;
			}
			flattened++;
			open = new Set();
			textual = new Map(message.tool_calls.map((call) => [call.id, call.function.name]));
			const text = [contentText(message.content), message.tool_calls.map(describeCall).join('\n')]
				.filter(Boolean)
				.join('\n\n');
			push({ role: 'assistant', content: text }, true);
			continue;
		}
		if (message.role === 'tool') {
			const id = message.tool_call_id ?? '';
			if (open.has(id)) {
				push(message, false);
				continue;
			}
			const name = textual.get(id);
			const label = name ? `Result of tool "${name}" (call ${id})` : `Result of tool call ${id}`;
			push({ role: 'user', content: `[${label}]\n${contentText(message.content)}` }, true);
			continue;
		}
		open = new Set();
		textual = new Map();
		push(message, false);
	}
	return { messages: out.map((entry) => entry.message), flattened };
}

/**
 * Makes a conversation (as the Agent hands it over) acceptable to the provider: tool-call turns
 * get their reasoning back from the cache, split parallel calls are rejoined, and tool-call turns
 * whose reasoning is lost are rewritten as text (see `flatten`).
 */
export function prepareHistory(messages: ChatMessage[], options: HistoryOptions): PreparedHistory {
	const restoredStep = restore(messages, options);
	const grouped = regroup(restoredStep.messages, restoredStep.groups);
	const { messages: finalMessages, flattened } = flatten(grouped, options.reasoningRequired);
	return { messages: finalMessages, restored: restoredStep.restored, flattened };
}

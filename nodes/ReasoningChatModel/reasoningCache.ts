import type { IDataObject } from 'n8n-workflow';

import type { Completion, ToolCall } from '../shared/types';

/** What one provider response that asked for tools must get back on the next request. */
export interface CachedReasoning {
	/** The reasoning text as the provider returned it (DeepSeek `reasoning_content`), maybe ''. */
	reasoningContent: string;
	/** OpenRouter `reasoning_details`, exactly as returned (they must go back unchanged). */
	reasoningDetails?: IDataObject[];
	/** Every tool-call id of that response, in order (to rejoin a split parallel call). */
	toolCallIds: string[];
}

export const CACHE_MAX_ENTRIES = 500;

/** About 8 MB of text: a few hundred long reasoning traces. */
export const CACHE_MAX_CHARS = 4_000_000;

/** Arguments in one canonical form; n8n's Agent adds the call's own id to them on the way back. */
function canonicalArguments(call: ToolCall): string {
	const text = call.function.arguments ?? '';
	let parsed: unknown;
	try {
		parsed = JSON.parse(text || '{}');
	} catch {
		return text.trim();
	}
	const sorted = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(sorted);
		if (!value || typeof value !== 'object') return value;
		const entries = Object.entries(value as IDataObject)
			.filter(([key, item]) => !(value === parsed && key === 'id' && item === call.id))
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return Object.fromEntries(entries.map(([key, item]) => [key, sorted(item)]));
	};
	return JSON.stringify(sorted(parsed));
}

/**
 * Tool-call ids are not unique on every host (some number them per response, such as
 * `functions.search:0`), so an entry is keyed by the id together with the call's tool name and
 * arguments: two conversations, or two steps of one, reach each other's reasoning only if they
 * made the very same call under the same id.
 */
function keyOf(scope: string, call: ToolCall): string {
	return [scope, call.id, call.function.name, canonicalArguments(call)].join('\u0000');
}

function sizeOf(entry: CachedReasoning): number {
	const details = entry.reasoningDetails ? JSON.stringify(entry.reasoningDetails).length : 0;
	return entry.reasoningContent.length + details + 64;
}

/**
 * Reasoning of recent tool-call turns, keyed by scope (provider + credential) and tool call
 * (id, tool name and arguments: see keyOf).
 *
 * n8n's AI Agent (V3, n8n 2.41) runs one model step per engine round and rebuilds the assistant
 * tool-call message for the next step from its own metadata: `content: []` plus `tool_calls`.
 * Every reasoning field the model returned is gone by then, yet DeepSeek (thinking mode with
 * tools) answers 400 when a tool-call turn comes back without its `reasoning_content`, and
 * OpenRouter wants `reasoning_details` back unchanged. The tool-call ids survive the rebuild, and
 * the engine runs the tools and the next step in the same process, so the model fills this cache
 * with every response that asks for tools and reads it back when it builds the next request.
 *
 * Bounded two ways, oldest first out (FIFO): at most `maxEntries` tool-call ids and about
 * `maxChars` characters of reasoning. A miss (another process, a restart, a conversation replayed
 * from memory much later) is handled by the caller's fallback, not here.
 */
export class ReasoningCache {
	private readonly entries = new Map<string, { entry: CachedReasoning; size: number }>();

	private chars = 0;

	constructor(
		readonly maxEntries = CACHE_MAX_ENTRIES,
		readonly maxChars = CACHE_MAX_CHARS,
	) {}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * Stores the reasoning of a response under each of its tool-call ids (no-op without calls).
	 * `scope` keeps credentials apart (provider and credential id), so one account's reasoning is
	 * never sent with another account's request, even if a tool-call id were reused.
	 */
	remember(scope: string, completion: Completion): void {
		const ids = completion.toolCalls.map((call) => call.id).filter(Boolean);
		if (!ids.length) return;
		const entry: CachedReasoning = {
			reasoningContent: completion.reasoning,
			...(completion.reasoningDetails?.length
				? { reasoningDetails: completion.reasoningDetails }
				: {}),
			toolCallIds: ids,
		};
		const size = sizeOf(entry);
		for (const call of completion.toolCalls) {
			if (call.id) this.set(keyOf(scope, call), entry, size);
		}
	}

	lookup(scope: string, call: ToolCall): CachedReasoning | undefined {
		return this.entries.get(keyOf(scope, call))?.entry;
	}

	clear(): void {
		this.entries.clear();
		this.chars = 0;
	}

	private set(key: string, entry: CachedReasoning, size: number): void {
		const previous = this.entries.get(key);
		if (previous) {
			this.entries.delete(key);
			this.chars -= previous.size;
		}
		this.entries.set(key, { entry, size });
		this.chars += size;
		for (const [oldest, value] of this.entries) {
			if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
			if (oldest === key) break; // never evict what was just stored
			this.entries.delete(oldest);
			this.chars -= value.size;
		}
	}
}

/** One cache per n8n process, shared by every Reasoning Chat Model node and execution. */
export const reasoningCache = new ReasoningCache();

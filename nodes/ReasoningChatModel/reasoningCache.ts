import type { IDataObject } from 'n8n-workflow';

import type { Completion } from '../shared/types';

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

function sizeOf(entry: CachedReasoning): number {
	const details = entry.reasoningDetails ? JSON.stringify(entry.reasoningDetails).length : 0;
	return entry.reasoningContent.length + details + 64;
}

/**
 * Reasoning of recent tool-call turns, keyed by scope (provider + credential) and tool-call id.
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
		for (const id of ids) this.set(`${scope}\u0000${id}`, entry, size);
	}

	lookup(scope: string, toolCallId: string): CachedReasoning | undefined {
		return this.entries.get(`${scope}\u0000${toolCallId}`)?.entry;
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

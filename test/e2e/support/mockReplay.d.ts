// Types for mockReplay.js.
import type { MockRecordedRequest } from '../../mock-provider/server';

export interface MockReply {
	/** The chat request as the mock logged it. */
	request: MockRecordedRequest;
	/** 200, or 400 when the mock's DeepSeek reasoning rule rejected the request. */
	status: 200 | 400;
	/** 'missing-reasoning' | 'reasoning-in-input' | 'modified-reasoning-details' on a 400. */
	rule: string | null;
	/** DeepSeek's message on a 400, e.g. "Missing `reasoning_content` field in the assistant message at message index 2". */
	error: string | null;
	/** The assistant message the mock generated (content, reasoning_content / reasoning + reasoning_details, tool_calls). */
	message: Record<string, unknown> | null;
}

/** The mock's answer to each chat request in `requests`, in order (other requests are skipped). */
export function replayChat(
	requests: MockRecordedRequest[],
	config?: { toolRounds?: number; enforceReasoningRules?: boolean },
): MockReply[];

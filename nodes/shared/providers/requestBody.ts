import type { IDataObject } from 'n8n-workflow';

import type { ChatMessage, ChatRequest, Completion } from '../types';

/** What a provider lets an assistant message carry back on a later turn. */
export interface ReasoningPassBack {
	/** OpenRouter's `reasoning_details`, sent back unchanged as the provider requires. */
	reasoningDetails: boolean;
}

export const JSON_INSTRUCTION =
	'Respond with a single valid JSON object and nothing else: no prose, no code fences.';

/**
 * The message as it goes on the wire: only the fields this provider accepts. DeepSeek's
 * `reasoning_content` goes back only on assistant turns that made tool calls: V3.2-Exp answers
 * 400 when a plain assistant turn carries it, and V3.2 with tools answers 400 when a tool-call
 * turn lacks it.
 */
export function toWireMessage(message: ChatMessage, passBack: ReasoningPassBack): IDataObject {
	const wire: IDataObject = { role: message.role, content: message.content };
	if (message.name !== undefined) wire.name = message.name;
	if (message.tool_call_id !== undefined) wire.tool_call_id = message.tool_call_id;
	const hasToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
	if (hasToolCalls) wire.tool_calls = message.tool_calls as unknown as IDataObject[];
	if (message.role !== 'assistant') return wire;

	if (passBack.reasoningDetails && message.reasoning_details?.length) {
		wire.reasoning_details = message.reasoning_details;
	} else if (hasToolCalls && message.reasoning_content !== undefined) {
		// Both providers accept the DeepSeek field name on tool-call turns (OpenRouter: as an
		// alias of `reasoning`), and DeepSeek requires it there.
		wire.reasoning_content = message.reasoning_content;
	}
	return wire;
}

/**
 * Adds the JSON instruction to the system message (or a new one), so that models without a
 * JSON mode still answer with JSON. DeepSeek's own JSON mode also wants the word "json" in it.
 */
export function withJsonInstruction(messages: ChatMessage[]): ChatMessage[] {
	const index = messages.findIndex((message) => message.role === 'system');
	if (index === -1) return [{ role: 'system', content: JSON_INSTRUCTION }, ...messages];
	const system = messages[index];
	const updated = [...messages];
	// The user's system message is kept whatever its shape; the instruction is added to it.
	if (Array.isArray(system.content)) {
		const parts = system.content;
		if (parts.some((part) => part?.text === JSON_INSTRUCTION)) return messages;
		updated[index] = { ...system, content: [...parts, { type: 'text', text: JSON_INSTRUCTION }] };
		return updated;
	}
	const text = typeof system.content === 'string' ? system.content : '';
	if (text.includes(JSON_INSTRUCTION)) return messages;
	updated[index] = {
		...system,
		content: text ? `${text}\n\n${JSON_INSTRUCTION}` : JSON_INSTRUCTION,
	};
	return updated;
}

/**
 * The body every provider starts from: the model (the adapter may have swapped it for its
 * thinking or non-thinking twin), the messages as this provider takes them (with the JSON
 * instruction when JSON output is asked for), and the fields every provider takes under the
 * same names, only those that are set.
 */
export function baseBody(
	request: ChatRequest,
	passBack: ReasoningPassBack,
	model = request.model,
): IDataObject {
	const messages = request.jsonOutput ? withJsonInstruction(request.messages) : request.messages;
	const body: IDataObject = {
		model,
		messages: messages.map((message) => toWireMessage(message, passBack)),
	};
	if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
	if (request.temperature !== undefined) body.temperature = request.temperature;
	if (request.topP !== undefined) body.top_p = request.topP;
	if (request.tools?.length) body.tools = request.tools;
	if (request.stream) body.stream = true;
	return body;
}

/**
 * The assistant turn for providers that use DeepSeek's `reasoning_content` (AIML API, DeepSeek):
 * only a tool-call turn carries it back. DeepSeek requires it there (V3.2 with tools answers 400
 * without it), and V3.2-Exp answered 400 when a plain assistant turn carried it.
 */
export function reasoningContentHistory(completion: Completion): ChatMessage {
	if (completion.toolCalls.length) {
		return {
			role: 'assistant',
			content: completion.answer,
			tool_calls: completion.toolCalls,
			reasoning_content: completion.reasoning,
		};
	}
	return { role: 'assistant', content: completion.answer };
}

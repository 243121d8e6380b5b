import type { IDataObject } from 'n8n-workflow';

import type { AnswerSchema } from './jsonSchema/readSchema';
import type { OpenRouterRouting } from './providers/openRouterRouting';

/** A provider's id, the `provider` parameter value (nodes/shared/providers lists them). */
export type ProviderId = string;

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

/** A message as the OpenAI-style chat completions API of every provider takes it. */
export interface ChatMessage {
	role: ChatRole;
	content: string | null | IDataObject[];
	name?: string;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
	/** DeepSeek's reasoning field (AIML API, DeepSeek). Sent back only where the API requires it. */
	reasoning_content?: string;
	/** OpenRouter's structured reasoning, which must go back unchanged on later turns. */
	reasoning_details?: IDataObject[];
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** Everything a provider needs to build one chat completions request body. */
export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	/** Ask the model to think (true) or not (false). */
	reasoning: boolean;
	reasoningEffort?: ReasoningEffort;
	/** Reasoning token budget, where the provider takes one (OpenRouter `reasoning.max_tokens`). */
	reasoningBudget?: number;
	/** Ask for a JSON object as the answer. */
	jsonOutput: boolean;
	stream: boolean;
	/** OpenAI-style function tools (used by the chat-model sub-node). */
	tools?: IDataObject[];
	/** Output Format "JSON Schema": the schema the answer must satisfy. */
	jsonSchema?: AnswerSchema;
	/** OpenRouter routing (other models, provider preferences); other providers ignore it. */
	routing?: OpenRouterRouting;
}

export interface Usage {
	promptTokens: number;
	completionTokens: number;
	totalTokens: number;
	reasoningTokens: number;
	cachedTokens: number;
	/** US dollars as the provider reported them; null when it reported none. */
	cost: number | null;
	/** OpenRouter BYOK only: OpenRouter's own charge (`usage.cost`); `cost` adds the upstream. */
	openRouterCost?: number;
	/** OpenRouter BYOK only: what the user's own provider key was charged (`upstream_inference_cost`). */
	upstreamCost?: number;
}

/** One provider response, whatever its wire shape, in the package's own terms. */
export interface Completion {
	answer: string;
	reasoning: string;
	/** OpenRouter `reasoning_details`, kept unchanged so a later turn can send them back. */
	reasoningDetails?: IDataObject[];
	toolCalls: ToolCall[];
	usage: Usage;
	model: string;
	finishReason: string;
	id: string;
}

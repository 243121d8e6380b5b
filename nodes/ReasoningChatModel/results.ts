import type { FinishReason, GenerateResult, TokenUsage } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

import type { ProviderAdapter } from '../shared/providers';
import type { Completion, Usage } from '../shared/types';
import { toMessageContent } from './messages';

/** The provider's finish reason in the SDK's terms. */
export function finishReasonOf(completion: Completion): FinishReason {
	switch (completion.finishReason) {
		case 'stop':
			return 'stop';
		case 'length':
			return 'length';
		case 'tool_calls':
		case 'function_call':
			return 'tool-calls';
		case 'content_filter':
			return 'content-filter';
		case 'error':
			return 'error';
		case '':
			return completion.toolCalls.length ? 'tool-calls' : 'stop';
		default:
			return 'other';
	}
}

/**
 * Token counts for n8n: the LangChain adapter turns them into `usage_metadata` and the token
 * usage that the execution log shows. Cost and the raw counts ride along in `additionalMetadata`.
 */
export function tokenUsageOf(usage: Usage): TokenUsage {
	return {
		promptTokens: usage.promptTokens,
		completionTokens: usage.completionTokens,
		totalTokens: usage.totalTokens,
		inputTokenDetails: { cacheRead: usage.cachedTokens },
		outputTokenDetails: { reasoning: usage.reasoningTokens },
		additionalMetadata: { ...usage },
	};
}

/**
 * Small facts about the response for `response_metadata` (the adapter spreads this object into
 * it, then sets `model` and `provider` itself). No reasoning here: it travels in content blocks.
 */
export function providerMetadataOf(
	provider: ProviderAdapter,
	completion: Completion,
): Record<string, unknown> {
	return {
		finish_reason: completion.finishReason || null,
		model_name: completion.model,
		id: completion.id,
		reasoningChat: {
			provider: provider.id,
			model: completion.model,
			id: completion.id,
			finishReason: completion.finishReason,
			usage: { ...completion.usage },
		},
	};
}

export function toGenerateResult(
	provider: ProviderAdapter,
	completion: Completion,
	body: IDataObject,
	includeReasoning: boolean,
): GenerateResult {
	return {
		id: completion.id,
		finishReason: finishReasonOf(completion),
		usage: tokenUsageOf(completion.usage),
		message: { role: 'assistant', content: toMessageContent(completion, includeReasoning) },
		providerMetadata: providerMetadataOf(provider, completion),
		rawResponse: body,
	};
}

import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import type { ChatRequest } from '../types';
import { baseBody, reasoningContentHistory } from './requestBody';
import { listedModels } from './modelList';
import type { ProviderAdapter } from './types';

const PASS_BACK = { reasoningDetails: false } as const;

/**
 * DeepSeek picks thinking by model: `deepseek-reasoner` thinks, `deepseek-chat` is the same
 * model without thinking (docs/providers.md, DeepSeek). Other ids are sent as they are.
 */
export function deepSeekModelForReasoning(model: string, reasoning: boolean): string {
	return !reasoning && model === 'deepseek-reasoner' ? 'deepseek-chat' : model;
}

/** DeepSeek's own API (api.deepseek.com): OpenAI-style, with `reasoning_content`. */
export const deepSeek: ProviderAdapter = {
	id: 'deepSeek',
	name: 'DeepSeek',
	description:
		"DeepSeek's own API (api.deepseek.com). deepseek-reasoner thinks; turning Reasoning off sends deepseek-chat.",
	credentialType: 'reasoningDeepSeekApi',
	defaultBaseUrl: 'https://api.deepseek.com',
	defaultModel: 'deepseek-reasoner',
	chatPath: '/chat/completions',
	modelsPath: '/models',
	consoleUrl: 'https://platform.deepseek.com',
	// DeepSeek documents no effort level or thinking budget for its chat completions.
	supports: { reasoningEffort: false, reasoningBudget: false, routing: false },
	statusHints: {
		402: 'DeepSeek answers 402 when the balance is empty: top up at https://platform.deepseek.com/top_up.',
		422: 'DeepSeek rejected a parameter (HTTP 422 "Invalid Parameters"): fix the option it names, or the model ID.',
	},

	buildBody(request: ChatRequest): IDataObject {
		const body = baseBody(
			request,
			PASS_BACK,
			deepSeekModelForReasoning(request.model, request.reasoning),
		);
		// DeepSeek's JSON Output mode; it also wants the word "json" in the prompt (the instruction).
		if (request.jsonOutput) body.response_format = { type: 'json_object' };
		// Usage arrives in a stream only when asked, in a last chunk with empty `choices`.
		if (request.stream) body.stream_options = { include_usage: true };
		return body;
	},

	historyMessage: reasoningContentHistory,

	parseModelList(body: unknown): INodeListSearchItems[] {
		// `{id, object: "model", owned_by}`: no display names, so the id is the name.
		return listedModels(body).map((entry) => ({
			name: entry.id as string,
			value: entry.id as string,
		}));
	},
};

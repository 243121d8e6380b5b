import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import type { ChatRequest } from '../types';
import { baseBody, reasoningContentHistory } from './requestBody';
import { listedModels } from './modelList';
import type { ProviderAdapter } from './types';

const PASS_BACK = { reasoningDetails: false } as const;

/**
 * AIML API picks thinking by model id, not by a parameter: DeepSeek's thinking ids have a
 * non-thinking twin (`deepseek/deepseek-thinking-v3.2-exp` → `…-non-thinking-v3.2-exp`).
 */
export function aimlModelForReasoning(model: string, reasoning: boolean): string {
	if (reasoning) return model;
	if (/(^|[/-])thinking-/.test(model) && !model.includes('non-thinking-')) {
		return model.replace(/(^|[/-])thinking-/, '$1non-thinking-');
	}
	if (model === 'deepseek-reasoner') return 'deepseek-chat';
	return model;
}

function isChatModel(entry: IDataObject): boolean {
	const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : '';
	return type === '' || type.includes('chat');
}

export const aimlApi: ProviderAdapter = {
	id: 'aimlApi',
	name: 'AIML API',
	description:
		'Models served by AIML API (api.aimlapi.com). For DeepSeek, the model ID decides whether it thinks.',
	credentialType: 'reasoningAimlApi',
	defaultBaseUrl: 'https://api.aimlapi.com',
	defaultModel: 'deepseek/deepseek-thinking-v3.2-exp',
	chatPath: '/v1/chat/completions',
	modelsPath: '/v1/models',
	consoleUrl: 'https://aimlapi.com/app',
	supports: { reasoningEffort: true, reasoningBudget: false, routing: false },
	statusHints: {
		403: 'AIML API answers 403 when the balance is empty: top up at https://aimlapi.com/app (a management key also gets 403: use an API key).',
	},

	buildBody(request: ChatRequest): IDataObject {
		const body = baseBody(
			request,
			PASS_BACK,
			aimlModelForReasoning(request.model, request.reasoning),
		);
		// Only sent when the user picks an effort: AIML's DeepSeek schema does not list it.
		if (request.reasoningEffort !== undefined && request.reasoning) {
			body.reasoning_effort = request.reasoningEffort;
		}
		// AIML sends usage (and the cost, in `meta.usage`) in a stream only when asked.
		if (request.stream) body.stream_options = { include_usage: true };
		return body;
	},

	historyMessage: reasoningContentHistory,

	parseModelList(body: unknown): INodeListSearchItems[] {
		return listedModels(body)
			.filter(isChatModel)
			.map((entry) => {
				const info = (entry.info ?? {}) as IDataObject;
				const name = typeof info.name === 'string' && info.name ? info.name : (entry.id as string);
				return { name: `${name} (${entry.id as string})`, value: entry.id as string };
			});
	},
};

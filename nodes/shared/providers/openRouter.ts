import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import type { ChatRequest, Completion } from '../types';
import { jsonSchemaResponseFormat } from '../jsonSchema/instruction';
import { routingBodyFields } from './openRouterRouting';
import { baseBody } from './requestBody';
import { listedModels } from './modelList';
import type { ProviderAdapter } from './types';

const PASS_BACK = { reasoningDetails: true } as const;

/**
 * OpenRouter's default for `reasoning.enabled` differs per model and is not documented for
 * DeepSeek V3.2 Exp, so it is always sent explicitly. Effort and budget are exclusive.
 */
function reasoningField(request: ChatRequest): IDataObject {
	if (!request.reasoning) return { enabled: false };
	const reasoning: IDataObject = { enabled: true };
	if (request.reasoningEffort !== undefined) reasoning.effort = request.reasoningEffort;
	else if (request.reasoningBudget !== undefined) reasoning.max_tokens = request.reasoningBudget;
	return reasoning;
}

export const openRouter: ProviderAdapter = {
	id: 'openRouter',
	name: 'OpenRouter',
	description:
		'Models served by OpenRouter (openrouter.ai). Reasoning is switched on in each request.',
	credentialType: 'reasoningOpenRouterApi',
	defaultBaseUrl: 'https://openrouter.ai/api/v1',
	defaultModel: 'deepseek/deepseek-v3.2-exp',
	chatPath: '/chat/completions',
	modelsPath: '/models',
	consoleUrl: 'https://openrouter.ai/settings/credits',
	supports: { reasoningEffort: true, reasoningBudget: true, routing: true },

	buildBody(request: ChatRequest): IDataObject {
		const body = baseBody(request, PASS_BACK);
		body.reasoning = reasoningField(request);
		if (request.jsonOutput) body.response_format = { type: 'json_object' };
		if (request.jsonSchema) body.response_format = jsonSchemaResponseFormat(request.jsonSchema);
		Object.assign(body, routingBodyFields(request.model, request.routing));
		// Usage (with cost) arrives in every response and in the last stream chunk unasked.
		return body;
	},

	historyMessage(completion: Completion) {
		const message: ReturnType<ProviderAdapter['historyMessage']> = {
			role: 'assistant',
			content: completion.answer,
		};
		if (completion.toolCalls.length) message.tool_calls = completion.toolCalls;
		if (completion.reasoningDetails?.length)
			message.reasoning_details = completion.reasoningDetails;
		return message;
	},

	parseModelList(body: unknown): INodeListSearchItems[] {
		return listedModels(body).map((entry) => {
			const name = typeof entry.name === 'string' && entry.name ? entry.name : (entry.id as string);
			return { name: `${name} (${entry.id as string})`, value: entry.id as string };
		});
	},
};

import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerCredentials } from '../shared/description/fallback';
import { searchAimlApiModels, searchOpenRouterModels } from '../shared/methods/listSearch';
import { runItems } from './pipeline/runItems';
import { properties } from './description';

export class ReasoningChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reasoning Chat',
		name: 'reasoningChat',
		icon: { light: 'file:../../icons/reasoning.svg', dark: 'file:../../icons/reasoning.dark.svg' },
		group: ['transform'],
		version: 1,
		// "AIML API: deepseek-thinking-v3.2-exp": the model ID without its vendor prefix (the canvas
		// cuts a subtitle at about 28 characters), and no dangling colon while no model is chosen.
		subtitle:
			'={{ [({ aimlApi: "AIML API", openRouter: "OpenRouter" })[$parameter["provider"]], String($parameter["model"]?.value ?? $parameter["model"] ?? "").replace(/^[\\w.-]+\\//, "")].filter(Boolean).join(": ") }}',
		description:
			'Ask a reasoning model (DeepSeek V3.2 Exp and others) on AIML API or OpenRouter; get answer, reasoning and usage with cost as separate fields',
		defaults: { name: 'Reasoning Chat' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Shown when the provider is the Provider or the Fallback Provider (see description/fallback.ts).
		credentials: providerCredentials(),
		properties,
	};

	methods = {
		listSearch: { searchAimlApiModels, searchOpenRouterModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems.call(this)];
	}
}

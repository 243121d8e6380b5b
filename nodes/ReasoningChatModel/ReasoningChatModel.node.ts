import { supplyModel } from '@n8n/ai-node-sdk';
import type {
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerOrFallbackCredentials } from '../shared/description/fallback';
import { DEFAULTS } from '../shared/description/sharedOptionFields';
import { providerNames, providerSubtitle } from '../shared/description/nodeParts';
import { listSearch } from '../shared/methods/listSearch';
import { createChatService } from '../shared/chatService';
import { readFallback } from '../shared/fallback/readFallback';
import { getProvider } from '../shared/providers';
import { properties } from './description';
import { modelError } from './errors';
import { ReasoningModel } from './model';
import { reasoningCache } from './reasoningCache';
import { readSettings } from './settings';

export class ReasoningChatModel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reasoning Chat Model',
		name: 'reasoningChatModel',
		icon: { light: 'file:../../icons/reasoning.svg', dark: 'file:../../icons/reasoning.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: providerSubtitle,
		description: `Chat model for the AI Agent and Basic LLM Chain: DeepSeek thinking models on ${providerNames}, with reasoning kept across tool calls`,
		defaults: { name: 'Reasoning Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		// Shown when the provider is the Provider or the Fallback Provider (see description/fallback.ts).
		credentials: providerOrFallbackCredentials(),
		properties,
	};

	methods = {
		listSearch,
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const provider = getProvider(this.getNodeParameter('provider', itemIndex) as string);
		const settings = readSettings(this, provider, itemIndex);
		const credentials = await this.getCredentials(provider.credentialType, itemIndex);
		const node = this.getNode();
		const fallback = await readFallback(
			this,
			provider,
			DEFAULTS.concurrency,
			itemIndex,
			'modelCall',
		);
		if (!fallback.ok) {
			throw modelError(
				node,
				`Reasoning Chat Model (${provider.name}): ${fallback.problem}. ${fallback.fix}`,
				itemIndex,
			);
		}

		const service = createChatService(
			this,
			provider,
			credentials,
			DEFAULTS.concurrency,
			'modelCall',
		);
		const model = new ReasoningModel({
			ctx: this,
			// One gate for every call this model makes in this execution: a 429 with
			// Retry-After pauses them all, as in the Reasoning Chat node.
			service,
			settings,
			itemIndex,
			node,
			cache: reasoningCache,
			cacheScope: `${provider.id}:${service.credentials?.id || service.baseUrl}`,
			warn: (message) => this.logger.warn(message),
			...(fallback.route ? { fallback: fallback.route } : {}),
		});
		return supplyModel(this, model);
	}
}

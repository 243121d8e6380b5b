import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerOrFallbackCredentials } from '../shared/description/fallback';
import { providerNames, providerSubtitle } from '../shared/description/nodeParts';
import { listSearch } from '../shared/methods/listSearch';
import { runItems } from './pipeline/runItems';
import { properties } from './description';

export class ReasoningChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reasoning Chat',
		name: 'reasoningChat',
		icon: { light: 'file:../../icons/reasoning.svg', dark: 'file:../../icons/reasoning.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: providerSubtitle,
		description: `Ask a reasoning model (DeepSeek V3.2 Exp and others) on ${providerNames}; get answer, reasoning and usage with cost as separate fields`,
		defaults: { name: 'Reasoning Chat' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Shown when the provider is the Provider or the Fallback Provider (see description/fallback.ts).
		credentials: providerOrFallbackCredentials(),
		properties,
	};

	methods = {
		listSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await runItems.call(this)];
	}
}

import type { INodeProperties } from 'n8n-workflow';

import { PROVIDER_LIST } from '../providers';
import type { ProviderAdapter } from '../providers';
import { searchMethodName } from '../methods/listSearch';

/**
 * One `model` parameter per provider, each shown only for its provider, so that each can have
 * its own default (DeepSeek V3.2 Exp has a different id on each service).
 */
function modelProperty(provider: ProviderAdapter): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: provider.defaultModel },
		required: true,
		description: `The ${provider.name} model. Any model ID the provider serves works.`,
		displayOptions: { show: { provider: [provider.id] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: searchMethodName(provider), searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: provider.defaultModel,
			},
		],
	};
}

export const modelProperties: INodeProperties[] = PROVIDER_LIST.map(modelProperty);

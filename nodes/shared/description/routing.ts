import type { INodeProperties } from 'n8n-workflow';

import { providersSupporting } from '../providers';

/**
 * OpenRouter routing options, shared by both nodes and shown only for the providers whose
 * registry entry supports routing (OpenRouter). Each maps to one request field
 * (providers/openRouterRouting.ts); only the ones added are sent.
 */
const onlyOpenRouter = { show: { '/provider': providersSupporting('routing') } };

export const fallbackModelsOption: INodeProperties = {
	displayName: 'Fallback Models',
	name: 'fallbackModels',
	type: 'string',
	default: '',
	placeholder: 'e.g. deepseek/deepseek-v3.2, deepseek/deepseek-r1',
	displayOptions: onlyOpenRouter,
	description:
		'OpenRouter only: comma-separated model IDs OpenRouter tries, in order, when the Model fails (sent as models). The output field model names the one that answered.',
};

export const providerRoutingOption: INodeProperties = {
	displayName: 'Provider Routing',
	name: 'providerRouting',
	type: 'collection',
	placeholder: 'Add Routing Rule',
	default: {},
	displayOptions: onlyOpenRouter,
	description:
		'OpenRouter only: which of the providers behind OpenRouter may serve the model, and in what order (sent as provider)',
	options: [
		{
			displayName: 'Allow Fallbacks',
			name: 'allowFallbacks',
			type: 'boolean',
			default: false,
			description:
				'Whether OpenRouter may use other providers when those in Order are unavailable (provider.allow_fallbacks; OpenRouter assumes true when it is not added)',
		},
		{
			displayName: 'Data Collection',
			name: 'dataCollection',
			type: 'options',
			options: [
				{ name: 'Allow', value: 'allow' },
				{ name: 'Deny', value: 'deny', description: 'Only providers that do not store the data' },
			],
			default: 'allow',
			description:
				'Whether providers that may store or train on the data can be used (provider.data_collection)',
		},
		{
			displayName: 'Ignore',
			name: 'ignore',
			type: 'string',
			default: '',
			placeholder: 'e.g. novita',
			description: 'Comma-separated provider slugs never to use (provider.ignore)',
		},
		{
			displayName: 'Max Completion Price',
			name: 'maxCompletionPrice',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 2,
			description:
				'Most US dollars per million completion tokens a provider may charge (provider.max_price.completion)',
		},
		{
			displayName: 'Max Prompt Price',
			name: 'maxPromptPrice',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 1,
			description:
				'Most US dollars per million prompt tokens a provider may charge (provider.max_price.prompt)',
		},
		{
			displayName: 'Only',
			name: 'only',
			type: 'string',
			default: '',
			placeholder: 'e.g. deepinfra, siliconflow',
			description: 'Comma-separated provider slugs: use only these (provider.only)',
		},
		{
			displayName: 'Order',
			name: 'order',
			type: 'string',
			default: '',
			placeholder: 'e.g. deepinfra, novita',
			description: 'Comma-separated provider slugs to try first, in this order (provider.order)',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'options',
			options: [
				{ name: 'Latency', value: 'latency' },
				{ name: 'Price', value: 'price' },
				{ name: 'Throughput', value: 'throughput' },
			],
			default: 'price',
			description: 'Which providers to try first, instead of load balancing (provider.sort)',
		},
		{
			displayName: 'Zero Data Retention',
			name: 'zdr',
			type: 'boolean',
			default: true,
			description: 'Whether to use only endpoints that keep no data (provider.zdr)',
		},
	],
};

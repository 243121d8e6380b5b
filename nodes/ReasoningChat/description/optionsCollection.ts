import type { INodeProperties } from 'n8n-workflow';

import {
	idleTimeoutOption,
	maxRetriesOption,
	maxTokensOption,
	reasoningBudgetOption,
	reasoningEffortOption,
	reasoningOption,
	retryInterruptedOption,
	retryDelayOption,
	temperatureOption,
	timeoutOption,
	topPOption,
} from '../../shared/description/sharedOptionFields';
import { fallbackModelsOption, providerRoutingOption } from '../../shared/description/routing';
import { jsonSchemaOption, maxCostOption, schemaRepairsOption } from './structuredOutput';

export { DEFAULTS } from '../../shared/description/sharedOptionFields';

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 5,
			description:
				'How many items are sent at once. After a rate limit (429) the node lowers this by itself and raises it again when the limits allow.',
		},
		{
			displayName: 'Conversation History',
			name: 'messages',
			type: 'json',
			default: '[]',
			placeholder: '={{ $json.messages }}',
			description:
				'Earlier turns as an array of {role, content}, for example the messages field of a previous Reasoning Chat. The prompt is sent after them.',
		},
		fallbackModelsOption,
		idleTimeoutOption,
		{
			displayName: 'Include Raw Response',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add the provider response body to the item as `raw`',
		},
		jsonSchemaOption,
		retryDelayOption,
		maxCostOption,
		maxRetriesOption,
		maxTokensOption,
		{
			displayName: 'Output Format',
			name: 'outputFormat',
			type: 'options',
			options: [
				{ name: 'Text', value: 'text', description: 'The answer as text in `answer`' },
				{
					name: 'JSON',
					value: 'json',
					description: 'Ask for a JSON object and add it, parsed, as `answerJson`',
				},
				{
					name: 'JSON Schema',
					value: 'jsonSchema',
					description:
						'Ask for a JSON object that satisfies the JSON Schema option; it is checked, repaired if needed, and added as `answerJson`',
				},
			],
			default: 'text',
		},
		providerRoutingOption,
		reasoningOption,
		reasoningEffortOption,
		reasoningBudgetOption,
		retryInterruptedOption,
		schemaRepairsOption,
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to receive the answer as server-sent events. The output item is the same; streaming keeps long reasoning from being cut by proxies that drop quiet connections.',
		},
		{
			displayName: 'Stream Answer to Chat or Webhook',
			name: 'streamResponse',
			type: 'boolean',
			default: true,
			description:
				'Whether to pass the answer on as it arrives when a Chat Trigger or Webhook is set to stream its response (reasoning is not passed on). It has no effect otherwise.',
		},
		{
			displayName: 'System Message',
			name: 'systemMessage',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. You are a careful analyst. Answer in English.',
			description: 'Instructions sent before the conversation',
		},
		temperatureOption,
		timeoutOption,
		topPOption,
	],
};

import type { INodeProperties } from 'n8n-workflow';

/** Also written as literals in the descriptions below: lint wants literal defaults there. */
export const DEFAULTS = {
	concurrency: 5,
	maxRetries: 4,
	retryDelay: 1000,
	timeout: 10 * 60 * 1000,
	idleTimeout: 2 * 60 * 1000,
} as const;

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
		{
			displayName: 'Idle Timeout (Ms)',
			name: 'idleTimeout',
			type: 'number',
			typeOptions: { minValue: 1000, numberPrecision: 0 },
			default: 120000,
			description:
				'With Stream on: the longest silence allowed between two pieces of the answer before the connection counts as dropped (and is retried)',
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add the provider response body to the item as `raw`',
		},
		{
			displayName: 'Initial Retry Delay (Ms)',
			name: 'retryDelay',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 1000,
			description:
				'Wait before the first retry; it doubles on each further retry, with jitter. A Retry-After sent by the provider takes precedence.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			default: 4,
			description:
				'Retries of a failure worth retrying (rate limit 429, server errors 5xx, 408, dropped connections) for each item. Other errors are never retried.',
		},
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 8192,
			description:
				'Upper limit of tokens the model may produce. Reasoning tokens count against it: set it too low and the model can think until the limit and give no answer.',
		},
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
			],
			default: 'text',
		},
		{
			displayName: 'Reasoning',
			name: 'reasoning',
			type: 'boolean',
			default: true,
			description:
				'Whether to ask the model to think before answering. On AIML API, turning it off switches a DeepSeek thinking model ID to its non-thinking twin.',
		},
		{
			displayName: 'Reasoning Effort',
			name: 'reasoningEffort',
			type: 'options',
			options: [
				{ name: 'Extra High', value: 'xhigh' },
				{ name: 'High', value: 'high' },
				{ name: 'Low', value: 'low' },
				{ name: 'Medium', value: 'medium' },
				{ name: 'Minimal', value: 'minimal' },
			],
			default: 'medium',
			description:
				'How hard the model should think, for models that support an effort level (OpenRouter: reasoning.effort; AIML API: reasoning_effort)',
		},
		{
			displayName: 'Reasoning Token Budget',
			name: 'reasoningBudget',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 4096,
			displayOptions: { show: { '/provider': ['openRouter'] } },
			description:
				'OpenRouter only: most tokens the model may spend thinking (reasoning.max_tokens), for models that take a budget. Use either this or Reasoning Effort.',
		},
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to receive the answer as server-sent events. The output item is the same; streaming keeps long reasoning from being cut by proxies that drop quiet connections.',
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
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
			default: 1,
			description:
				'Randomness of the answer, 0 to 2. DeepSeek ignores it while thinking.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000, numberPrecision: 0 },
			default: 600000,
			description:
				'Longest time one request may take, from sending to the last byte of the answer. Reasoning can take minutes: the default is 10 minutes.',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 1,
			description: 'Nucleus sampling, 0 to 1. DeepSeek ignores it while thinking.',
		},
	],
};

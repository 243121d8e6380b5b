import type { INodeProperties } from 'n8n-workflow';

import { providersSupporting } from '../providers';

/**
 * Option fragments shared by the Reasoning Chat node and the Reasoning Chat Model sub-node, so
 * that both take the same option names with the same meaning. Each node assembles its own
 * `options` collection from them (lint wants the collection sorted by display name).
 */

/** Also written as literals in the descriptions below: lint wants literal defaults there. */
export const DEFAULTS = {
	concurrency: 5,
	maxRetries: 4,
	retryDelay: 1000,
	timeout: 10 * 60 * 1000,
	idleTimeout: 2 * 60 * 1000,
} as const;

export const idleTimeoutOption: INodeProperties = {
	displayName: 'Idle Timeout (Ms)',
	name: 'idleTimeout',
	type: 'number',
	typeOptions: { minValue: 1000, numberPrecision: 0 },
	default: 120000,
	description:
		'With Stream on: the longest silence allowed between two pieces of the answer before the connection counts as dropped (and is retried)',
};

export const retryDelayOption: INodeProperties = {
	displayName: 'Initial Retry Delay (Ms)',
	name: 'retryDelay',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 1000,
	description:
		'Wait before the first retry; it doubles on each further retry, with jitter. A Retry-After sent by the provider takes precedence.',
};

export const retryInterruptedOption: INodeProperties = {
	displayName: 'Retry Interrupted Answers',
	name: 'retryInterrupted',
	type: 'boolean',
	default: true,
	description:
		"Whether to request an answer again when it was cut off on its way (a dropped or stalled stream, a truncated body). The provider may bill both the cut-off answer and the new one; the item's attempts field counts them. Off: such an item fails instead.",
};

export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
	default: 4,
	description:
		'Retries of a failure worth retrying (rate limit 429, server errors 5xx, 408, dropped connections) for each item. Other errors are never retried.',
};

export const maxTokensOption: INodeProperties = {
	displayName: 'Max Tokens',
	name: 'maxTokens',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 8192,
	description:
		'Upper limit of tokens the model may produce. Reasoning tokens count against it: set it too low and the model can think until the limit and give no answer.',
};

export const reasoningOption: INodeProperties = {
	displayName: 'Reasoning',
	name: 'reasoning',
	type: 'boolean',
	default: true,
	description:
		'Whether to ask the model to think before answering. Where the model ID decides (AIML API, DeepSeek), turning it off switches a DeepSeek thinking model ID to its non-thinking twin.',
};

export const reasoningEffortOption: INodeProperties = {
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
	displayOptions: { show: { '/provider': providersSupporting('reasoningEffort') } },
	description:
		'How hard the model should think, for models that support an effort level (OpenRouter: reasoning.effort; AIML API: reasoning_effort)',
};

export const reasoningBudgetOption: INodeProperties = {
	displayName: 'Reasoning Token Budget',
	name: 'reasoningBudget',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 4096,
	displayOptions: { show: { '/provider': providersSupporting('reasoningBudget') } },
	description:
		'OpenRouter only: most tokens the model may spend thinking (reasoning.max_tokens), for models that take a budget. Use either this or Reasoning Effort.',
};

export const temperatureOption: INodeProperties = {
	displayName: 'Temperature',
	name: 'temperature',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
	default: 1,
	description: 'Randomness of the answer, 0 to 2. DeepSeek ignores it while thinking.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000, numberPrecision: 0 },
	default: 600000,
	description:
		'Longest time one request may take, from sending to the last byte of the answer. Reasoning can take minutes: the default is 10 minutes.',
};

export const topPOption: INodeProperties = {
	displayName: 'Top P',
	name: 'topP',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 1,
	description: 'Nucleus sampling, 0 to 1. DeepSeek ignores it while thinking.',
};

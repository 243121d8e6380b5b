import type { INodeProperties } from 'n8n-workflow';

import { fallbackProperties } from '../shared/description/fallback';
import { modelProperties } from '../shared/description/model';
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
} from '../shared/description/sharedOptionFields';
import { providerProperty } from '../shared/description/provider';
import { fallbackModelsOption, providerRoutingOption } from '../shared/description/routing';

/**
 * Same names as the Reasoning Chat node's options where they apply: saved workflows and users
 * rely on one option meaning the same in both nodes.
 */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		fallbackModelsOption,
		idleTimeoutOption,
		{
			displayName: 'Include Reasoning in Answer',
			name: 'includeReasoning',
			type: 'boolean',
			default: false,
			description:
				'Whether to put the reasoning in front of the answer text, inside &lt;think&gt;…&lt;/think&gt;. The AI Agent and the Basic LLM Chain pass on only the text of the answer, so this is the way to see the reasoning in their output.',
		},
		retryDelayOption,
		maxRetriesOption,
		maxTokensOption,
		providerRoutingOption,
		reasoningOption,
		reasoningEffortOption,
		reasoningBudgetOption,
		retryInterruptedOption,
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description:
				'Whether to receive answers as server-sent events even when the agent does not stream them on (it keeps long reasoning from being cut by proxies that drop quiet connections). An agent with streaming on always gets a stream.',
		},
		temperatureOption,
		timeoutOption,
		topPOption,
	],
};

export const properties: INodeProperties[] = [
	providerProperty,
	...modelProperties,
	...fallbackProperties,
	optionsProperty,
];

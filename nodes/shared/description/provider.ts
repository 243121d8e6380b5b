import type { INodeProperties } from 'n8n-workflow';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'AIML API',
			value: 'aimlApi',
			description: 'Api.aimlapi.com; DeepSeek picks thinking by model ID',
		},
		{
			name: 'OpenRouter',
			value: 'openRouter',
			description: 'Openrouter.ai; reasoning is switched on per request',
		},
	],
	default: 'aimlApi',
	description: 'Which service runs the model. Each needs its own credential.',
};

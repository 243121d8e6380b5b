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
			description:
				'Models served by AIML API (api.aimlapi.com). For DeepSeek, the model ID decides whether it thinks.',
		},
		{
			name: 'OpenRouter',
			value: 'openRouter',
			description:
				'Models served by OpenRouter (openrouter.ai). Reasoning is switched on in each request.',
		},
	],
	default: 'aimlApi',
	description:
		'Which service runs the model. Each needs its own credential; in the editor, picking an AIML API or an OpenRouter credential sets it.',
};

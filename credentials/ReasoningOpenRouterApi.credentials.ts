import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { bearerAuth } from './shared/bearerAuth';

export class ReasoningOpenRouterApi implements ICredentialType {
	name = 'reasoningOpenRouterApi';

	displayName = 'Reasoning Chat: OpenRouter API';

	icon: Icon = { light: 'file:../icons/reasoning.svg', dark: 'file:../icons/reasoning.dark.svg' };

	documentationUrl =
		'https://github.com/reasoning-chat/n8n-nodes-reasoning-chat#openrouter-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk-or-v1-...',
			description: 'Your OpenRouter API key (starts with sk-or-), from openrouter.ai/settings/keys',
		},
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: 'https://openrouter.ai/api/v1',
			hint: 'Keep /api/v1: chat requests go to {Base URL}/chat/completions',
			description:
				'Change only to go through a proxy or a compatible gateway. Chat requests go to {Base URL}/chat/completions.',
		},
	];

	// Authorization: Bearer <apiKey> (shared/bearerAuth.ts says why a function).
	authenticate = bearerAuth;

	// The public model list accepts any key; GET /key answers 401 to a bad one. The rules only
	// word the verdict n8n shows (it would otherwise say just "Unauthorized" / "Not Found").
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/key',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Invalid API key: OpenRouter rejected it (HTTP 401). Copy the key again from openrouter.ai/settings/keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing found at {Base URL}/key (HTTP 404). Check the Base URL: for OpenRouter it is https://openrouter.ai/api/v1.',
				},
			},
		],
	};
}

import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { bearerAuth } from './shared/bearerAuth';

export class ReasoningDeepSeekApi implements ICredentialType {
	name = 'reasoningDeepSeekApi';

	displayName = 'Reasoning Chat: DeepSeek API';

	icon: Icon = { light: 'file:../icons/reasoning.svg', dark: 'file:../icons/reasoning.dark.svg' };

	documentationUrl =
		'https://github.com/reasoning-chat/n8n-nodes-reasoning-chat#deepseek-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk-...',
			description: 'Your DeepSeek API key, from platform.deepseek.com/api_keys',
		},
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: 'https://api.deepseek.com',
			hint: 'Chat requests go to {Base URL}/chat/completions',
			description:
				'Change only to go through a proxy or a compatible gateway. Chat requests go to {Base URL}/chat/completions.',
		},
	];

	// Authorization: Bearer <apiKey> (shared/bearerAuth.ts says why a function).
	authenticate = bearerAuth;

	// GET /user/balance needs a valid key (DeepSeek answers 401 to a bad one), and it costs
	// nothing. The rules only word the verdict n8n shows (it would otherwise say just
	// "Unauthorized" / "Not Found").
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/user/balance',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Invalid API key: DeepSeek rejected it (HTTP 401). Copy the key again from platform.deepseek.com/api_keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing found at {Base URL}/user/balance (HTTP 404). Check the Base URL: for DeepSeek it is https://api.deepseek.com.',
				},
			},
		],
	};
}

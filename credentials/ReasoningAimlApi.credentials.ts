import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { bearerAuth } from './shared/bearerAuth';

export class ReasoningAimlApi implements ICredentialType {
	name = 'reasoningAimlApi';

	displayName = 'Reasoning Chat: AIML API';

	icon: Icon = { light: 'file:../icons/reasoning.svg', dark: 'file:../icons/reasoning.dark.svg' };

	documentationUrl =
		'https://github.com/reasoning-chat/n8n-nodes-reasoning-chat#aiml-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your AIML API key, from the Keys page of your AIML API dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: 'https://api.aimlapi.com',
			hint: 'Leave out /v1: chat requests go to {Base URL}/v1/chat/completions',
			description:
				'Change only to go through a proxy or a compatible gateway. Chat requests go to {Base URL}/v1/chat/completions.',
		},
	];

	// Authorization: Bearer <apiKey> (shared/bearerAuth.ts says why a function).
	authenticate = bearerAuth;

	// The public model list accepts any key, so it cannot tell a bad key from a good one.
	// The billing endpoint answers 401 to a missing or invalid key. The rules only word the
	// verdict n8n shows (it would otherwise say just "Unauthorized" / "Not Found").
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/v2/billing',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Invalid API key: AIML API rejected it (HTTP 401). Copy the key again from the Keys page of your AIML API dashboard.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing found at {Base URL}/v2/billing (HTTP 404). Check the Base URL: for AIML API it is https://api.aimlapi.com, without /v1.',
				},
			},
		],
	};
}

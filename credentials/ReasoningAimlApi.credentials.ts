import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			description:
				'Change only to go through a proxy or a compatible gateway. Chat requests go to {Base URL}/v1/chat/completions.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The public model list accepts any key, so it cannot tell a bad key from a good one.
	// The billing endpoint answers 401 to a missing or invalid key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url}}',
			url: '/v2/billing',
			method: 'GET',
		},
	};
}

import type { INodeCredentialDescription } from 'n8n-workflow';

import { PROVIDER_LIST } from '../providers';

/**
 * One credential per provider, each asked for only while its provider is picked. `parameter`
 * names the top-level option that picks the provider (`provider`; another option that picks a
 * second provider can list the same credentials under its own name).
 */
export function providerCredentials(parameter = 'provider'): INodeCredentialDescription[] {
	return PROVIDER_LIST.map((provider) => ({
		name: provider.credentialType,
		required: true,
		displayOptions: { show: { [parameter]: [provider.id] } },
	}));
}

const PROVIDER_NAMES = JSON.stringify(
	Object.fromEntries(PROVIDER_LIST.map((provider) => [provider.id, provider.name])),
);

/**
 * "AIML API: deepseek-thinking-v3.2-exp": the provider's name, then the model ID without its
 * vendor prefix (the canvas cuts a subtitle at about 28 characters), and no dangling colon
 * while no model is chosen.
 */
export const providerSubtitle = `={{ [(${PROVIDER_NAMES})[$parameter["provider"]], String($parameter["model"]?.value ?? $parameter["model"] ?? "").replace(/^[\\w.-]+\\//, "")].filter(Boolean).join(": ") }}`;

/** "AIML API, DeepSeek or OpenRouter", for node descriptions. */
export const providerNames = PROVIDER_LIST.map((provider) => provider.name)
	.join(', ')
	.replace(/, ([^,]*)$/, ' or $1');

import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { PROVIDER_LIST } from '../providers';
import type { ProviderAdapter } from '../providers';
import { searchMethodName } from '../methods/listSearch';

/**
 * Provider fallback in the editor: `fallbackProvider`, one `fallbackModel` per provider (each
 * with that provider's default), and the credentials of both nodes.
 *
 * A provider's credential is needed when it is the Provider OR the Fallback Provider. n8n's
 * display rules AND the keys of `show`, and at run time `getCredentials` checks only the FIRST
 * node credential entry of a type (n8n-core's node-execution-context), so neither "two keys in
 * one rule" nor "the same credential listed twice" can say OR. What does: one hidden parameter
 * per provider, `uses<Provider>Credential`, defined twice under the same name (shown for
 * `provider` = P, and for `fallbackProvider` = P); it exists, with the value `true`, exactly when
 * either is set, and the credential is shown for `uses<Provider>Credential: [true]`. Its value is
 * always its default, so it is never saved into a workflow and cannot go stale.
 */
function usesCredentialName(provider: ProviderAdapter): string {
	return `uses${provider.id.charAt(0).toUpperCase()}${provider.id.slice(1)}Credential`;
}

function usageMarkers(provider: ProviderAdapter): INodeProperties[] {
	const marker = {
		displayName: `Uses ${provider.name} Credential`,
		name: usesCredentialName(provider),
		type: 'hidden',
		default: true,
	} as const;
	return [
		{ ...marker, displayOptions: { show: { provider: [provider.id] } } },
		{
			...marker,
			displayOptions: {
				show: { fallbackProvider: [provider.id] },
				hide: { provider: [provider.id] },
			},
		},
	];
}

/**
 * The nodes' credential list, from the provider registry: one entry per credential type, shown
 * when its provider is the Provider or the Fallback Provider (nodeParts.ts' providerCredentials
 * shows a credential for the Provider only).
 */
export function providerOrFallbackCredentials(): INodeCredentialDescription[] {
	return PROVIDER_LIST.map((provider) => ({
		name: provider.credentialType,
		required: true,
		displayOptions: { show: { [usesCredentialName(provider)]: [true] } },
	}));
}

export const fallbackProviderProperty: INodeProperties = {
	displayName: 'Fallback Provider',
	name: 'fallbackProvider',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'None', value: 'none', description: 'No fallback: a failed item fails' },
		...PROVIDER_LIST.map((provider) => ({
			name: provider.name,
			value: provider.id,
			description: `Send an item to ${provider.name} when the Provider gave up on it (rate limit, server error, timeout, connection, credits). Needs a ${provider.name} credential.`,
		})),
	],
	default: 'none',
	description:
		'Another provider that answers an item when the Provider gave up on it after its retries (429, 5xx, timeout, connection) or refused it for credits (402, AIML API 403). Never used on 400, 401 or 404: those need fixing.',
};

function fallbackModelProperty(provider: ProviderAdapter): INodeProperties {
	return {
		displayName: 'Fallback Model',
		name: 'fallbackModel',
		type: 'resourceLocator',
		default: { mode: 'list', value: provider.defaultModel },
		required: true,
		description: `The ${provider.name} model that answers when the fallback is used`,
		displayOptions: { show: { fallbackProvider: [provider.id] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: searchMethodName(provider), searchable: true },
			},
			{ displayName: 'ID', name: 'id', type: 'string', placeholder: provider.defaultModel },
		],
	};
}

/** The fallback parameters and the hidden credential markers, in the order they are shown. */
export const fallbackProperties: INodeProperties[] = [
	fallbackProviderProperty,
	...PROVIDER_LIST.map(fallbackModelProperty),
	...PROVIDER_LIST.flatMap(usageMarkers),
];

import { aimlApi } from './aimlApi';
import { deepSeek } from './deepSeek';
import { openRouter } from './openRouter';
import type { ProviderAdapter } from './types';

export type { ProviderAdapter, ProviderSupport } from './types';

/**
 * The provider registry: one adapter per provider, in the order the editor lists them
 * (alphabetical by name). Adding a provider = one adapter file, one line here, one credential
 * file and its line in package.json (docs/ARCHITECTURE.md, "Adding a provider").
 */
export const PROVIDER_LIST: readonly ProviderAdapter[] = [aimlApi, deepSeek, openRouter];

export const PROVIDERS: Readonly<Record<string, ProviderAdapter>> = Object.fromEntries(
	PROVIDER_LIST.map((provider) => [provider.id, provider]),
);

export function getProvider(id: string): ProviderAdapter {
	const provider = Object.prototype.hasOwnProperty.call(PROVIDERS, id) ? PROVIDERS[id] : undefined;
	if (!provider) {
		const known = PROVIDER_LIST.map((entry) => `"${entry.id}"`).join(', ');
		throw new Error(`Unknown provider "${id}": use one of ${known}`);
	}
	return provider;
}

/** The providers that take an option (for the editor's display rules). */
export function providersSupporting(feature: keyof ProviderAdapter['supports']): string[] {
	return PROVIDER_LIST.filter((provider) => provider.supports[feature]).map(
		(provider) => provider.id,
	);
}

/** The credential's base URL without a trailing slash, so paths can be appended. */
export function baseUrlOf(provider: ProviderAdapter, credentialUrl: unknown): string {
	const url = typeof credentialUrl === 'string' && credentialUrl.trim() ? credentialUrl.trim() : '';
	return (url || provider.defaultBaseUrl).replace(/\/+$/, '');
}

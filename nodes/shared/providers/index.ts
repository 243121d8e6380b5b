import type { ProviderId } from '../types';
import { aimlApi } from './aimlApi';
import { openRouter } from './openRouter';
import type { ProviderAdapter } from './types';

export type { ProviderAdapter } from './types';

export const PROVIDERS: Record<ProviderId, ProviderAdapter> = { aimlApi, openRouter };

export function getProvider(id: string): ProviderAdapter {
	const provider = PROVIDERS[id as ProviderId];
	if (!provider) {
		throw new Error(`Unknown provider "${id}": use "aimlApi" or "openRouter"`);
	}
	return provider;
}

/** The credential's base URL without a trailing slash, so paths can be appended. */
export function baseUrlOf(provider: ProviderAdapter, credentialUrl: unknown): string {
	const url = typeof credentialUrl === 'string' && credentialUrl.trim() ? credentialUrl.trim() : '';
	return (url || provider.defaultBaseUrl).replace(/\/+$/, '');
}

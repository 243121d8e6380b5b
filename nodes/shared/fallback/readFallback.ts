import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import type { ChatService } from '../chatService';
import { createChatService } from '../chatService';
import { PROVIDERS } from '../providers';
import type { ProviderAdapter } from '../providers';
import type { ProviderId } from '../types';
import type { FallbackRoute } from './completeWithFallback';

export type FallbackSetting =
	| { ok: true; route?: FallbackRoute }
	| { ok: false; problem: string; fix: string };

/**
 * The fallback of a node run from `fallbackProvider` and `fallbackModel`: its own service (its
 * credential, decrypted once, and its own request limiter, so a provider that is down or rate
 * limited does not slow the other), or what is wrong with the setting.
 */
export async function readFallback(
	ctx: IExecuteFunctions | ISupplyDataFunctions,
	primary: ProviderAdapter,
	concurrency: number,
	itemIndex = 0,
	subject?: ChatService['subject'],
): Promise<FallbackSetting> {
	const id = ctx.getNodeParameter('fallbackProvider', itemIndex, 'none') as string;
	if (!id || id === 'none') return { ok: true };
	const provider = PROVIDERS[id as ProviderId];
	if (!provider) {
		return {
			ok: false,
			problem: `Fallback Provider "${id}" is not known`,
			fix: `Pick one of ${Object.values(PROVIDERS)
				.map((entry) => entry.name)
				.join(', ')} or None.`,
		};
	}
	if (provider.id === primary.id) {
		return {
			ok: false,
			problem: `Fallback Provider is ${provider.name}, the same as Provider`,
			fix: 'Pick the other provider as Fallback Provider, or None.',
		};
	}
	const model = String(
		ctx.getNodeParameter('fallbackModel', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!model) {
		return {
			ok: false,
			problem: 'no Fallback Model is set',
			fix: `Pick a ${provider.name} model, e.g. ${provider.defaultModel}.`,
		};
	}
	const credentials = await ctx.getCredentials(provider.credentialType, itemIndex);
	return {
		ok: true,
		route: {
			service: createChatService(ctx, provider, credentials, concurrency, subject),
			model,
			primaryHealth: {},
		},
	};
}

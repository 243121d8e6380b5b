import type { ChatOutcome, ChatService, RequestLimits } from '../chatService';
import { completeChat } from '../chatService';
import type { ProviderAdapter } from '../providers';
import type { HttpContext } from '../transport/chatAttempt';
import type { ChatRequest, ProviderId } from '../types';
import { fallbackReason } from './eligibility';

/** The other provider of a node run: its own service (credential, limiter) and model. */
export interface FallbackRoute {
	service: ChatService;
	model: string;
	/** Shared by every request of the run (copies of the route keep the same object). */
	primaryHealth: PrimaryHealth;
}

/**
 * Once the primary gave up on a request, the next requests of the run go straight to the
 * fallback for a while instead of each spending the primary's retries first (a provider that is
 * down for a whole batch would otherwise cost every item its full backoff). After the pause one
 * request tries the primary again.
 */
export interface PrimaryHealth {
	down?: { reason: string; until: number };
}

/** How long the primary is skipped after it gave up (no timer: compared on the next request). */
export const PRIMARY_PAUSE_MS = 60 * 1000;

export interface FallbackInfo {
	from: ProviderId;
	reason: string;
}

/** A chat outcome plus who answered, and why the fallback did when it did. */
export type RoutedOutcome = ChatOutcome & {
	provider: ProviderAdapter;
	service: ChatService;
	/** The request as the answering provider got it (its model). */
	request: ChatRequest;
	fallback?: FallbackInfo;
};

export interface FallbackGuards {
	/** Asked before the fallback request: false keeps the primary's failure (e.g. budget spent). */
	mayFallBack?: () => boolean;
	/** Log line when an item goes to the fallback. */
	log?: (message: string) => void;
}

/**
 * Sends the request to the primary provider (with its retries); when the primary gave up for a
 * reason that is the provider's trouble (see eligibility.ts), sends it once more, with the
 * fallback model and the fallback's own retries and limiter, to the fallback provider. The
 * messages go as they are: each provider's adapter sends only the reasoning fields it accepts
 * (requestBody.ts), so a conversation started on one provider stays valid on the other.
 * OpenRouter routing (other models, provider order) belongs to the primary's model and is not
 * sent to the fallback.
 */
export async function completeWithFallback(
	ctx: HttpContext,
	primary: ChatService,
	fallback: FallbackRoute | undefined,
	request: ChatRequest,
	limits: RequestLimits,
	itemIndex: number,
	guards: FallbackGuards = {},
): Promise<RoutedOutcome> {
	const answered = { provider: primary.provider, service: primary, request };
	if (!fallback) {
		return { ...(await completeChat(ctx, primary, request, limits, itemIndex)), ...answered };
	}
	const health = fallback.primaryHealth;
	let reason: string | undefined;
	let first: ChatOutcome | undefined;
	if (health.down && Date.now() < health.down.until) {
		reason = `${health.down.reason}; ${primary.provider.name} is skipped for a minute after that`;
	} else {
		first = await completeChat(ctx, primary, request, limits, itemIndex);
		if (first.ok) health.down = undefined;
		if (first.ok) return { ...first, ...answered };
		const attempts = first.failures?.length ?? 1;
		reason = fallbackReason(first.failure, primary.provider, attempts);
		if (!reason || guards.mayFallBack?.() === false) return { ...first, ...answered };
		health.down = {
			reason: `${reason} (${primary.subject === 'modelCall' ? 'an earlier model call' : `item ${itemIndex}`})`,
			until: Date.now() + PRIMARY_PAUSE_MS,
		};
	}

	const fallbackRequest: ChatRequest = { ...request, model: fallback.model };
	delete fallbackRequest.routing;
	guards.log?.(
		`${primary.provider.name} gave up on ${primary.subject === 'modelCall' ? 'the model call' : `item ${itemIndex}`} (${reason}); sending it to ${fallback.service.provider.name} (${fallback.model})`,
	);
	const second = await completeChat(ctx, fallback.service, fallbackRequest, limits, itemIndex);
	const via = {
		provider: fallback.service.provider,
		service: fallback.service,
		request: fallbackRequest,
		fallback: { from: primary.provider.id, reason },
	};
	// `attempts` counts every request sent for the item: the primary's failed ones too.
	if (second.ok)
		return {
			...second,
			...via,
			attempts: (first && !first.ok ? (first.failures?.length ?? 1) : 0) + second.attempts,
		};
	if (second.failure.kind === 'canceled') return { ...second, ...via };
	const primaryMessage = first && !first.ok ? first.message.replace(/\.$/, '') : reason;
	return { ...second, ...via, message: `${second.message} (Fallback: ${primaryMessage})` };
}

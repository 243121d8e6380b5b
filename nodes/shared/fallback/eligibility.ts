import type { Failure } from '../errors/failure';
import { failureLabel } from '../errors/failure';
import type { ProviderAdapter } from '../providers';

/**
 * Why the primary's failure sends the item to the fallback provider, or undefined when it must
 * not: only when the primary gave up after its retries on something that is the provider's
 * trouble (429, 408, 5xx, a timeout, a dropped or refused connection, a transient error inside
 * the body) or refused for credits (402; AIML API answers 403 for an empty balance). Never on
 * 400, 401, 404 and the like: those are the user's to fix, and the other provider would only
 * bill for the same mistake. A host that does not resolve (ENOTFOUND) is a wrong Base URL, and a
 * body that is not the API's JSON is a wrong Base URL or proxy: not a reason either.
 */
export function fallbackReason(
	failure: Failure,
	provider: ProviderAdapter,
	attempts: number,
): string | undefined {
	const after = attempts > 1 ? ` after ${attempts} attempts` : '';
	const label = `${provider.name}: ${failureLabel(failure)}`;
	switch (failure.kind) {
		case 'timeout':
			return `${label}${after}`;
		case 'network':
			return failure.retryable ? `${label}${after}` : undefined;
		case 'inBody':
			return failure.retryable ? `${label}${after}` : undefined;
		case 'http': {
			const status = failure.status ?? 0;
			if (status === 402 || (status === 403 && provider.id === 'aimlApi')) {
				return `${label} (out of credits)`;
			}
			return status === 408 || status === 429 || status >= 500 ? `${label}${after}` : undefined;
		}
		default:
			return undefined;
	}
}

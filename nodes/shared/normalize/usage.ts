import type { IDataObject } from 'n8n-workflow';

import type { Usage } from '../types';

function count(value: unknown): number {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : 0;
}

function money(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function objectAt(value: unknown): IDataObject {
	return value && typeof value === 'object' ? (value as IDataObject) : {};
}

/**
 * Normalized token counts and cost. Counts are copied as reported, never derived from one
 * another (DeepSeek's cache counters do not always add up). Cost: OpenRouter `usage.cost`,
 * AIML API `meta.usage.usd_spent`, else AIML's `x-aimlapi-usd-spent` header, else null.
 */
export function normalizeUsage(body: IDataObject, headers: IDataObject = {}): Usage {
	const usage = objectAt(body.usage);
	const promptDetails = objectAt(usage.prompt_tokens_details);
	const completionDetails = objectAt(usage.completion_tokens_details);
	const promptTokens = count(usage.prompt_tokens);
	const completionTokens = count(usage.completion_tokens);
	const cached = count(promptDetails.cached_tokens) || count(usage.prompt_cache_hit_tokens);
	const reported =
		money(usage.cost) ??
		money(objectAt(objectAt(body.meta).usage).usd_spent) ??
		money(headers['x-aimlapi-usd-spent']);
	// OpenRouter BYOK: `cost` is OpenRouter's own charge (0 within the free BYOK allowance) and
	// `cost_details.upstream_inference_cost` what the user's own provider key was charged. What
	// was paid is their sum; both parts are kept.
	const upstream = money(objectAt(usage.cost_details).upstream_inference_cost);
	const byok = upstream !== null && upstream > 0 && (usage.is_byok === true || reported === 0);
	const cost = byok ? (reported ?? 0) + upstream : reported;
	return {
		promptTokens,
		completionTokens,
		totalTokens: count(usage.total_tokens) || promptTokens + completionTokens,
		reasoningTokens: count(completionDetails.reasoning_tokens),
		cachedTokens: cached,
		cost,
		...(byok ? { openRouterCost: reported ?? 0, upstreamCost: upstream } : {}),
	};
}

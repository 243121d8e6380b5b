import type { IDataObject } from 'n8n-workflow';

import type { ChatService } from '../chatService';
import type { HttpContext } from '../transport/chatAttempt';
import type { Usage } from '../types';

/** US dollars per token, as OpenRouter's model list gives them (as strings). */
export interface TokenPrice {
	prompt: number;
	completion: number;
	request: number;
	cacheRead?: number;
}

/**
 * Whether a provider reports the cost of each answer (OpenRouter `usage.cost`, AIML API
 * `meta.usage.usd_spent`) and whether its model list has per-token prices to estimate a cost it
 * did not report. A provider with neither cannot take a budget: the run says so before sending.
 */
const COST_SOURCES: Record<string, { reportsCost: boolean; listsPrices: boolean }> = {
	aimlApi: { reportsCost: true, listsPrices: false },
	// DeepSeek's answers carry token counts only and its /models lists no prices.
	deepSeek: { reportsCost: false, listsPrices: false },
	openRouter: { reportsCost: true, listsPrices: true },
};

export function canCountCost(providerId: string): boolean {
	const source = COST_SOURCES[providerId];
	return !!source && (source.reportsCost || source.listsPrices);
}

function price(value: unknown): number | undefined {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** Reads `{data: [{id, pricing: {prompt, completion, request, input_cache_read}}]}`. */
export function parsePriceList(body: unknown): Map<string, TokenPrice> {
	const prices = new Map<string, TokenPrice>();
	const data = (body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return prices;
	for (const entry of data as IDataObject[]) {
		const pricing = (entry.pricing ?? {}) as IDataObject;
		const prompt = price(pricing.prompt);
		const completion = price(pricing.completion);
		if (typeof entry.id !== 'string' || prompt === undefined || completion === undefined) continue;
		const cacheRead = price(pricing.input_cache_read);
		prices.set(entry.id, {
			prompt,
			completion,
			request: price(pricing.request) ?? 0,
			...(cacheRead !== undefined ? { cacheRead } : {}),
		});
	}
	return prices;
}

/** The cost of one answer from its token counts (reasoning tokens are completion tokens). */
export function estimateCost(usage: Usage, tokenPrice: TokenPrice): number {
	const cached =
		tokenPrice.cacheRead !== undefined ? Math.min(usage.cachedTokens, usage.promptTokens) : 0;
	return (
		(usage.promptTokens - cached) * tokenPrice.prompt +
		cached * (tokenPrice.cacheRead ?? 0) +
		usage.completionTokens * tokenPrice.completion +
		tokenPrice.request
	);
}

/**
 * Per-token prices of one run, fetched at most once per provider (the model list is public and
 * not billed), only when an answer arrives without a cost.
 */
export class PriceBook {
	private readonly lists = new Map<string, Promise<Map<string, TokenPrice>>>();

	constructor(private readonly ctx: HttpContext) {}

	async priceOf(service: ChatService, model: string): Promise<TokenPrice | undefined> {
		if (!COST_SOURCES[service.provider.id]?.listsPrices) return undefined;
		let list = this.lists.get(service.provider.id);
		if (!list) {
			list = this.fetch(service);
			this.lists.set(service.provider.id, list);
		}
		const prices = await list;
		return prices.get(model) ?? prices.get(model.replace(/:.*$/, ''));
	}

	private async fetch(service: ChatService): Promise<Map<string, TokenPrice>> {
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				service.provider.credentialType,
				{
					method: 'GET',
					url: `${service.baseUrl}${service.provider.modelsPath}`,
					json: true,
					timeout: 30000,
				},
				service.credentials ? { credentialsDecrypted: service.credentials } : undefined,
			)) as unknown;
			return parsePriceList(response);
		} catch {
			// No list, no estimate: the budget then treats the cost as unknown and stops.
			return new Map();
		}
	}
}

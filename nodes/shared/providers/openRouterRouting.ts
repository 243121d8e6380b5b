import type { IDataObject } from 'n8n-workflow';

/**
 * OpenRouter's routing controls, as the node options name them (options.fallbackModels and
 * options.providerRouting.*), and the request fields they become, exactly as OpenRouter's
 * provider-routing and model-fallback docs define them: `models: [model, ...fallbacks]` and
 * `provider: {order, allow_fallbacks, only, ignore, data_collection, zdr, sort, max_price}`.
 * Only what the user set is sent; OpenRouter's defaults apply to the rest.
 */
export interface ProviderRoutingOptions {
	order?: string;
	allowFallbacks?: boolean;
	only?: string;
	ignore?: string;
	dataCollection?: 'allow' | 'deny';
	zdr?: boolean;
	sort?: 'price' | 'throughput' | 'latency';
	maxPromptPrice?: number;
	maxCompletionPrice?: number;
}

export interface OpenRouterRouting {
	fallbackModels?: string[];
	provider?: IDataObject;
}

/** "a, b,,c " → ["a", "b", "c"]; also takes an array from an expression. */
export function commaList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter(Boolean);
}

export type RoutingResult =
	| { ok: true; routing?: OpenRouterRouting }
	| { ok: false; problem: string };

function priceProblem(value: unknown, name: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		return `${name} is ${JSON.stringify(value)}: give US dollars per million tokens, 0 or more`;
	}
	return undefined;
}

/** The routing fields from the node options, or what is wrong with them. */
export function readOpenRouterRouting(
	fallbackModels: unknown,
	routing: ProviderRoutingOptions | undefined,
): RoutingResult {
	const result: OpenRouterRouting = {};
	const models = commaList(fallbackModels);
	if (models.length) result.fallbackModels = models;

	const options = routing ?? {};
	const problem =
		priceProblem(options.maxPromptPrice, 'Max Prompt Price') ??
		priceProblem(options.maxCompletionPrice, 'Max Completion Price');
	if (problem) return { ok: false, problem };

	const provider: IDataObject = {};
	const lists = { order: options.order, only: options.only, ignore: options.ignore };
	for (const [field, value] of Object.entries(lists)) {
		const list = commaList(value);
		if (list.length) provider[field] = list;
	}
	if (typeof options.allowFallbacks === 'boolean')
		provider.allow_fallbacks = options.allowFallbacks;
	if (options.dataCollection) provider.data_collection = options.dataCollection;
	if (typeof options.zdr === 'boolean') provider.zdr = options.zdr;
	if (options.sort) provider.sort = options.sort;
	const maxPrice: IDataObject = {};
	if (options.maxPromptPrice !== undefined) maxPrice.prompt = options.maxPromptPrice;
	if (options.maxCompletionPrice !== undefined) maxPrice.completion = options.maxCompletionPrice;
	if (Object.keys(maxPrice).length) provider.max_price = maxPrice;
	if (Object.keys(provider).length) result.provider = provider;

	return { ok: true, ...(Object.keys(result).length ? { routing: result } : {}) };
}

/** The body fields for one request to `model`. */
export function routingBodyFields(
	model: string,
	routing: OpenRouterRouting | undefined,
): IDataObject {
	const fields: IDataObject = {};
	if (routing?.fallbackModels?.length) {
		fields.models = [model, ...routing.fallbackModels.filter((id) => id !== model)];
	}
	if (routing?.provider) fields.provider = routing.provider;
	return fields;
}

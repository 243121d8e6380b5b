import type { ISupplyDataFunctions } from 'n8n-workflow';

import type { SharedOptions } from '../shared/optionsToRequest';
import { requestFields, requestLimits, sharedOptionProblem } from '../shared/optionsToRequest';
import type { ProviderAdapter } from '../shared/providers';
import type {
	OpenRouterRouting,
	ProviderRoutingOptions,
} from '../shared/providers/openRouterRouting';
import { readOpenRouterRouting } from '../shared/providers/openRouterRouting';
import type { RetryPolicy } from '../shared/transport/withRetries';
import type { ReasoningEffort } from '../shared/types';
import { modelError } from './errors';

/** The node's parameters, read and checked once per supplyData call. */
export interface ModelSettings {
	model: string;
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	reasoning: boolean;
	reasoningEffort?: ReasoningEffort;
	reasoningBudget?: number;
	/** Use server-sent events on the wire in generate() too (stream() always does). */
	stream: boolean;
	includeReasoning: boolean;
	timeoutMs: number;
	idleTimeoutMs: number;
	policy: RetryPolicy;
	/** OpenRouter routing (options.fallbackModels, options.providerRouting). */
	routing?: OpenRouterRouting;
}

interface ModelOptions extends SharedOptions {
	includeReasoning?: boolean;
	fallbackModels?: unknown;
	providerRouting?: ProviderRoutingOptions;
}

export function readSettings(
	ctx: ISupplyDataFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
): ModelSettings {
	const node = ctx.getNode();
	const fail = (problem: string, fix: string) =>
		modelError(node, `Reasoning Chat Model (${provider.name}): ${problem}. ${fix}`, itemIndex);
	const model = String(
		ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!model) throw fail('no model is set', `Pick a model, e.g. ${provider.defaultModel}.`);

	const options = ctx.getNodeParameter('options', itemIndex, {}) as ModelOptions;
	const invalid = sharedOptionProblem(options);
	if (invalid) throw fail(invalid.problem, invalid.fix);

	const routing =
		provider.id === 'openRouter'
			? readOpenRouterRouting(options.fallbackModels, options.providerRouting)
			: { ok: true as const };
	if (!routing.ok) throw fail(routing.problem, 'Correct it under Provider Routing.');

	return {
		model,
		...(routing.routing ? { routing: routing.routing } : {}),
		includeReasoning: options.includeReasoning ?? false,
		...requestFields(options),
		...requestLimits(options),
	};
}

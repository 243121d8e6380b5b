import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ChatService, RequestLimits } from '../../shared/chatService';
import { completeChat } from '../../shared/chatService';
import type { Failure } from '../../shared/errors/failure';
import type { FallbackRoute, RoutedOutcome } from '../../shared/fallback/completeWithFallback';
import { completeWithFallback } from '../../shared/fallback/completeWithFallback';
import { parseJsonAnswer } from '../../shared/jsonAnswer';
import { listViolations, repairMessage } from '../../shared/jsonSchema/instruction';
import type { SchemaViolation } from '../../shared/jsonSchema/validate';
import { validateAgainstSchema } from '../../shared/jsonSchema/validate';
import type { RunBudget } from '../../shared/budget/runBudget';
import type { PriceBook } from '../../shared/budget/pricing';
import { estimateCost } from '../../shared/budget/pricing';
import type { ChatRequest, Completion, Usage } from '../../shared/types';
import { buildOutput } from './buildOutput';
import type { ItemPlan } from './readItem';

/** What stays the same for every item of a run. */
export interface RunRoutes {
	ctx: IExecuteFunctions;
	primary: ChatService;
	fallback?: FallbackRoute;
	/** options.maxCost, when set. */
	budget?: RunBudget;
	prices?: PriceBook;
	/** True once the run stops (a failed item, a canceled execution): no new request starts. */
	stopping?: () => boolean;
}

export type ItemAnswer =
	| { ok: true; json: IDataObject }
	| { ok: false; failure?: Failure; message: string; canceled?: boolean };

/** Counts an answer's cost against the budget; estimates it from listed prices when missing. */
async function countCost(
	routes: RunRoutes,
	service: ChatService,
	completion: Completion,
): Promise<number | undefined> {
	if (!routes.budget) return undefined;
	if (completion.usage.cost !== null) {
		routes.budget.add(completion.usage.cost);
		return undefined;
	}
	const tokenPrice = await routes.prices?.priceOf(service, completion.model);
	if (!tokenPrice) {
		routes.budget.add(null);
		return undefined;
	}
	const estimate = estimateCost(completion.usage, tokenPrice);
	routes.budget.add(estimate, true);
	return estimate;
}

function sumOf(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

function addUsage(total: Usage, next: Usage): Usage {
	const costs = [total.cost, next.cost].filter((cost): cost is number => cost !== null);
	// OpenRouter BYOK: both parts of the cost add up over the repair turns too.
	const openRouterCost = sumOf(total.openRouterCost, next.openRouterCost);
	const upstreamCost = sumOf(total.upstreamCost, next.upstreamCost);
	return {
		...(openRouterCost !== undefined ? { openRouterCost } : {}),
		...(upstreamCost !== undefined ? { upstreamCost } : {}),
		promptTokens: total.promptTokens + next.promptTokens,
		completionTokens: total.completionTokens + next.completionTokens,
		totalTokens: total.totalTokens + next.totalTokens,
		reasoningTokens: total.reasoningTokens + next.reasoningTokens,
		cachedTokens: total.cachedTokens + next.cachedTokens,
		cost: costs.length ? costs.reduce((sum, cost) => sum + cost, 0) : null,
	};
}

function schemaCheck(answer: string): { value?: unknown; violations: SchemaViolation[] } {
	const parsed = parseJsonAnswer(answer);
	if (!parsed.ok) {
		return {
			violations: [
				{ path: '$', rule: 'json', message: `$: the answer is not JSON (${parsed.problem})` },
			],
		};
	}
	return { value: parsed.value, violations: [] };
}

/**
 * One item from request to output: the primary provider (with its retries), the fallback when
 * the primary gave up for the provider's own trouble, then for Output Format "JSON Schema" the
 * check of the answer and up to `schemaRepairs` repair turns to the provider that answered. Every
 * answer's cost is counted against the run's budget as it arrives, and no request (fallback or
 * repair included) starts once the budget is spent.
 */
export async function answerItem(
	routes: RunRoutes,
	plan: ItemPlan,
	request: ChatRequest,
	limits: RequestLimits,
	canFallBack: () => boolean,
): Promise<ItemAnswer> {
	const { primary, budget } = routes;
	const itemIndex = plan.itemIndex;
	const stopping = () => routes.stopping?.() === true;
	if (stopping())
		return { ok: false, message: 'The run stopped before this item was sent', canceled: true };
	if (budget?.exhausted)
		return { ok: false, message: budget.stopMessage(itemIndex, primary.provider.name) };

	const guarded: RequestLimits = budget
		? {
				...limits,
				policy: {
					...limits.policy,
					canRetry: () => !budget.exhausted && limits.policy.canRetry?.() !== false,
				},
			}
		: limits;
	const routed: RoutedOutcome = await completeWithFallback(
		routes.ctx,
		primary,
		routes.fallback,
		request,
		guarded,
		itemIndex,
		{
			mayFallBack: () => !budget?.exhausted && !stopping() && canFallBack(),
			log: (message) => routes.ctx.logger.info(message),
		},
	);
	if (!routed.ok) {
		return {
			ok: false,
			failure: routed.failure,
			message: routed.message,
			canceled: routed.failure.kind === 'canceled',
		};
	}

	let completion = routed.completion;
	let body = routed.body;
	let usage = { ...completion.usage };
	// Requests sent for this item: the primary's, the fallback's and the repair turns'.
	let attempts = routed.attempts;
	let estimated = await countCost(routes, routed.service, completion);
	const schema = request.jsonSchema;
	// The JSON check below replaces buildOutput's plain JSON parsing in schema mode.
	const outputPlan = schema ? { ...plan, request: { ...plan.request, jsonOutput: false } } : plan;

	let repairs = 0;
	let value: unknown;
	let turns = routed.request.messages;
	for (;;) {
		if (!schema) break;
		const check = schemaCheck(completion.answer);
		if (!check.violations.length) {
			value = check.value;
			const fits = validateAgainstSchema(value, schema.schema);
			if (!fits.length) break;
			check.violations.push(...fits);
		}
		if (repairs >= plan.schemaRepairs || budget?.exhausted) {
			const why =
				budget?.exhausted && repairs < plan.schemaRepairs
					? ' (no repair: the Max Cost is reached)'
					: '';
			return {
				ok: false,
				message: `${routed.provider.name} answered item ${itemIndex}, but the answer breaks the JSON Schema after ${repairs} repair(s)${why}: ${listViolations(check.violations)}. Describe the fields in the prompt, make the schema easier to meet, or raise Schema Repairs.`,
			};
		}
		// The run failed or was stopped meanwhile: the repair would not be used.
		if (stopping())
			return { ok: false, message: 'The run stopped before the repair', canceled: true };
		repairs++;
		turns = [...turns, routed.provider.historyMessage(completion), repairMessage(check.violations)];
		const repaired = await completeChat(
			routes.ctx,
			routed.service,
			{ ...routed.request, messages: turns, stream: false },
			guarded,
			itemIndex,
		);
		if (!repaired.ok) {
			return {
				ok: false,
				failure: repaired.failure,
				message: `${repaired.message} (while repairing an answer that broke the JSON Schema)`,
				canceled: repaired.failure.kind === 'canceled',
			};
		}
		completion = repaired.completion;
		body = repaired.body;
		attempts += repaired.attempts;
		usage = addUsage(usage, completion.usage);
		const more = await countCost(routes, routed.service, completion);
		if (more !== undefined) estimated = (estimated ?? 0) + more;
	}

	const output = buildOutput(routed.provider, outputPlan, { ...completion, usage }, body, attempts);
	if (!output.ok) return { ok: false, message: output.message };
	const json = output.json;
	if (schema) {
		json.answerJson = value as IDataObject;
		if (repairs) json.schemaRepairs = repairs;
	}
	if (estimated !== undefined) {
		(json.usage as IDataObject).estimatedCost = estimated;
		json.costNote =
			'usage.estimatedCost is an estimate from the model list prices: the provider reported no cost for this answer';
	}
	if (routed.fallback) json.fallback = { ...routed.fallback };
	return { ok: true, json };
}

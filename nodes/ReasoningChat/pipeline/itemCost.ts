import type { FailedAttemptsCost } from '../../shared/billing';
import { addedBilling } from '../../shared/billing';
import { estimateCost } from '../../shared/budget/pricing';
import type { ChatService } from '../../shared/chatService';
import type { Completion, Usage } from '../../shared/types';
import type { RunRoutes } from './answerItem';

// What one item's requests cost: counted against the run's budget, and added up over turns.

/** Counts an answer's cost against the budget; estimates it from listed prices when missing. */
export async function countCost(
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

export function addUsage(total: Usage, next: Usage): Usage {
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
		...addedBilling(total, next),
	};
}

/** Failed attempts cost money too: the known part counts against the budget. */
export function countFailed(routes: RunRoutes, failed: FailedAttemptsCost): void {
	if (failed.known) routes.budget?.add(failed.cost);
}

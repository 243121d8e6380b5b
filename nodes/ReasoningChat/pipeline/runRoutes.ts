import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ChatService } from '../../shared/chatService';
import { canCountCost, PriceBook } from '../../shared/budget/pricing';
import { formatUsd, RunBudget } from '../../shared/budget/runBudget';
import { readFallback } from '../../shared/fallback/readFallback';
import type { RunRoutes } from './answerItem';
import { readOptions } from './readItem';

/**
 * Max Cost is one value for the run, read from the first item like Concurrency. When item 0's
 * options cannot be read (an expression that fails: item 0 is already an error of its own), the
 * next item whose options can be read sets it, so that a cap is never dropped silently.
 */
function runMaxCost(ctx: IExecuteFunctions): number | undefined {
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			return readOptions(ctx, itemIndex).maxCost;
		} catch {
			continue;
		}
	}
	return undefined;
}

/**
 * The run-wide settings read once, from the first item like Concurrency: the fallback provider
 * (with its own credential and limiter) and the budget. What cannot work stops the run before
 * any request: a fallback that is misconfigured, or a budget on a provider that neither reports
 * costs nor lists prices (the cap could not be honoured, so nothing is sent).
 */
export async function readRunRoutes(
	ctx: IExecuteFunctions,
	primary: ChatService,
	concurrency: number,
): Promise<RunRoutes> {
	const node = ctx.getNode();
	const fallback = await readFallback(ctx, primary.provider, concurrency);
	if (!fallback.ok) {
		throw new NodeOperationError(
			node,
			`${primary.provider.name}: ${fallback.problem}. ${fallback.fix}`,
			{
				itemIndex: 0,
			},
		);
	}
	const routes: RunRoutes = {
		ctx,
		primary,
		...(fallback.route ? { fallback: fallback.route } : {}),
	};

	const maxCost = runMaxCost(ctx);
	if (typeof maxCost !== 'number' || !(maxCost > 0)) return routes;
	for (const service of [primary, fallback.route?.service]) {
		if (service && !canCountCost(service.provider.id)) {
			throw new NodeOperationError(
				node,
				`Item 0 (${service.provider.name}): Max Cost ${formatUsd(maxCost)} cannot be honoured: ${service.provider.name} reports no cost for its answers and lists no prices, so nothing was sent. Remove Max Cost, or use a provider that reports its costs.`,
				{ itemIndex: 0 },
			);
		}
	}
	return { ...routes, budget: new RunBudget(maxCost), prices: new PriceBook(ctx) };
}

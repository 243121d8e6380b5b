import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createChatService } from '../../shared/chatService';
import { failureError } from '../../shared/errors/nodeError';
import { secretsOf } from '../../shared/errors/redact';
import { runPool } from '../../shared/pool';
import { getProvider } from '../../shared/providers';
import { DEFAULTS } from '../description/optionsCollection';
import { answerItem } from './answerItem';
import type { ItemError } from './itemErrors';
import { planOrError, unexpectedError } from './itemErrors';
import type { ItemPlan } from './readItem';
import { readOptions } from './readItem';
import { respondsAsStream, ResponseStream } from './responseStream';
import { readRunRoutes } from './runRoutes';
import { runsAsTool, toolResult } from './toolResult';

/**
 * Concurrency is one value for the whole batch, read from the first item. When that value is
 * invalid or its expression fails to resolve, item 0 is already an error of its own (its plan
 * reads the same options); the batch then runs at the default concurrency.
 */
function batchConcurrency(ctx: IExecuteFunctions): number {
	let configured: unknown;
	try {
		configured = readOptions(ctx, 0).concurrency;
	} catch {
		return DEFAULTS.concurrency;
	}
	return Number.isInteger(configured) &&
		(configured as number) >= 1 &&
		(configured as number) <= 100
		? (configured as number)
		: DEFAULTS.concurrency;
}

/**
 * The node's item loop: reads and checks every item first (a bad item fails before anything is
 * sent), then sends them through one shared request gate, several at a time, and writes each
 * result at its input position with its pairedItem. Under "On Error: Continue" a failed item
 * becomes `{error}` in its place; otherwise the first failure (by item order) stops the run
 * once the requests already in flight have finished.
 */
export async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const provider = getProvider(this.getNodeParameter('provider', 0) as string);
	const credentials = await this.getCredentials(provider.credentialType);
	const secrets = secretsOf(credentials);
	const continueOnFail = this.continueOnFail();
	const signal = this.getExecutionCancelSignal?.();

	const plans: Array<ItemPlan | ItemError | undefined> = items.map((_, itemIndex) =>
		planOrError(this, provider, itemIndex, secrets),
	);
	if (!continueOnFail) {
		const invalid = plans.find((plan): plan is ItemError => !!plan && !('request' in plan));
		if (invalid) throw invalid;
	}

	const concurrency = batchConcurrency(this);
	const service = createChatService(this, provider, credentials, concurrency);
	// Fallback provider, budget and prices: a setting that cannot work fails the run up front.
	const routes = await readRunRoutes(this, service, concurrency);

	const asTool = runsAsTool(this);
	const streamingResponse = respondsAsStream(this);
	const results: INodeExecutionData[] = new Array(items.length);
	let firstError: { itemIndex: number; error: ItemError } | undefined;
	const fail = (itemIndex: number, error: ItemError) => {
		if (continueOnFail) {
			results[itemIndex] = { json: { error: error.message }, pairedItem: { item: itemIndex } };
		} else if (!firstError || itemIndex < firstError.itemIndex) {
			firstError = { itemIndex, error };
		}
	};

	const stopping = () => !!firstError || !!signal?.aborted;

	// No fallback or schema repair starts once the run is stopping either (answerItem.ts).
	routes.stopping = stopping;

	const answerOne = async (itemIndex: number, plan: ItemPlan) => {
		const response =
			streamingResponse && plan.streamResponse ? new ResponseStream(this, itemIndex) : undefined;
		const request = response ? { ...plan.request, stream: true } : plan.request;
		let outcome: Awaited<ReturnType<typeof answerItem>>;
		try {
			outcome = await answerItem(
				routes,
				plan,
				request,
				{
					timeoutMs: plan.timeoutMs,
					// Without streaming the answer arrives in one piece at the end: only the total counts.
					idleTimeoutMs: request.stream ? plan.idleTimeoutMs : plan.timeoutMs,
					// No retry once part of the answer was passed on, nor once the run is stopping.
					policy: { ...plan.policy, canRetry: () => !response?.sentAny && !stopping() },
					onChunk: response?.onChunk,
				},
				// Nor a fallback: its answer would follow the part already passed on.
				() => !response?.sentAny,
			);
		} finally {
			response?.finish();
		}
		if (outcome.ok) {
			const json = asTool ? toolResult(outcome.json, plan.toolOutput) : outcome.json;
			results[itemIndex] = { json, pairedItem: { item: itemIndex } };
			return;
		}
		// A retryable failure that was not retried because the run is stopping is not the reason
		// it stopped.
		const cutShort = !!firstError && !!outcome.failure?.retryable;
		if (outcome.canceled || cutShort) return;
		fail(
			itemIndex,
			outcome.failure
				? failureError(this.getNode(), outcome.failure, outcome.message, itemIndex)
				: new NodeOperationError(this.getNode(), outcome.message, { itemIndex }),
		);
	};

	await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			const plan = plans[itemIndex];
			plans[itemIndex] = undefined; // keep memory flat over long batches
			if (!plan || !('request' in plan)) {
				if (plan) fail(itemIndex, plan);
				return;
			}
			try {
				await answerOne(itemIndex, plan);
			} catch (error) {
				// The per-item guard: whatever goes wrong with one item is that item's error (under
				// "Continue") or stops the run once the requests in flight have finished.
				fail(itemIndex, unexpectedError(this, provider, itemIndex, error, secrets));
			}
		},
		stopping,
	);

	if (signal?.aborted) {
		throw new NodeOperationError(
			this.getNode(),
			'The execution was canceled before every item was answered',
		);
	}
	if (firstError) throw firstError.error;
	return results;
}

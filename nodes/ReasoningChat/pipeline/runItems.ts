import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createChatService } from '../../shared/chatService';
import type { Failure } from '../../shared/errors/failure';
import { redactSecrets } from '../../shared/errors/redact';
import { runPool } from '../../shared/pool';
import { getProvider } from '../../shared/providers';
import type { ProviderAdapter } from '../../shared/providers';
import { DEFAULTS } from '../description/optionsCollection';
import { answerItem } from './answerItem';
import type { ItemPlan } from './readItem';
import { invalidItem, readItem, readOptions } from './readItem';
import { respondsAsStream, ResponseStream } from './responseStream';
import { readRunRoutes } from './runRoutes';
import { runsAsTool, toolResult } from './toolResult';

type ItemError = NodeApiError | NodeOperationError;

function planOrError(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
	secrets: readonly string[],
): ItemPlan | ItemError {
	try {
		return readItem(ctx, provider, itemIndex);
	} catch (error) {
		if (error instanceof NodeOperationError) return error;
		// An expression that fails to resolve, for example.
		const message = redactSecrets((error as Error).message ?? String(error), secrets);
		return invalidItem(
			ctx,
			provider,
			itemIndex,
			message,
			'Check the parameters and expressions of this node.',
		);
	}
}

function failureError(
	ctx: IExecuteFunctions,
	failure: Failure,
	message: string,
	itemIndex: number,
): ItemError {
	if ((failure.kind === 'http' || failure.kind === 'inBody') && failure.status) {
		// Built from our own words only: the axios error behind it carries the request headers.
		return new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: String(failure.status) } as JsonObject,
			{
				message,
				httpCode: String(failure.status),
				itemIndex,
			},
		);
	}
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
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
	const secrets = [String(credentials.apiKey ?? '')].filter(Boolean);
	const continueOnFail = this.continueOnFail();
	const signal = this.getExecutionCancelSignal?.();

	const plans: Array<ItemPlan | ItemError | undefined> = items.map((_, itemIndex) =>
		planOrError(this, provider, itemIndex, secrets),
	);
	if (!continueOnFail) {
		const invalid = plans.find((plan): plan is ItemError => !!plan && !('request' in plan));
		if (invalid) throw invalid;
	}

	// Read once for the batch, from the first item. An invalid value there has already made that
	// item an error (under "Continue"); the batch then runs at the default rather than at 0.
	const configured = readOptions(this, 0).concurrency;
	const concurrency =
		Number.isInteger(configured) && (configured as number) >= 1 && (configured as number) <= 100
			? (configured as number)
			: DEFAULTS.concurrency;
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
			const response =
				streamingResponse && plan.streamResponse ? new ResponseStream(this, itemIndex) : undefined;
			const request = response ? { ...plan.request, stream: true } : plan.request;
			const outcome = await answerItem(
				routes,
				plan,
				request,
				{
					timeoutMs: plan.timeoutMs,
					// Without streaming the answer arrives in one piece at the end: only the total counts.
					idleTimeoutMs: request.stream ? plan.idleTimeoutMs : plan.timeoutMs,
					policy: { ...plan.policy, canRetry: () => !response?.sentAny },
					onChunk: response?.onChunk,
				},
				() => !response?.sentAny,
			);
			response?.finish();
			if (outcome.ok) {
				const json = asTool ? toolResult(outcome.json, plan.toolOutput) : outcome.json;
				results[itemIndex] = { json, pairedItem: { item: itemIndex } };
			} else if (!outcome.canceled) {
				const error = outcome.failure
					? failureError(this, outcome.failure, outcome.message, itemIndex)
					: new NodeOperationError(this.getNode(), outcome.message, { itemIndex });
				fail(itemIndex, error);
			}
		},
		() => !!firstError || !!signal?.aborted,
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

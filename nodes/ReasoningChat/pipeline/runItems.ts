import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { completeChat, createChatService } from '../../shared/chatService';
import { failureError } from '../../shared/errors/nodeError';
import { redactSecrets, secretsOf } from '../../shared/errors/redact';
import { runPool } from '../../shared/pool';
import { getProvider } from '../../shared/providers';
import type { ProviderAdapter } from '../../shared/providers';
import { DEFAULTS } from '../description/optionsCollection';
import { buildOutput } from './buildOutput';
import type { ItemPlan } from './readItem';
import { invalidItem, readItem, readOptions } from './readItem';
import { respondsAsStream, ResponseStream } from './responseStream';
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

	// Read once for the batch, from the first item. An invalid value there has already made that
	// item an error (under "Continue"); the batch then runs at the default rather than at 0.
	const configured = readOptions(this, 0).concurrency;
	const concurrency =
		Number.isInteger(configured) && (configured as number) >= 1 && (configured as number) <= 100
			? (configured as number)
			: DEFAULTS.concurrency;
	const service = createChatService(this, provider, credentials, concurrency);

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
			const outcome = await completeChat(
				this,
				service,
				request,
				{
					timeoutMs: plan.timeoutMs,
					// Without streaming the answer arrives in one piece at the end: only the total counts.
					idleTimeoutMs: request.stream ? plan.idleTimeoutMs : plan.timeoutMs,
					policy: { ...plan.policy, canRetry: () => !response?.sentAny },
					onChunk: response?.onChunk,
				},
				itemIndex,
			);
			response?.finish();
			if (!outcome.ok) {
				if (outcome.failure.kind !== 'canceled') {
					fail(
						itemIndex,
						failureError(this.getNode(), outcome.failure, outcome.message, itemIndex),
					);
				}
				return;
			}
			const output = buildOutput(provider, plan, outcome.completion, outcome.body);
			if (output.ok) {
				const json = asTool ? toolResult(output.json, plan.toolOutput) : output.json;
				results[itemIndex] = { json, pairedItem: { item: itemIndex } };
			} else {
				fail(itemIndex, new NodeOperationError(this.getNode(), output.message, { itemIndex }));
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

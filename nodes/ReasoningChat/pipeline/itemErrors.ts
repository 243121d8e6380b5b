import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactSecrets } from '../../shared/errors/redact';
import type { ProviderAdapter } from '../../shared/providers';
import type { ItemPlan } from './readItem';
import { invalidItem, readItem } from './readItem';

/** The ways one item can fail, each as an error that names the item and says what to do. */

export type ItemError = NodeApiError | NodeOperationError;

export function planOrError(
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

/** An exception from processing one item, as that item's error in plain words. */
export function unexpectedError(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
	error: unknown,
	secrets: readonly string[],
): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
	return invalidItem(
		ctx,
		provider,
		itemIndex,
		`the answer could not be processed (${message})`,
		'Run the item again; if it keeps happening, turn on Include Raw Response and report the answer shape.',
	);
}

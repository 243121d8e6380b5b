import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Failure } from './failure';

/**
 * The error a failed request becomes: NodeApiError (with the HTTP status) when the provider
 * answered, NodeOperationError otherwise. The message is the shared, user-facing one (provider,
 * status, what the provider said, what to do; keys redacted). It is built from those words only:
 * the transport's underlying error carries the request headers. The sub-node passes
 * `configuration-node`, so that n8n shows the error on it, as its own model nodes do.
 */
export function failureError(
	node: INode,
	failure: Failure,
	message: string,
	itemIndex: number,
	functionality?: 'configuration-node',
): NodeApiError | NodeOperationError {
	const where = functionality ? { itemIndex, functionality } : { itemIndex };
	if ((failure.kind === 'http' || failure.kind === 'inBody') && failure.status) {
		const httpCode = String(failure.status);
		return new NodeApiError(node, { message, httpCode } as JsonObject, {
			message,
			httpCode,
			...where,
		});
	}
	return new NodeOperationError(node, message, where);
}

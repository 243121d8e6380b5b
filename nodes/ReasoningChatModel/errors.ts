import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Failure } from '../shared/errors/failure';

/**
 * The error a failed request becomes: NodeApiError (with the HTTP status) when the provider
 * answered, NodeOperationError otherwise. The message is the shared, user-facing one (provider,
 * status, what the provider said, what to do; keys redacted). It is built from those words only:
 * the transport's underlying error carries the request headers. `configuration-node` makes n8n
 * show it on this sub-node, as its own model nodes do.
 */
export function failureError(
	node: INode,
	failure: Failure,
	message: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if ((failure.kind === 'http' || failure.kind === 'inBody') && failure.status) {
		const httpCode = String(failure.status);
		return new NodeApiError(node, { message, httpCode } as JsonObject, {
			message,
			httpCode,
			itemIndex,
			functionality: 'configuration-node',
		});
	}
	return new NodeOperationError(node, message, { itemIndex, functionality: 'configuration-node' });
}

export function modelError(node: INode, message: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, functionality: 'configuration-node' });
}

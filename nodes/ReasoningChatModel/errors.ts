import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Failure } from '../shared/errors/failure';
import { failureError } from '../shared/errors/nodeError';

/** A failed model call, shown on this sub-node (`configuration-node`) as n8n's own models do. */
export function modelFailureError(
	node: INode,
	failure: Failure,
	message: string,
	itemIndex: number,
) {
	return failureError(node, failure, message, itemIndex, 'configuration-node');
}

export function modelError(node: INode, message: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, message, { itemIndex, functionality: 'configuration-node' });
}

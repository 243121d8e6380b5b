import type { IConnections, INode, INodeCredentials, INodeParameters } from 'n8n-workflow';

import { FIXED_ITEMS_TYPE, MANUAL_TRIGGER_TYPE } from './stand-in-nodes';

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	/** Credential type names (`['reasoningAimlApi']`), or n8n's `{ type: { id, name } }` form. */
	credentials?: string[] | INodeCredentials;
	onError?: INode['onError'];
	continueOnFail?: boolean;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	disabled?: boolean;
}

function toNodeCredentials(credentials: NodeSpec['credentials']): INodeCredentials | undefined {
	if (credentials === undefined) return undefined;
	if (!Array.isArray(credentials)) return credentials;
	return Object.fromEntries(
		credentials.map((type) => [type, { id: `${type}-id`, name: `${type} (test)` }]),
	);
}

/** One INode with an id and a position; optional fields are only set when given. */
export function buildNode(spec: NodeSpec, index = 0): INode {
	const { name, type, typeVersion, parameters, credentials, ...rest } = spec;
	const node: INode = {
		id: `node-${index + 1}`,
		name,
		type,
		typeVersion: typeVersion ?? 1,
		position: [index * 220, 0],
		parameters: parameters ?? {},
	};
	const nodeCredentials = toNodeCredentials(credentials);
	if (nodeCredentials) node.credentials = nodeCredentials;
	for (const [key, value] of Object.entries(rest)) {
		if (value !== undefined) (node as unknown as Record<string, unknown>)[key] = value;
	}
	return node;
}

/** Chains the nodes in order through their main output 0 → main input 0. */
export function linearWorkflow(specs: NodeSpec[]): { nodes: INode[]; connections: IConnections } {
	const nodes = specs.map((spec, index) => buildNode(spec, index));
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { nodes, connections };
}

/** Adds a connection `from[outputIndex] → to[0]` (e.g. a node's error output, index 1). */
export function connect(
	connections: IConnections,
	from: string,
	to: string,
	outputIndex = 0,
): IConnections {
	const main = (connections[from] ??= { main: [] }).main;
	while (main.length <= outputIndex) main.push([]);
	(main[outputIndex] ??= []).push({ node: to, type: 'main', index: 0 });
	return connections;
}

/** Spec of a manual trigger, for the head of a linearWorkflow. */
export function manualTrigger(name = 'Trigger'): NodeSpec {
	return { name, type: MANUAL_TRIGGER_TYPE };
}

/** Spec of a `test.fixedItems` node outputting one item per element of `items`. */
export function fixedItems(items: object[], name = 'Items'): NodeSpec {
	return { name, type: FIXED_ITEMS_TYPE, parameters: { items: JSON.stringify(items) } };
}

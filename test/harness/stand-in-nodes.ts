// Tiny stand-ins for the n8n-nodes-base nodes a workflow test needs, so the harness never has to
// install n8n-nodes-base. Registered by default in the engine (see engine.ts).
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';
export const FIXED_ITEMS_TYPE = 'test.fixedItems';
export const COLLECT_TYPE = 'test.collect';

/** Same contract as n8n-nodes-base's: in manual mode it emits one empty item. */
export class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Outputs the JSON array in parameter `items` (string or array), one item per element, each paired
 * with input item 0 (it is meant to follow the manual trigger's single item).
 */
export class FixedItemsStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixed Items (test)',
		name: FIXED_ITEMS_TYPE,
		group: ['transform'],
		usableAsTool: true,
		version: 1,
		description: 'Outputs a fixed list of items',
		defaults: { name: 'Fixed Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]') as unknown;
		const list = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
		if (!Array.isArray(list)) {
			throw new NodeOperationError(this.getNode(), 'Parameter "items" must be a JSON array');
		}
		return [
			list.map((json) => ({
				json: (json ?? {}) as IDataObject,
				pairedItem: { item: 0 },
			})),
		];
	}
}

/** Passes its input through unchanged; a convenient sink to read items from. */
export class CollectStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Collect (test)',
		name: COLLECT_TYPE,
		group: ['transform'],
		usableAsTool: true,
		version: 1,
		description: 'Passes items through',
		defaults: { name: 'Collect' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, i) => ({ ...item, pairedItem: { item: i } }))];
	}
}

/** Only its description is used: the credential test borrows it, as n8n's CredentialsTester does. */
export class NoOpStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: NO_OP_TYPE,
		group: ['organization'],
		usableAsTool: true,
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export function builtInNodeTypes(): Record<string, INodeType> {
	return {
		[MANUAL_TRIGGER_TYPE]: new ManualTriggerStandIn(),
		[NO_OP_TYPE]: new NoOpStandIn(),
		[FIXED_ITEMS_TYPE]: new FixedItemsStandIn(),
		[COLLECT_TYPE]: new CollectStandIn(),
	};
}

// Runs whole workflows in-process with n8n-core's WorkflowExecute and ExecutionLifecycleHooks: a
// Workflow built from workflow JSON, the real node classes, and their real
// httpRequestWithAuthentication (axios) against the local mock. It covers items, pairing, errors,
// onError and cancel; not the editor, REST, credential encryption or loading from dist/ (the e2e
// tests do those). n8n-core and n8n-workflow are pinned exactly: a second n8n-workflow copy would
// break its `instanceof` checks. No DI registrations: n8n-core builds its
// services from the env set in test/setup-env.js. Do not import `@n8n/di` here: the top-level copy
// is not the one n8n-core uses.
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- cancelAfterMs needs a timer */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ExecutionError,
	type ExecutionStatus,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IPinData,
	type IRun,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import { HarnessCredentialsHelper, type CredentialTypesInput } from './credentials';
import { HarnessNodeTypes } from './node-types';
import { builtInNodeTypes } from './stand-in-nodes';

/** Workflow JSON as exported by n8n (only the fields the engine needs). */
export interface WorkflowDefinition {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

export interface RunWorkflowOptions {
	/** Nodes and connections directly (a spread workflow JSON works too)... */
	nodes?: INode[];
	connections?: IConnections;
	/** ...or a whole workflow JSON object. */
	workflow?: WorkflowDefinition;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	/** Merged over the built-in stand-ins (manualTrigger, noOp, test.fixedItems, test.collect). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** Plain credential data keyed by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Credential classes (map by type name, or an array), for defaults and `authenticate`. */
	credentialTypes?: CredentialTypesInput;
	/** Cancel the execution this many ms after it starts. */
	cancelAfterMs?: number;
	mode?: 'manual';
	/** Escape hatch: add your own lifecycle hook handlers. */
	onHooks?: (hooks: ExecutionLifecycleHooks) => void;
	/** As n8n sets it when a Chat Trigger or Webhook streams its response (see isStreaming()). */
	streamingEnabled?: boolean;
}

export interface WorkflowRunResult {
	run: IRun;
	status: ExecutionStatus;
	/** Node names in the order they finished (from the `nodeExecuteAfter` hook). */
	executedNodes: string[];
	/** Items of a node's output (last run unless runIndex given). Throws if the node never ran. */
	items(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The task data of a node's run (last run unless runIndex given), or undefined. */
	taskData(nodeName: string, runIndex?: number): ITaskData | undefined;
	/** The execution's error (`run.data.resultData.error`), e.g. a NodeApiError. */
	error?: ExecutionError;
	/** The error recorded on a node's run, if any. */
	nodeError(nodeName: string, runIndex?: number): ExecutionError | undefined;
	/** Cancels the execution (a no-op once it has finished). */
	cancel(): void;
	credentialsHelper: HarnessCredentialsHelper;
}

export interface WorkflowHandle {
	/** n8n-core's PCancelable; cancelling resolves it with status 'canceled'. */
	execution: ReturnType<WorkflowExecute['run']>;
	cancel(): void;
	/** Resolves when the named node starts executing (its `nodeExecuteBefore` hook). */
	nodeStarted(nodeName: string): Promise<void>;
	result: Promise<WorkflowRunResult>;
	workflow: Workflow;
}

function resolveDefinition(options: RunWorkflowOptions): WorkflowDefinition {
	const definition = options.workflow ?? {
		nodes: options.nodes ?? [],
		connections: options.connections ?? {},
	};
	if (definition.nodes.length === 0) throw new Error('runWorkflow: no nodes given');
	return {
		...definition,
		settings: { executionOrder: 'v1', ...definition.settings, ...options.settings },
		pinData: options.pinData ?? definition.pinData,
	};
}

/** Starts a workflow and returns at once, so a test can cancel it at any moment. */
export function startWorkflow(options: RunWorkflowOptions): WorkflowHandle {
	const definition = resolveDefinition(options);
	const mode = options.mode ?? 'manual';
	const executionId = nextExecutionId();
	const nodeTypes = new HarnessNodeTypes({ ...builtInNodeTypes(), ...options.nodeTypes });
	const credentialsHelper = new HarnessCredentialsHelper(
		options.credentials,
		options.credentialTypes,
	);

	const workflow = new Workflow({
		id: 'harness-workflow',
		name: definition.name ?? 'Harness workflow',
		nodes: definition.nodes,
		connections: definition.connections,
		settings: definition.settings,
		pinData: definition.pinData,
		active: false,
		nodeTypes,
	});

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes: definition.nodes,
		connections: definition.connections,
		settings: definition.settings,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase);
	const executedNodes: string[] = [];
	const started = new Map<string, () => void>();
	const startedPromises = new Map<string, Promise<void>>();
	const nodeStarted = (nodeName: string) => {
		let promise = startedPromises.get(nodeName);
		if (promise === undefined) {
			promise = new Promise<void>((resolve) => started.set(nodeName, resolve));
			startedPromises.set(nodeName, promise);
		}
		return promise;
	};
	hooks.addHandler('nodeExecuteBefore', (nodeName) => {
		void nodeStarted(nodeName);
		started.get(nodeName)?.();
	});
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});
	options.onHooks?.(hooks);

	const additionalData = createAdditionalData({ credentialsHelper, executionId, hooks });
	if (options.streamingEnabled) additionalData.streamingEnabled = true;
	const execution = new WorkflowExecute(additionalData, mode).run({ workflow });
	const cancel = () => execution.cancel();

	const timer =
		options.cancelAfterMs === undefined ? undefined : setTimeout(cancel, options.cancelAfterMs);

	const result = execution
		.then((run) => toResult(run, executedNodes, cancel, credentialsHelper))
		.finally(() => {
			if (timer !== undefined) clearTimeout(timer);
		});

	return { execution, cancel, nodeStarted, result, workflow };
}

/** Runs a workflow to the end (or until `cancelAfterMs`) and returns its result. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	return await startWorkflow(options).result;
}

function toResult(
	run: IRun,
	executedNodes: string[],
	cancel: () => void,
	credentialsHelper: HarnessCredentialsHelper,
): WorkflowRunResult {
	const { runData } = run.data.resultData;
	const taskData = (nodeName: string, runIndex?: number) => {
		const runs = runData[nodeName];
		if (runs === undefined || runs.length === 0) return undefined;
		return runs[runIndex ?? runs.length - 1];
	};
	return {
		run,
		status: run.status,
		executedNodes,
		taskData,
		items(nodeName, outputIndex = 0, runIndex) {
			const task = taskData(nodeName, runIndex);
			if (task === undefined) {
				throw new Error(
					`Node "${nodeName}" did not run (status ${run.status}); ran: ${Object.keys(runData).join(', ') || 'none'}`,
				);
			}
			return task.data?.main?.[outputIndex] ?? [];
		},
		error: run.data.resultData.error,
		nodeError: (nodeName, runIndex) => taskData(nodeName, runIndex)?.error,
		cancel,
		credentialsHelper,
	};
}

// In-process workflow test harness: whole workflows run by n8n-core's WorkflowExecute in jest.
export {
	runWorkflow,
	startWorkflow,
	type RunWorkflowOptions,
	type WorkflowDefinition,
	type WorkflowHandle,
	type WorkflowRunResult,
} from './engine';
export {
	HarnessCredentialsHelper,
	testCredential,
	type CredentialTypesInput,
	type CredentialUpdate,
	type TestCredentialOptions,
} from './credentials';
export { HarnessNodeTypes } from './node-types';
export {
	COLLECT_TYPE,
	FIXED_ITEMS_TYPE,
	MANUAL_TRIGGER_TYPE,
	NO_OP_TYPE,
	builtInNodeTypes,
} from './stand-in-nodes';
export {
	buildNode,
	connect,
	fixedItems,
	linearWorkflow,
	manualTrigger,
	type NodeSpec,
} from './workflow-builder';
export { HARNESS_BASE_URL, createAdditionalData } from './additional-data';
export {
	sendJson,
	startHttpServer,
	type IncomingMessage,
	type ReceivedRequest,
	type ServerResponse,
	type TestHttpServer,
	type TestRequestHandler,
} from './http-server';

import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import type { ExecutionLifecycleHooks } from 'n8n-core';

/**
 * n8n-core builds URLs from these (resume tokens, `$execution.resumeUrl`, ...): they must be
 * absolute, or the first getNodeParameter fails with "Invalid URL, input: '/exec-1'".
 */
export const HARNESS_BASE_URL = 'http://localhost:5678';

let executionCounter = 0;

export function nextExecutionId(): string {
	executionCounter += 1;
	return `harness-exec-${executionCounter}`;
}

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	hooks?: ExecutionLifecycleHooks;
	variables?: Record<string, string>;
}

function unsupported(what: string): never {
	throw new Error(`${what} is not supported by the in-process test harness`);
}

export function createAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const base = HARNESS_BASE_URL;
	const additionalData = {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		userId: 'harness-user',
		workflowId: 'harness-workflow',
		variables: options.variables ?? {},
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: async () => unsupported('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => unsupported('startRunnerTask (Code node task runner)'),
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

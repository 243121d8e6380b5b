// Types for environment.js (plain CommonJS: it spawns processes, which TypeScript files under the
// node lint rules may not do).
import type { ExecutionError, INodeExecutionData, IRunExecutionData, IWorkflowBase } from 'n8n-workflow';

import type { MockProvider, MockRecordedRequest } from '../../mock-provider/server';

export interface CredentialInfo {
	id: string;
	name: string;
	type: string;
	key: string;
}

export interface CredentialSet {
	aiml: CredentialInfo;
	openRouter: CredentialInfo;
	deepSeek: CredentialInfo;
}

/** An execution as GET /rest/executions/:id returns it, with `data` already unflattened. */
export interface FinishedExecution {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
	data: IRunExecutionData;
}

export interface CliRun {
	/** Exit code of `n8n execute --id=... --rawOutput`. */
	code: number | null;
	/** The signal that ended it, when one did (code is then null). */
	signal: string | null;
	/** The last lines of its stderr, for failure messages. */
	stderrTail: string;
	ms: number;
	/** The run JSON found in the JSON log output (test/e2e/README.md, "Running n8n headless"), or null. */
	execution: { status?: string; data: IRunExecutionData } | null;
	/** Requests the mock received during this execution. */
	requests: MockRecordedRequest[];
	/** Raw stdout, for failure messages. */
	output: string;
}

export interface RestResponse {
	status: number;
	body: unknown;
}

export interface N8nRestClient {
	baseUrl: string;
	request(method: string, path: string, body?: unknown): Promise<RestResponse>;
	expectOk(method: string, path: string, body?: unknown): Promise<unknown>;
	getRaw(path: string): Promise<{ status: number; contentType: string; text: string }>;
}

export interface E2eEnvironment {
	mock: MockProvider;
	client: N8nRestClient;
	baseUrl: string;
	runDir: string;
	userFolder: string;
	logFile: string;
	filesDir: string;
	workflows: Map<string, IWorkflowBase>;
	cliRuns: Record<string, CliRun>;
	/** Milliseconds per set-up step. */
	timings: Record<string, number>;
	credentials: CredentialSet;
	badCredentials: CredentialSet;
	packageName: string;
	/** Runs an imported workflow like the editor's "Execute workflow" (from its first trigger). */
	runWorkflow(id: string, triggerName?: string): Promise<FinishedExecution>;
	/**
	 * Publishes (activates) an imported workflow and waits until n8n reports it published, so that
	 * its production webhooks are registered.
	 */
	activateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<IWorkflowBase & { active: boolean; activeVersionId?: string | null }>;
	deactivateWorkflow(id: string, options?: { timeoutMs?: number }): Promise<IWorkflowBase & { active: boolean }>;
	/** Calls `/webhook/<path>` and reads the whole (possibly streamed) response. */
	callWebhook(path: string, options?: WebhookCallOptions): Promise<WebhookResponse>;
	/** The newest execution of a workflow, waited for until finished; undefined when there is none. */
	latestExecution(workflowId: string, options?: { timeoutMs?: number }): Promise<FinishedExecution | undefined>;
	/** Text of a file, path relative to the n8n user folder (n8n's working directory). */
	readFile(relativePath: string): string;
	listFiles(relativeDir: string): string[];
	clearDir(relativeDir: string): void;
	stop(): Promise<void>;
}

export interface WebhookCallOptions {
	/** Default POST. */
	method?: string;
	/** Sent as JSON. */
	body?: unknown;
	headers?: Record<string, string>;
}

export interface WebhookResponse {
	status: number;
	contentType: string;
	/** The whole body. */
	text: string;
	/** Non-empty lines of the body, each with when it arrived (ms after the request was sent). */
	lines: Array<{ line: string; ms: number }>;
	/** Until the body ended. */
	ms: number;
}

export interface E2eOptions {
	/** Workflow ids to run with `n8n execute --rawOutput` before the server starts. */
	cliExecute?: string[];
	/** Workflows to import besides examples/ and test/e2e/workflows/ (e.g. variants of examples). */
	extraWorkflows?: IWorkflowBase[];
	/**
	 * Credentials to import besides the good and bad-key ones of both providers, e.g. for
	 * workflows in test/e2e/workflows/ that use other credential ids or n8n's own credential
	 * types. `data` is stored encrypted by `n8n import:credentials`.
	 */
	extraCredentials?: (mock: MockUrls) => CredentialImport[];
}

export interface MockUrls {
	url: string;
	aimlUrl: string;
	openRouterUrl: string;
	deepSeekUrl: string;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export function startE2eEnvironment(options?: E2eOptions): Promise<E2eEnvironment>;
export function nodeItems(data: IRunExecutionData, nodeName: string, output?: number): INodeExecutionData[];
export function nodeError(data: IRunExecutionData, nodeName: string): ExecutionError | undefined;
export function triggerOf(workflow: IWorkflowBase): string;

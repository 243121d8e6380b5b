// Small helpers shared by the e2e suites for the AI Agent, conversation and streaming tests
// (test/e2e/suites/): running a workflow and recording the mock's side, reading a workflow's node
// parameters, the mock's chat requests and a sub-node's run data.
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import type { MockProviderName, MockRecordedRequest } from '../../mock-provider/server';
import type { CredentialImport, E2eEnvironment, FinishedExecution, MockUrls } from './environment';
import { replayChat } from './mockReplay';
import type { MockReply } from './mockReplay';

export type WireMessage = IDataObject & { role: string; content?: unknown };

export interface ChatBody extends IDataObject {
	model: string;
	messages: WireMessage[];
	stream?: boolean;
	tools?: Array<{ type: string; function: { name: string } }>;
}

/** The chat-completion requests the mock received, in order (optionally of one provider). */
export function chatRequests(requests: MockRecordedRequest[], provider?: MockProviderName): MockRecordedRequest[] {
	return requests.filter(
		(r) =>
			r.method === 'POST' &&
			r.path.includes('/chat/completions') &&
			(provider === undefined || r.provider === provider),
	);
}

export function bodyOf(request: MockRecordedRequest): ChatBody {
	return request.body as ChatBody;
}

/** The assistant messages of a request that carry tool calls (the agent's earlier tool-call turns). */
export function toolCallTurns(body: ChatBody): WireMessage[] {
	return body.messages.filter(
		(m) => m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0,
	);
}

export function firstToolCallId(message: Record<string, unknown> | null | undefined): string | undefined {
	const calls = message?.tool_calls as Array<{ id: string }> | undefined;
	return calls?.[0]?.id;
}

/** Success, shown with the error message when it is not (a readable failure). */
export function expectSuccess(execution: FinishedExecution): void {
	const error = execution.data.resultData.error;
	expect({ status: execution.status, error: error?.message }).toEqual({ status: 'success', error: undefined });
}

/** A node of a workflow, by name. */
export function nodeOf(workflow: IWorkflowBase | undefined, nodeName: string) {
	const node = workflow?.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`workflow ${workflow?.id} has no node "${nodeName}"`);
	return node;
}

/** What an AI sub-node (model or tool) put out in each of its runs, from the execution data. */
export function subNodeOutputs(
	execution: FinishedExecution,
	nodeName: string,
	connection: 'ai_languageModel' | 'ai_tool',
): IDataObject[] {
	const runs = execution.data.resultData.runData[nodeName] ?? [];
	return runs.map((run) => {
		const output = run.data?.[connection]?.[0]?.[0]?.json;
		if (!output) throw new Error(`"${nodeName}" has a run without ${connection} output`);
		return output;
	});
}

/** A workflow run with what the mock saw and answered meanwhile. */
export interface RecordedRun {
	execution: FinishedExecution;
	/** The chat-completion requests the mock received during the run, in order. */
	requests: MockRecordedRequest[];
	/** The mock's answer to each of them (see mockReplay.js). */
	replies: MockReply[];
	/** The mock's answers by HTTP status during the run. */
	byStatus: Record<string, number>;
}

/** Resets the mock, runs the workflow like the editor's "Execute workflow", records the mock's side. */
export async function runRecorded(env: E2eEnvironment, workflowId: string): Promise<RecordedRun> {
	env.mock.reset();
	const execution = await env.runWorkflow(workflowId);
	return {
		execution,
		requests: chatRequests(env.mock.requests),
		replies: replayChat(env.mock.requests),
		byStatus: env.mock.stats().byStatus,
	};
}

/**
 * n8n's own credential types for the built-in chat models of the control workflows
 * (test/e2e/workflows/agent-builtin-*.json, same ids and names), pointed at the mock.
 */
export function builtInModelCredentials(mock: MockUrls): CredentialImport[] {
	return [
		{
			id: 'credDeepSeek0001',
			name: 'DeepSeek (mock, AIML path)',
			type: 'deepSeekApi',
			// DeepSeek's `url` is a hidden field; ChatOpenAI posts to {url}/chat/completions.
			data: { apiKey: 'test-key-aiml', url: `${mock.aimlUrl}/v1` },
		},
		{
			id: 'credOpenRtrBltn1',
			name: 'OpenRouter built-in (mock)',
			type: 'openRouterApi',
			data: { apiKey: 'test-key-openrouter', url: mock.openRouterUrl },
		},
	];
}

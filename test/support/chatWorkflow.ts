import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ReasoningAimlApi } from '../../credentials/ReasoningAimlApi.credentials';
import { ReasoningDeepSeekApi } from '../../credentials/ReasoningDeepSeekApi.credentials';
import { ReasoningOpenRouterApi } from '../../credentials/ReasoningOpenRouterApi.credentials';
import { ReasoningChat } from '../../nodes/ReasoningChat/ReasoningChat.node';
import { PROVIDERS } from '../../nodes/shared/providers';
import type { ExecutionLifecycleHooks } from 'n8n-core';

import type { WorkflowHandle, WorkflowRunResult } from '../harness';
import { fixedItems, linearWorkflow, manualTrigger, runWorkflow, startWorkflow } from '../harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mockModule = require('../mock-provider/server.js') as {
	startMockProvider: (options?: IDataObject) => Promise<MockProvider>;
};

export interface MockStats {
	chatRequests: number;
	completed: number;
	completionOrder: string[];
	byPrompt: Record<string, { attempts: number; successes: number }>;
	byStatus: Record<string, number>;
	rejected429: number;
	errors5xx: number;
	maxConcurrent: number;
	inFlight: number;
	aborted: number;
	keyChecks: number;
}

export interface RecordedRequest {
	provider: 'aiml' | 'openRouter' | 'deepSeek';
	method: string;
	path: string;
	headers: Record<string, string>;
	body: IDataObject;
}

export interface MockProvider {
	url: string;
	aimlUrl: string;
	openRouterUrl: string;
	deepSeekUrl: string;
	configure(config: IDataObject): void;
	reset(): void;
	stats(): MockStats;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export const startMock = async (options?: IDataObject) => await mockModule.startMockProvider(options);

export const KEYS = {
	aimlApi: 'test-key-aiml',
	openRouter: 'test-key-openrouter',
	deepSeek: 'test-key-deepseek',
} as const;

export type ProviderId = keyof typeof KEYS;

/** The mock's base URL for a provider's credential. */
export function mockUrl(mock: MockProvider, provider: ProviderId): string {
	return { aimlApi: mock.aimlUrl, openRouter: mock.openRouterUrl, deepSeek: mock.deepSeekUrl }[provider];
}

/** Every credential type of the package, as n8n registers them. */
export const CREDENTIAL_TYPES = [new ReasoningAimlApi(), new ReasoningDeepSeekApi(), new ReasoningOpenRouterApi()];

export const CHAT_TYPE = 'n8n-nodes-reasoning-chat.reasoningChat';

export interface ChatRunOptions {
	mock: MockProvider;
	provider?: ProviderId;
	prompts: string[];
	/** Node parameters besides provider and prompt (prompt defaults to `={{ $json.prompt }}`). */
	parameters?: IDataObject;
	options?: IDataObject;
	onError?: INode['onError'];
	apiKey?: string;
	/** Node type to run: the tool variant n8n generates is `reasoningChatTool`. */
	nodeType?: string;
	/** Collects what the node streams to a streaming Chat Trigger / Webhook response. */
	onResponseChunk?: (chunk: { type: string; content?: string; metadata: IDataObject }) => void;
}

function workflowFor(run: ChatRunOptions) {
	const provider = run.provider ?? 'aimlApi';
	const credentialType = PROVIDERS[provider].credentialType;
	return {
		...linearWorkflow([
			manualTrigger(),
			fixedItems(run.prompts.map((prompt) => ({ prompt }))),
			{
				name: 'Reasoning Chat',
				type: run.nodeType ?? CHAT_TYPE,
				parameters: {
					provider,
					prompt: '={{ $json.prompt }}',
					options: (run.options ?? {}) as INodeParameters,
					...run.parameters,
				},
				credentials: { [credentialType]: { id: 'cred-1', name: `My ${provider} key` } },
				onError: run.onError,
			},
		]),
		nodeTypes: { [run.nodeType ?? CHAT_TYPE]: nodeTypeFor(run.nodeType ?? CHAT_TYPE) },
		...(run.onResponseChunk
			? {
					streamingEnabled: true,
					onHooks: (hooks: ExecutionLifecycleHooks) =>
						hooks.addHandler('sendChunk', async (chunk) => run.onResponseChunk?.(chunk as never)),
				}
			: {}),
		credentials: {
			[credentialType]: {
				apiKey: run.apiKey ?? KEYS[provider],
				url: mockUrl(run.mock, provider),
			},
		},
		credentialTypes: CREDENTIAL_TYPES,
	};
}

/**
 * The node as n8n registers it: for a `…Tool` type, the variant n8n generates for AI Agents
 * (same class, description renamed), so `@tool` display options and tool mode apply.
 */
function nodeTypeFor(type: string): ReasoningChat {
	const node = new ReasoningChat();
	if (type.endsWith('Tool')) {
		node.description = { ...node.description, name: `${node.description.name}Tool`, displayName: 'Reasoning Chat Tool' };
	}
	return node;
}

/** Runs Trigger → Items(prompts) → Reasoning Chat in-process with n8n-core's engine. */
export async function runChat(run: ChatRunOptions): Promise<WorkflowRunResult> {
	return await runWorkflow(workflowFor(run));
}

export function startChat(run: ChatRunOptions): WorkflowHandle {
	return startWorkflow(workflowFor(run));
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** The chat requests the mock received, in arrival order. */
export const chatRequests = (mock: MockProvider) =>
	mock.requests.filter((request) => request.path.endsWith('/chat/completions'));

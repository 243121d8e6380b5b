// Helpers for the Reasoning Chat Model tests: a fake ISupplyDataFunctions whose
// httpRequestWithAuthentication does real HTTP (node:http) to the mock provider, and the
// LangChain message classes n8n's Agent uses.
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests need node:http and LangChain */
import { request as httpRequest } from 'node:http';

import type {
	IDataObject,
	IHttpRequestOptions,
	INode,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';

import { ReasoningChatModel } from '../../nodes/ReasoningChatModel/ReasoningChatModel.node';
import type { MockProviderStats } from '../mock-provider/server';
import { KEYS, mockUrl, type MockProvider } from './chatWorkflow';

export { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
export type { BaseMessage } from '@langchain/core/messages';

export type ProviderName = 'aimlApi' | 'openRouter' | 'deepSeek';

export const CREDENTIAL_TYPE = {
	aimlApi: 'reasoningAimlApi',
	openRouter: 'reasoningOpenRouterApi',
	deepSeek: 'reasoningDeepSeekApi',
} as const;

export const MODEL_ID = {
	aimlApi: 'deepseek/deepseek-thinking-v3.2-exp',
	openRouter: 'deepseek/deepseek-v3.2-exp',
	deepSeek: 'deepseek-reasoner',
} as const;

export interface FakeContextOptions {
	mock: MockProvider;
	provider?: ProviderName;
	options?: IDataObject;
	model?: string;
	apiKey?: string;
	credentialId?: string;
	signal?: AbortSignal;
	/** Fallback provider (its credential is added, with the mock's valid key). */
	fallbackProvider?: ProviderName;
	fallbackModel?: string;
}

export interface FakeContext {
	ctx: ISupplyDataFunctions;
	/** What N8nLlmTracing wrote to the sub-node's output (the execution log). */
	outputs: unknown[];
	inputs: unknown[];
	warnings: string[];
	debug: string[];
}

/** Real HTTP like n8n's helper with `encoding: 'stream'` + `returnFullResponse` + `ignoreHttpStatusErrors`. */
async function send(options: IHttpRequestOptions, apiKey: string): Promise<IDataObject> {
	return await new Promise((resolve, reject) => {
		const req = httpRequest(
			options.url,
			{
				method: options.method ?? 'GET',
				headers: {
					...(options.headers as Record<string, string>),
					Authorization: `Bearer ${apiKey}`,
				},
			},
			(res) =>
				resolve({
					body: res as unknown as IDataObject,
					headers: res.headers as IDataObject,
					statusCode: res.statusCode ?? 0,
				}),
		);
		req.on('error', reject);
		req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
	});
}

export function fakeSupplyContext(run: FakeContextOptions): FakeContext {
	const provider = run.provider ?? 'aimlApi';
	const credentialType = CREDENTIAL_TYPE[provider];
	const node: INode = {
		id: 'model-node',
		name: 'Reasoning Chat Model',
		type: 'n8n-nodes-reasoning-chat.reasoningChatModel',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType]: { id: run.credentialId ?? `cred-${provider}`, name: `My ${provider} key` },
			...(run.fallbackProvider
				? {
						[CREDENTIAL_TYPE[run.fallbackProvider]]: {
							id: `cred-${run.fallbackProvider}`,
							name: `My ${run.fallbackProvider} key`,
						},
					}
				: {}),
		},
	};
	const parameters: IDataObject = {
		provider,
		model: run.model ?? MODEL_ID[provider],
		options: run.options ?? {},
		...(run.fallbackProvider
			? {
					fallbackProvider: run.fallbackProvider,
					fallbackModel: run.fallbackModel ?? MODEL_ID[run.fallbackProvider],
				}
			: {}),
	};
	/** Key and base URL per credential type: the node's, and the fallback's when there is one. */
	const access = (type: string) => {
		const entry = (Object.keys(CREDENTIAL_TYPE) as ProviderName[]).find(
			(name) =>
				CREDENTIAL_TYPE[name] === type && (name === provider || name === run.fallbackProvider),
		);
		if (!entry) throw new Error(`unexpected credential ${type}`);
		return {
			apiKey: entry === provider ? (run.apiKey ?? KEYS[entry]) : KEYS[entry],
			url: mockUrl(run.mock, entry),
		};
	};
	const outputs: unknown[] = [];
	const inputs: unknown[] = [];
	const warnings: string[] = [];
	const debug: string[] = [];
	let runIndex = 0;
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const path = name.split('.');
			let value: unknown = parameters;
			for (const key of path) value = (value as IDataObject | undefined)?.[key];
			return value ?? fallback;
		},
		getCredentials: async (type: string) => access(type),
		getExecutionCancelSignal: () => run.signal,
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) =>
				await send(options, access(type).apiKey),
		},
		logger: {
			debug: (message: string) => debug.push(message),
			info: () => undefined,
			warn: (message: string) => warnings.push(message),
			error: () => undefined,
		},
		addInputData: (_type: string, data: unknown) => {
			inputs.push(data);
			return { index: runIndex++ };
		},
		addOutputData: (_type: string, _index: number, data: unknown) => outputs.push(data),
		getNextRunIndex: () => runIndex,
		logAiEvent: () => undefined,
		getMode: () => 'manual',
	};
	return { ctx: ctx as unknown as ISupplyDataFunctions, outputs, inputs, warnings, debug };
}

/** The model as n8n's Agent gets it: `supplyData` → the SDK's LangChain adapter. */
export async function suppliedModel(ctx: ISupplyDataFunctions): Promise<LcModel> {
	const supplied: SupplyData = await new ReasoningChatModel().supplyData.call(ctx, 0);
	return supplied.response as LcModel;
}

/** The LangChain chat-model surface the tests use (what the adapter implements). */
export interface LcModel {
	invoke(input: unknown, options?: IDataObject): Promise<LcAiMessage>;
	stream(input: unknown, options?: IDataObject): Promise<AsyncIterable<LcAiMessage>>;
	bindTools(tools: IDataObject[]): LcModel;
}

export interface LcAiMessage {
	content: unknown;
	text: string;
	tool_calls?: Array<{ id?: string; name: string; args: IDataObject }>;
	usage_metadata?: { input_tokens: number; output_tokens: number; total_tokens: number };
	response_metadata: IDataObject;
	concat(other: LcAiMessage): LcAiMessage;
}

/** Two OpenAI-format function tools, as a LangChain `bindTools` call accepts them. */
export const TOOLS: IDataObject[] = [
	{
		type: 'function',
		function: {
			name: 'Calculator_A',
			description: 'Evaluates a math expression',
			parameters: {
				type: 'object',
				properties: { input: { type: 'string' } },
				required: ['input'],
			},
		},
	},
	{
		type: 'function',
		function: {
			name: 'Calculator_B',
			description: 'Evaluates another math expression',
			parameters: {
				type: 'object',
				properties: { input: { type: 'string' } },
				required: ['input'],
			},
		},
	},
];

/** The mock's chat requests (bodies), oldest first. */
export const chatBodies = (mock: MockProvider) =>
	mock.requests
		.filter((request) => request.path.endsWith('/chat/completions'))
		.map((request) => request.body);

/** Chat responses the mock sent, by HTTP status. */
export const statusCounts = (mock: MockProvider): Record<string, number> =>
	(mock.stats() as unknown as MockProviderStats).byStatus;

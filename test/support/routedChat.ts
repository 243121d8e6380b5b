import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ReasoningChat } from '../../nodes/ReasoningChat/ReasoningChat.node';
import type { WorkflowRunResult } from '../harness';
import { fixedItems, linearWorkflow, manualTrigger, runWorkflow } from '../harness';
import type { MockProvider, ProviderId } from './chatWorkflow';
import { CHAT_TYPE, CREDENTIAL_TYPES, KEYS, mockUrl } from './chatWorkflow';

const CREDENTIAL_TYPE: Record<ProviderId, string> = {
	aimlApi: 'reasoningAimlApi',
	deepSeek: 'reasoningDeepSeekApi',
	openRouter: 'reasoningOpenRouterApi',
};

export interface RoutedChatRun {
	mock: MockProvider;
	provider: ProviderId;
	prompts: string[];
	/** Fallback provider (its credential is added to the node and the workflow). */
	fallbackProvider?: ProviderId;
	fallbackModel?: string;
	options?: IDataObject;
	parameters?: IDataObject;
	onError?: INode['onError'];
	/** Keys per provider (default the mock's valid keys). */
	keys?: Partial<Record<ProviderId, string>>;
}

/**
 * Trigger → Items(prompts) → Reasoning Chat with a primary provider and optionally a fallback,
 * each with its own credential, run in-process with n8n-core's engine against the local mock.
 */
export async function runRoutedChat(run: RoutedChatRun): Promise<WorkflowRunResult> {
	const providers: ProviderId[] = [
		run.provider,
		...(run.fallbackProvider ? [run.fallbackProvider] : []),
	];
	const nodeCredentials: IDataObject = {};
	const credentials: IDataObject = {};
	for (const provider of providers) {
		const type = CREDENTIAL_TYPE[provider];
		nodeCredentials[type] = { id: `cred-${provider}`, name: `My ${provider} key` };
		credentials[type] = {
			apiKey: run.keys?.[provider] ?? KEYS[provider],
			url: mockUrl(run.mock, provider),
		};
	}
	const parameters: IDataObject = {
		provider: run.provider,
		prompt: '={{ $json.prompt }}',
		options: (run.options ?? {}) as INodeParameters,
		...run.parameters,
	};
	if (run.fallbackProvider) {
		parameters.fallbackProvider = run.fallbackProvider;
		if (run.fallbackModel) {
			parameters.fallbackModel = { __rl: true, mode: 'id', value: run.fallbackModel };
		}
	}
	return await runWorkflow({
		...linearWorkflow([
			manualTrigger(),
			fixedItems(run.prompts.map((prompt) => ({ prompt }))),
			{
				name: 'Reasoning Chat',
				type: CHAT_TYPE,
				parameters: parameters as INodeParameters,
				credentials: nodeCredentials as INode['credentials'],
				onError: run.onError,
			},
		]),
		nodeTypes: { [CHAT_TYPE]: new ReasoningChat() },
		credentials: credentials as never,
		credentialTypes: CREDENTIAL_TYPES,
	});
}

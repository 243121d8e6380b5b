import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import type { ChatMessage, ChatRequest, Completion } from '../types';

/** Options that only some providers take: the editor shows them only for those providers. */
export interface ProviderSupport {
	/** A reasoning effort level (`reasoning_effort` / `reasoning.effort`). */
	reasoningEffort: boolean;
	/** A reasoning token budget (OpenRouter `reasoning.max_tokens`). */
	reasoningBudget: boolean;
	/**
	 * OpenRouter-style routing: Fallback Models (`models`) and Provider Routing (`provider`),
	 * read by providers/openRouterRouting.ts and sent by the adapter's buildBody.
	 */
	routing: boolean;
}

/**
 * One provider, in one record: everything that differs between the providers. The node
 * descriptions (Provider option, Model parameters, credential list, subtitle, option display
 * rules), the model list search and the shared transport, retries, normalization and error
 * messages all read these fields instead of branching on the provider id. docs/ARCHITECTURE.md
 * says how to add a provider.
 */
export interface ProviderAdapter {
	/** The `provider` parameter value saved in workflows: never rename it. */
	id: string;
	/** Name shown to users in the Provider option, the subtitle, errors and hints. */
	name: string;
	/** The Provider option's description in the editor. */
	description: string;
	/** The credential type (credentials/*.credentials.ts) this provider needs. */
	credentialType: string;
	/** Default base URL of the credential (the credential's `url` field overrides it). */
	defaultBaseUrl: string;
	defaultModel: string;
	/** Appended to the credential's base URL. */
	chatPath: string;
	modelsPath: string;
	/** Where users manage keys and credits, for "what to do" hints. */
	consoleUrl: string;
	supports: ProviderSupport;
	/**
	 * What to do after an HTTP status that means something particular at this provider (AIML
	 * API: 403 = no credits), instead of the shared hint for that status.
	 */
	statusHints?: Partial<Record<number, string>>;
	buildBody(request: ChatRequest): IDataObject;
	/** The assistant turn to append to a conversation so that the next request is accepted. */
	historyMessage(completion: Completion): ChatMessage;
	/** Maps the provider's model list response to resource-locator entries (chat models only). */
	parseModelList(body: unknown): INodeListSearchItems[];
}

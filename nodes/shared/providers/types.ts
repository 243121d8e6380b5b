import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

import type { ChatMessage, ChatRequest, Completion, ProviderId } from '../types';

/**
 * What differs between the providers. Everything else (transport, retries, normalization,
 * errors) is shared and reads these fields instead of branching on the provider id.
 */
export interface ProviderAdapter {
	id: ProviderId;
	/** Name shown to users in errors and hints. */
	name: string;
	credentialType: string;
	/** Default base URL of the credential (the credential's `url` field overrides it). */
	defaultBaseUrl: string;
	defaultModel: string;
	/** Appended to the credential's base URL. */
	chatPath: string;
	modelsPath: string;
	/** Where users manage keys and credits, for "what to do" hints. */
	consoleUrl: string;
	buildBody(request: ChatRequest): IDataObject;
	/** The assistant turn to append to a conversation so that the next request is accepted. */
	historyMessage(completion: Completion): ChatMessage;
	/** Maps the provider's model list response to resource-locator entries (chat models only). */
	parseModelList(body: unknown): INodeListSearchItems[];
}

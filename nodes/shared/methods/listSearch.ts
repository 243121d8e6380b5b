import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeFailure } from '../errors/describeFailure';
import { parseErrorBody } from '../errors/parseErrorBody';
import { secretsOf } from '../errors/redact';
import { baseUrlOf, PROVIDER_LIST } from '../providers';
import type { ProviderAdapter } from '../providers';

async function searchModels(
	ctx: ILoadOptionsFunctions,
	provider: ProviderAdapter,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await ctx.getCredentials(provider.credentialType);
	const baseUrl = baseUrlOf(provider, credentials.url);
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		provider.credentialType,
		{
			method: 'GET',
			url: `${baseUrl}${provider.modelsPath}`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30000,
		},
	)) as { body: unknown; statusCode: number };

	if (response.statusCode >= 300) {
		const raw =
			typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		const info = parseErrorBody(raw, secretsOf(credentials));
		throw new NodeOperationError(
			ctx.getNode(),
			describeFailure(
				{
					kind: 'http',
					status: response.statusCode,
					retryable: false,
					providerMessage: info.message,
				},
				{ provider, itemIndex: 0, model: '', baseUrl, timeoutMs: 30000, failures: [] },
			).replace(' for item 0', ' for the model list'),
		);
	}

	const query = (filter ?? '').trim().toLowerCase();
	const results = provider
		.parseModelList(response.body as IDataObject)
		.filter(
			(entry) =>
				!query ||
				entry.name.toLowerCase().includes(query) ||
				String(entry.value).toLowerCase().includes(query),
		)
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

type SearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
) => Promise<INodeListSearchResult>;

/** `searchAimlApiModels`, `searchDeepSeekModels`, …: the model list method of a provider. */
export function searchMethodName(provider: ProviderAdapter): string {
	return `search${provider.id.charAt(0).toUpperCase()}${provider.id.slice(1)}Models`;
}

/** The nodes' `methods.listSearch`: one model search per registered provider. */
export const listSearch: Record<string, SearchMethod> = Object.fromEntries(
	PROVIDER_LIST.map((provider): [string, SearchMethod] => [
		searchMethodName(provider),
		async function (this: ILoadOptionsFunctions, filter?: string) {
			return await searchModels(this, provider, filter);
		},
	]),
);

import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * `Authorization: Bearer <apiKey>`, the scheme of every provider's credential. A function rather
 * than the declarative `=Bearer {{$credentials.apiKey}}`: n8n evaluates that expression in its
 * sandbox for every request, which measured ~0.6–1.2 ms of CPU per request in a batch
 * (bench/RESULTS.md).
 */
export async function bearerAuth(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.headers = {
		...requestOptions.headers,
		Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
	};
	return requestOptions;
}

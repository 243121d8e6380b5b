import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** What must never appear in an output, an error or a log: the credential's API key. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [String(credentials.apiKey ?? '')].filter(Boolean);
}

/**
 * Removes secrets from text that may reach an output item, an error or a log: the exact keys in
 * use, bearer tokens, and strings shaped like provider keys (an upstream body can echo them).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
	}
	return result
		.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
		.replace(/\bsk-or-v\d-[A-Za-z0-9_-]{8,}/g, '[redacted]')
		.replace(/\bsk-[A-Za-z0-9_-]{16,}/g, '[redacted]');
}

import type { IDataObject } from 'n8n-workflow';

import { redactSecrets } from './redact';

export interface ProviderErrorInfo {
	message?: string;
	code?: string;
	/** Seconds from OpenRouter's `error.availability.retry_after`, when present. */
	retryAfterSeconds?: number;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim()) return value.trim();
	if (Array.isArray(value)) {
		const parts = value.map((part) => text(part)).filter(Boolean);
		return parts.length ? parts.join('; ') : undefined;
	}
	if (value && typeof value === 'object') return text((value as IDataObject).message);
	return undefined;
}

/** OpenRouter puts the upstream provider's body, often JSON, in `metadata.raw`. */
function rawMessage(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return text(raw);
	try {
		const parsed = JSON.parse(raw) as IDataObject;
		return text((parsed.error as IDataObject | undefined)?.message) ?? text(parsed.message) ?? raw;
	} catch {
		return raw.trim() || undefined;
	}
}

/**
 * Reads what the provider said from an error object of either shape: OpenRouter's
 * `{error: {code, message, metadata}}` (also used inside 200 bodies and stream chunks) or AIML
 * API's `{statusCode, message, path, requestId, timestamp}`.
 */
export function providerErrorInfo(body: IDataObject): ProviderErrorInfo {
	const error = body.error;
	if (error && typeof error === 'object') {
		const err = error as IDataObject;
		const metadata = (err.metadata ?? {}) as IDataObject;
		const availability = (err.availability ?? {}) as IDataObject;
		const parts = [text(err.message)];
		const upstream = rawMessage(metadata.raw);
		if (upstream && upstream !== parts[0]) parts.push(upstream);
		const reasons = text(metadata.reasons);
		if (reasons) parts.push(`reasons: ${reasons}`);
		const provider =
			typeof metadata.provider_name === 'string' ? metadata.provider_name : undefined;
		const message = parts.filter(Boolean).join(': ');
		const code = [metadata.error_type, err.error_type, err.type, availability.code, err.code].find(
			(value) => typeof value === 'string' && value,
		) as string | undefined;
		const retryAfter = Number(availability.retry_after);
		return {
			message: message ? (provider ? `${message} (${provider})` : message) : undefined,
			code,
			...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
		};
	}
	if (typeof error === 'string' && error.trim()) return { message: error.trim() };
	return { message: text(body.message) ?? text(body.detail) };
}

/** What the provider said in an HTTP error body, whatever the body is. */
export function parseErrorBody(raw: string, secrets: readonly string[]): ProviderErrorInfo {
	const trimmed = raw.trim();
	if (!trimmed) return {};
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (parsed && typeof parsed === 'object') {
			const info = providerErrorInfo(parsed as IDataObject);
			return info.message ? { ...info, message: redactSecrets(info.message, secrets) } : info;
		}
	} catch {
		// not JSON: described below
	}
	if (/^<(!doctype|html)/i.test(trimmed)) {
		return { message: 'the body is an HTML page, not the provider API (a proxy or gateway page?)' };
	}
	const snippet = trimmed.replace(/\s+/g, ' ').slice(0, 300);
	return { message: redactSecrets(snippet, secrets) };
}

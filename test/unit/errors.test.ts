import { describeFailure } from '../../nodes/shared/errors/describeFailure';
import type { Failure } from '../../nodes/shared/errors/failure';
import { parseErrorBody, providerErrorInfo } from '../../nodes/shared/errors/parseErrorBody';
import { redactSecrets } from '../../nodes/shared/errors/redact';
import { PROVIDERS } from '../../nodes/shared/providers';
import type { ProviderId } from '../../nodes/shared/types';
import { fixture } from '../support/fixtures';

const raw = (provider: ProviderId, name: string) => JSON.stringify(fixture(provider, name));

function describeHttp(provider: ProviderId, status: number, name: string, extra: Partial<Failure> = {}) {
	const info = parseErrorBody(raw(provider, name), []);
	const failure: Failure = {
		kind: 'http',
		status,
		retryable: status === 429 || status >= 500,
		providerMessage: info.message,
		...extra,
	};
	return describeFailure(failure, {
		provider: PROVIDERS[provider],
		itemIndex: 3,
		model: 'deepseek/deepseek-v3.2-exp',
		credentialName: 'My Key',
		baseUrl: PROVIDERS[provider].defaultBaseUrl,
		timeoutMs: 600000,
		failures: [failure],
	});
}

describe('parseErrorBody', () => {
	it('reads AIML API bodies, with statusCode as a number or a string and message arrays', () => {
		expect(parseErrorBody(raw('aimlApi', 'error-401'), []).message).toMatch(/requires a valid API key/);
		expect(parseErrorBody(raw('aimlApi', 'error-403-credits'), []).message).toMatch(/run out of credits/);
		expect(parseErrorBody(raw('aimlApi', 'error-400-validation'), []).message).toBe(
			'Body validation error!; Expected number, received string at "max_tokens"',
		);
		expect(parseErrorBody(raw('aimlApi', 'error-500-wrapped'), []).message).toBe(
			'400 Unable to access model gpt-4o-mini.',
		);
	});

	it("reads OpenRouter bodies, including the upstream text in metadata.raw and moderation reasons", () => {
		expect(parseErrorBody(raw('openRouter', 'error-400-raw'), []).message).toBe(
			'Provider returned error: Missing `reasoning_content` field in the assistant message at message index 2 (DeepSeek)',
		);
		const moderation = parseErrorBody(raw('openRouter', 'error-403-moderation'), []);
		expect(moderation.message).toContain('reasons: harassment');
		expect(moderation.code).toBe('content_policy_violation');
	});

	it('takes retry_after from availability and the code from error_type', () => {
		expect(parseErrorBody(raw('openRouter', 'error-429'), [])).toMatchObject({
			code: 'rate_limit_exceeded',
			retryAfterSeconds: 7,
		});
		expect(parseErrorBody(raw('openRouter', 'error-404-availability'), []).code).toBe(
			'model_not_found',
		);
	});

	it('describes HTML pages and empty or plain-text bodies', () => {
		expect(parseErrorBody('<!DOCTYPE html><html><body>Bad gateway</body></html>', []).message).toMatch(
			/HTML page/,
		);
		expect(parseErrorBody('', [])).toEqual({});
		expect(parseErrorBody('upstream   connect error', []).message).toBe('upstream connect error');
	});

	it('redacts the key when a body echoes it', () => {
		const body = JSON.stringify({ statusCode: 400, message: 'Bad header: Bearer sk-live-secret-value' });
		expect(parseErrorBody(body, ['sk-live-secret-value']).message).toBe('Bad header: Bearer [redacted]');
	});

	it('reads a top-level error under HTTP 200 with a string code', () => {
		expect(providerErrorInfo(fixture('openRouter', 'error-top-level-200'))).toEqual({
			message: 'Internal server error while generating',
			code: 'server',
		});
	});
});

describe('describeFailure', () => {
	it('401 names the provider, the status, the provider message and the credential to fix', () => {
		expect(describeHttp('openRouter', 401, 'error-401')).toBe(
			'OpenRouter answered HTTP 401 for item 3: No auth credentials found. Check the API key in the credential "My Key".',
		);
	});

	it('402 and AIML 403 say to top up', () => {
		expect(describeHttp('openRouter', 402, 'error-402')).toMatch(/Add credits at https:\/\/openrouter.ai/);
		expect(describeHttp('aimlApi', 403, 'error-403-credits')).toMatch(
			/^AIML API answered HTTP 403 for item 3: You've run out of credits.*top up at https:\/\/aimlapi.com/,
		);
	});

	it('OpenRouter 403 explains a refusal, 404 names the model id', () => {
		expect(describeHttp('openRouter', 403, 'error-403-moderation')).toMatch(/refused the request/);
		expect(describeHttp('openRouter', 404, 'error-404-availability')).toMatch(
			/No endpoints found.*Check the model id "deepseek\/deepseek-v3.2-exp"/,
		);
	});

	it('429 after retries says how many attempts and why, and what to change', () => {
		const failures: Failure[] = [
			{ kind: 'http', status: 429, retryable: true },
			{ kind: 'http', status: 503, retryable: true },
			{ kind: 'network', retryable: true, detail: 'connection failed (ECONNRESET)' },
			{ kind: 'http', status: 429, retryable: true, providerMessage: 'Rate limit exceeded' },
		];
		const message = describeFailure(failures[3], {
			provider: PROVIDERS.openRouter,
			itemIndex: 0,
			model: 'm',
			baseUrl: 'https://openrouter.ai/api/v1',
			timeoutMs: 600000,
			failures,
		});
		expect(message).toBe(
			'OpenRouter answered HTTP 429 for item 0: Rate limit exceeded. Lower Concurrency, raise Max Retries, or check the rate limits of your plan. Gave up after 4 attempts (HTTP 429, HTTP 503, connection failed (ECONNRESET), HTTP 429).',
		);
	});

	it('a timeout names the limit and what to do', () => {
		const failure: Failure = { kind: 'timeout', retryable: false };
		expect(
			describeFailure(failure, {
				provider: PROVIDERS.aimlApi,
				itemIndex: 1,
				model: 'm',
				baseUrl: 'https://api.aimlapi.com',
				timeoutMs: 90000,
				failures: [failure],
			}),
		).toBe(
			'AIML API timed out for item 1. No complete answer within 90 s (the Timeout option). Reasoning can take minutes: raise Timeout, or turn on Stream so that a long answer keeps the connection busy.',
		);
	});

	it('an error inside a 200 body says the model failed', () => {
		const failure: Failure = {
			kind: 'inBody',
			status: 502,
			retryable: true,
			providerMessage: 'Upstream provider disconnected',
		};
		expect(
			describeFailure(failure, {
				provider: PROVIDERS.openRouter,
				itemIndex: 0,
				model: 'm',
				baseUrl: 'x',
				timeoutMs: 1000,
				failures: [failure],
			}),
		).toMatch(/^OpenRouter reported an error for item 0 \(code 502\): Upstream provider disconnected\. The model failed/);
	});
});

describe('redactSecrets', () => {
	it('removes the exact key, bearer tokens and key-shaped strings', () => {
		expect(redactSecrets('key=abcd1234 here', ['abcd1234'])).toBe('key=[redacted] here');
		expect(redactSecrets('Authorization: Bearer xyz.123')).toBe('Authorization: Bearer [redacted]');
		expect(redactSecrets('got sk-or-v1-0123456789abcdef0123')).toBe('got [redacted]');
		expect(redactSecrets('got sk-abcdefghijklmnopqrstuvwx')).toBe('got [redacted]');
		expect(redactSecrets('nothing secret')).toBe('nothing secret');
	});
});

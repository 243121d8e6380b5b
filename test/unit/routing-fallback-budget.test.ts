import type { IDataObject, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ReasoningChat } from '../../nodes/ReasoningChat/ReasoningChat.node';
import { ReasoningChatModel } from '../../nodes/ReasoningChatModel/ReasoningChatModel.node';
import { canCountCost, estimateCost, parsePriceList } from '../../nodes/shared/budget/pricing';
import { RunBudget } from '../../nodes/shared/budget/runBudget';
import type { Failure } from '../../nodes/shared/errors/failure';
import { fallbackReason } from '../../nodes/shared/fallback/eligibility';
import { PROVIDERS } from '../../nodes/shared/providers';
import {
	readOpenRouterRouting,
	routingBodyFields,
} from '../../nodes/shared/providers/openRouterRouting';

describe('OpenRouter routing fields', () => {
	it('maps the options to OpenRouter field names and sends only what is set', () => {
		expect(readOpenRouterRouting('', {})).toEqual({ ok: true });
		expect(readOpenRouterRouting(' a/b ,, c/d', { zdr: false, maxCompletionPrice: 2 })).toEqual({
			ok: true,
			routing: {
				fallbackModels: ['a/b', 'c/d'],
				provider: { zdr: false, max_price: { completion: 2 } },
			},
		});
		expect(readOpenRouterRouting(undefined, { maxPromptPrice: -2 })).toMatchObject({ ok: false });
	});

	it('puts the model first in models, once', () => {
		expect(routingBodyFields('m/one', { fallbackModels: ['m/two', 'm/one'] })).toEqual({
			models: ['m/one', 'm/two'],
		});
		expect(routingBodyFields('m/one', undefined)).toEqual({});
		const body = PROVIDERS.openRouter.buildBody({
			model: 'm/one',
			messages: [{ role: 'user', content: 'x' }],
			reasoning: true,
			jsonOutput: false,
			stream: false,
			routing: { provider: { sort: 'latency' } },
		});
		expect(body.provider).toEqual({ sort: 'latency' });
		const aiml = PROVIDERS.aimlApi.buildBody({
			model: 'm/one',
			messages: [{ role: 'user', content: 'x' }],
			reasoning: true,
			jsonOutput: false,
			stream: false,
			routing: { provider: { sort: 'latency' }, fallbackModels: ['m/two'] },
		});
		expect(aiml).not.toHaveProperty('provider');
		expect(aiml).not.toHaveProperty('models');
	});
});

describe('When an item goes to the fallback provider', () => {
	const http = (status: number, retryable = status >= 500 || status === 429): Failure => ({
		kind: 'http',
		status,
		retryable,
	});
	const { aimlApi, openRouter } = PROVIDERS;

	it('on the provider’s trouble after the retries, and on refused credits', () => {
		expect(fallbackReason(http(500), aimlApi, 5)).toBe('AIML API: HTTP 500 after 5 attempts');
		expect(fallbackReason(http(429), openRouter, 3)).toBe('OpenRouter: HTTP 429 after 3 attempts');
		expect(fallbackReason(http(408, true), openRouter, 1)).toBe('OpenRouter: HTTP 408');
		expect(fallbackReason({ kind: 'timeout', retryable: false }, openRouter, 1)).toBe(
			'OpenRouter: timeout',
		);
		expect(
			fallbackReason(
				{ kind: 'network', retryable: true, detail: 'connection failed (ECONNREFUSED)' },
				aimlApi,
				2,
			),
		).toBe('AIML API: connection failed (ECONNREFUSED) after 2 attempts');
		expect(
			fallbackReason({ kind: 'inBody', retryable: true, status: 502 }, openRouter, 1),
		).toBeDefined();
		expect(fallbackReason(http(402, false), openRouter, 1)).toBe(
			'OpenRouter: HTTP 402 (out of credits)',
		);
		expect(fallbackReason(http(403, false), aimlApi, 1)).toBe(
			'AIML API: HTTP 403 (out of credits)',
		);
	});

	it('never on what the user must fix', () => {
		for (const status of [400, 401, 404, 413, 422]) {
			expect(fallbackReason(http(status, false), aimlApi, 1)).toBeUndefined();
			expect(fallbackReason(http(status, false), openRouter, 1)).toBeUndefined();
		}
		// OpenRouter's 403 is moderation or permissions, not credits.
		expect(fallbackReason(http(403, false), openRouter, 1)).toBeUndefined();
		expect(
			fallbackReason(
				{ kind: 'network', retryable: false, detail: 'host not found (ENOTFOUND)' },
				aimlApi,
				1,
			),
		).toBeUndefined();
		expect(fallbackReason({ kind: 'badBody', retryable: false }, aimlApi, 1)).toBeUndefined();
		expect(fallbackReason({ kind: 'canceled', retryable: false }, aimlApi, 1)).toBeUndefined();
		expect(
			fallbackReason({ kind: 'inBody', retryable: false, status: 400 }, openRouter, 1),
		).toBeUndefined();
	});
});

/** Which credential types the editor shows and n8n-core accepts, for these parameter values. */
function shownCredentials(description: INodeTypeDescription, values: IDataObject): string[] {
	const node = { typeVersion: 1 };
	const parameters =
		NodeHelpers.getNodeParameters(
			description.properties,
			values as INodeParameters,
			true,
			false,
			node,
			description,
		) ?? {};
	return (description.credentials ?? [])
		.filter((credential) =>
			NodeHelpers.displayParameter(parameters, credential, node, description, parameters),
		)
		.map((credential) => credential.name);
}

describe.each([
	['Reasoning Chat', new ReasoningChat().description],
	['Reasoning Chat Model', new ReasoningChatModel().description],
])('%s: the fallback credential appears only when fallback is on', (_name, description) => {
	it.each([
		[{ provider: 'aimlApi' }, ['reasoningAimlApi']],
		[{ provider: 'openRouter' }, ['reasoningOpenRouterApi']],
		[{ provider: 'aimlApi', fallbackProvider: 'none' }, ['reasoningAimlApi']],
		[
			{ provider: 'aimlApi', fallbackProvider: 'openRouter' },
			['reasoningAimlApi', 'reasoningOpenRouterApi'],
		],
		[
			{ provider: 'openRouter', fallbackProvider: 'aimlApi' },
			['reasoningAimlApi', 'reasoningOpenRouterApi'],
		],
		[{ provider: 'openRouter', fallbackProvider: 'openRouter' }, ['reasoningOpenRouterApi']],
		[{ provider: 'deepSeek' }, ['reasoningDeepSeekApi']],
		[
			{ provider: 'aimlApi', fallbackProvider: 'deepSeek' },
			['reasoningAimlApi', 'reasoningDeepSeekApi'],
		],
		[
			{ provider: 'deepSeek', fallbackProvider: 'openRouter' },
			['reasoningDeepSeekApi', 'reasoningOpenRouterApi'],
		],
	])('%j → %j', (values, expected) => {
		expect(shownCredentials(description, values)).toEqual(expected);
	});

	it('lists each credential type once (n8n-core checks only the first entry of a type)', () => {
		const names = (description.credentials ?? []).map((credential) => credential.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('a stale saved marker value does not show a credential that is not used', () => {
		expect(
			shownCredentials(description, { provider: 'aimlApi', usesOpenRouterCredential: true }),
		).toEqual(['reasoningAimlApi']);
	});
});

describe('Run budget and prices', () => {
	it('is exhausted once the spend reaches the cap, or when a cost is unknown', () => {
		const budget = new RunBudget(0.01);
		budget.add(0.004);
		expect(budget.exhausted).toBe(false);
		budget.add(0.006, true);
		expect(budget.exhausted).toBe(true);
		expect(budget.stopMessage(4, 'OpenRouter')).toBe(
			'Item 4 (OpenRouter) was not sent: this run reached its Max Cost of $0.01 (spent $0.01 (partly estimated from listed prices)). Raise Max Cost or run the remaining items later.',
		);
		const unknown = new RunBudget(1);
		unknown.add(null);
		expect(unknown.exhausted).toBe(true);
		expect(unknown.stopMessage(1, 'AIML API')).toContain('cannot be honoured');
	});

	it('reads OpenRouter list prices and estimates from token counts', () => {
		const prices = parsePriceList({
			data: [
				{
					id: 'a/b',
					pricing: {
						prompt: '0.000001',
						completion: '0.000002',
						request: '0',
						input_cache_read: '0.0000001',
					},
				},
				{ id: 'no/price', pricing: {} },
			],
		});
		expect([...prices.keys()]).toEqual(['a/b']);
		const usage = {
			promptTokens: 100,
			completionTokens: 50,
			totalTokens: 150,
			reasoningTokens: 20,
			cachedTokens: 40,
			cost: null,
		};
		expect(estimateCost(usage, prices.get('a/b')!)).toBeCloseTo(
			60 * 0.000001 + 40 * 0.0000001 + 50 * 0.000002,
			15,
		);
		expect(canCountCost('openRouter')).toBe(true);
		expect(canCountCost('aimlApi')).toBe(true);
		// DeepSeek reports no cost and lists no prices: a budget on it is refused up front.
		expect(canCountCost('deepSeek')).toBe(false);
		expect(canCountCost('someOtherProvider')).toBe(false);
	});
});

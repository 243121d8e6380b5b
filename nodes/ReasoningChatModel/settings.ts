import type { ISupplyDataFunctions } from 'n8n-workflow';

import { DEFAULTS } from '../shared/description/options';
import type { ProviderAdapter } from '../shared/providers';
import type { RetryPolicy } from '../shared/transport/withRetries';
import { DEFAULT_RETRY_POLICY } from '../shared/transport/withRetries';
import type { ReasoningEffort } from '../shared/types';
import { modelError } from './errors';

/** The node's parameters, read and checked once per supplyData call. */
export interface ModelSettings {
	model: string;
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	reasoning: boolean;
	reasoningEffort?: ReasoningEffort;
	reasoningBudget?: number;
	/** Use server-sent events on the wire in generate() too (stream() always does). */
	stream: boolean;
	includeReasoning: boolean;
	timeoutMs: number;
	idleTimeoutMs: number;
	policy: RetryPolicy;
}

interface ModelOptions {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	reasoning?: boolean;
	reasoningEffort?: ReasoningEffort;
	reasoningBudget?: number;
	maxRetries?: number;
	retryDelay?: number;
	timeout?: number;
	idleTimeout?: number;
	stream?: boolean;
	includeReasoning?: boolean;
}

interface Range {
	min: number;
	max?: number;
	integer?: boolean;
}

function numberProblem(
	value: unknown,
	name: string,
	{ min, max, integer }: Range,
): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || Number.isNaN(value)) return `${name} is not a number`;
	if (integer && !Number.isInteger(value)) return `${name} must be a whole number, not ${value}`;
	if (value < min || (max !== undefined && value > max)) {
		return `${name} is ${value}, outside ${max === undefined ? `${min} or more` : `${min} to ${max}`}`;
	}
	return undefined;
}

export function readSettings(
	ctx: ISupplyDataFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
): ModelSettings {
	const node = ctx.getNode();
	const fail = (problem: string, fix: string) =>
		modelError(node, `Reasoning Chat Model (${provider.name}): ${problem}. ${fix}`, itemIndex);
	const model = String(
		ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!model) throw fail('no model is set', `Pick a model, e.g. ${provider.defaultModel}.`);

	const options = ctx.getNodeParameter('options', itemIndex, {}) as ModelOptions;
	const problem = [
		numberProblem(options.maxTokens, 'Max Tokens', { min: 1, integer: true }),
		numberProblem(options.temperature, 'Temperature', { min: 0, max: 2 }),
		numberProblem(options.topP, 'Top P', { min: 0, max: 1 }),
		numberProblem(options.reasoningBudget, 'Reasoning Token Budget', { min: 1, integer: true }),
		numberProblem(options.maxRetries, 'Max Retries', { min: 0, max: 10, integer: true }),
		numberProblem(options.retryDelay, 'Initial Retry Delay', { min: 0 }),
		numberProblem(options.timeout, 'Timeout', { min: 1000 }),
		numberProblem(options.idleTimeout, 'Idle Timeout', { min: 1000 }),
	].find(Boolean);
	if (problem) throw fail(problem, 'Correct it in the node options.');
	if (options.reasoningEffort !== undefined && options.reasoningBudget !== undefined) {
		throw fail(
			'both Reasoning Effort and Reasoning Token Budget are set',
			'Keep only one of them: the provider accepts one or the other.',
		);
	}

	const timeoutMs = options.timeout ?? DEFAULTS.timeout;
	return {
		model,
		reasoning: options.reasoning ?? true,
		stream: options.stream ?? false,
		includeReasoning: options.includeReasoning ?? false,
		timeoutMs,
		idleTimeoutMs: Math.min(options.idleTimeout ?? DEFAULTS.idleTimeout, timeoutMs),
		policy: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
			baseDelayMs: options.retryDelay ?? DEFAULTS.retryDelay,
		},
		...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
		...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
		...(options.topP !== undefined ? { topP: options.topP } : {}),
		...(options.reasoningEffort !== undefined ? { reasoningEffort: options.reasoningEffort } : {}),
		...(options.reasoningBudget !== undefined ? { reasoningBudget: options.reasoningBudget } : {}),
	};
}

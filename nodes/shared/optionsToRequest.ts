import { DEFAULTS } from './description/sharedOptionFields';
import type { ReasoningEffort } from './types';
import type { RetryPolicy } from './transport/withRetries';
import { DEFAULT_RETRY_POLICY } from './transport/withRetries';

/** The options both nodes share, as n8n hands them over (absent when not added). */
export interface SharedOptions {
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	reasoning?: boolean;
	reasoningEffort?: ReasoningEffort;
	reasoningBudget?: number;
	maxRetries?: number;
	retryInterrupted?: boolean;
	retryDelay?: number;
	timeout?: number;
	idleTimeout?: number;
	stream?: boolean;
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

export interface OptionProblem {
	problem: string;
	fix: string;
}

/**
 * The first thing wrong with the shared options, in words a user can act on, or undefined.
 * `extra` adds a node's own numeric options (e.g. Concurrency).
 */
export function sharedOptionProblem(
	options: SharedOptions,
	extra: Array<[value: unknown, name: string, range: Range]> = [],
): OptionProblem | undefined {
	const problem = [
		numberProblem(options.maxTokens, 'Max Tokens', { min: 1, integer: true }),
		numberProblem(options.temperature, 'Temperature', { min: 0, max: 2 }),
		numberProblem(options.topP, 'Top P', { min: 0, max: 1 }),
		numberProblem(options.reasoningBudget, 'Reasoning Token Budget', { min: 1, integer: true }),
		numberProblem(options.maxRetries, 'Max Retries', { min: 0, max: 10, integer: true }),
		numberProblem(options.retryDelay, 'Initial Retry Delay', { min: 0 }),
		numberProblem(options.timeout, 'Timeout', { min: 1000 }),
		numberProblem(options.idleTimeout, 'Idle Timeout', { min: 1000 }),
		...extra.map(([value, name, range]) => numberProblem(value, name, range)),
	].find(Boolean);
	if (problem) return { problem, fix: 'Correct it in the node options.' };
	if (options.reasoningEffort !== undefined && options.reasoningBudget !== undefined) {
		return {
			problem: 'both Reasoning Effort and Reasoning Token Budget are set',
			fix: 'Keep only one of them: the provider accepts one or the other.',
		};
	}
	return undefined;
}

/** Request fields from the shared options: only those that are set. */
export function requestFields(options: SharedOptions) {
	return {
		reasoning: options.reasoning ?? true,
		stream: options.stream ?? false,
		...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
		...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
		...(options.topP !== undefined ? { topP: options.topP } : {}),
		...(options.reasoningEffort !== undefined ? { reasoningEffort: options.reasoningEffort } : {}),
		...(options.reasoningBudget !== undefined ? { reasoningBudget: options.reasoningBudget } : {}),
	};
}

/** Timeouts and retry policy from the shared options, with the package defaults. */
export function requestLimits(options: SharedOptions): {
	timeoutMs: number;
	idleTimeoutMs: number;
	policy: RetryPolicy;
} {
	const timeoutMs = options.timeout ?? DEFAULTS.timeout;
	return {
		timeoutMs,
		idleTimeoutMs: Math.min(options.idleTimeout ?? DEFAULTS.idleTimeout, timeoutMs),
		policy: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
			baseDelayMs: options.retryDelay ?? DEFAULTS.retryDelay,
			retryInterrupted: options.retryInterrupted ?? true,
		},
	};
}

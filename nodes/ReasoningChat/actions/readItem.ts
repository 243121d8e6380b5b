import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseConversation } from '../../shared/conversation';
import type { ProviderAdapter } from '../../shared/providers';
import type { ChatMessage, ChatRequest, ReasoningEffort } from '../../shared/types';
import { DEFAULTS } from '../description/options';

/** Everything one item needs, read and checked before any request is sent. */
export interface ItemPlan {
	itemIndex: number;
	request: ChatRequest;
	/** The conversation without the node's own system message: what `messages` builds on. */
	conversation: ChatMessage[];
	timeoutMs: number;
	/** Longest silence between stream events (streaming only). */
	idleTimeoutMs: number;
	maxRetries: number;
	retryDelayMs: number;
	includeRaw: boolean;
	/** What an AI Agent gets when the node runs as its tool. */
	toolOutput: ToolOutput;
	/** Pass the answer on to a streaming Chat Trigger or Webhook response. */
	streamResponse: boolean;
}

export type ToolOutput = 'answer' | 'answerAndReasoning' | 'full';

interface ChatOptions {
	systemMessage?: string;
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	reasoning?: boolean;
	reasoningEffort?: ReasoningEffort;
	reasoningBudget?: number;
	concurrency?: number;
	maxRetries?: number;
	retryDelay?: number;
	timeout?: number;
	idleTimeout?: number;
	stream?: boolean;
	messages?: unknown;
	outputFormat?: 'text' | 'json';
	includeRaw?: boolean;
	streamResponse?: boolean;
}

export function invalidItem(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
	problem: string,
	fix: string,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex} (${provider.name}): ${problem}. ${fix}`,
		{ itemIndex },
	);
}

function checkNumber(
	value: number | undefined,
	name: string,
	{ min, max, integer }: { min: number; max?: number; integer?: boolean },
): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || Number.isNaN(value)) return `${name} is not a number`;
	if (integer && !Number.isInteger(value)) return `${name} must be a whole number, not ${value}`;
	if (value < min || (max !== undefined && value > max)) {
		return `${name} is ${value}, outside ${max === undefined ? `${min} or more` : `${min} to ${max}`}`;
	}
	return undefined;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): ChatOptions {
	return ctx.getNodeParameter('options', itemIndex, {}) as ChatOptions;
}

/** Reads one item's parameters into a request, or explains what is wrong with them. */
export function readItem(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	itemIndex: number,
): ItemPlan {
	const options = readOptions(ctx, itemIndex);
	const model = String(ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '').trim();
	const promptValue = ctx.getNodeParameter('prompt', itemIndex, '') as unknown;
	const prompt = typeof promptValue === 'string' ? promptValue : JSON.stringify(promptValue ?? '');
	const fail = (problem: string, fix: string) => invalidItem(ctx, provider, itemIndex, problem, fix);

	if (!model) throw fail('no model is set', `Pick a model, e.g. ${provider.defaultModel}.`);

	const numberProblems = [
		checkNumber(options.maxTokens, 'Max Tokens', { min: 1, integer: true }),
		checkNumber(options.temperature, 'Temperature', { min: 0, max: 2 }),
		checkNumber(options.topP, 'Top P', { min: 0, max: 1 }),
		checkNumber(options.reasoningBudget, 'Reasoning Token Budget', { min: 1, integer: true }),
		checkNumber(options.concurrency, 'Concurrency', { min: 1, max: 100, integer: true }),
		checkNumber(options.maxRetries, 'Max Retries', { min: 0, max: 10, integer: true }),
		checkNumber(options.retryDelay, 'Initial Retry Delay', { min: 0 }),
		checkNumber(options.timeout, 'Timeout', { min: 1000 }),
		checkNumber(options.idleTimeout, 'Idle Timeout', { min: 1000 }),
	].filter(Boolean);
	if (numberProblems.length) {
		throw fail(numberProblems[0] as string, 'Correct it in the node options.');
	}
	if (options.reasoningEffort !== undefined && options.reasoningBudget !== undefined) {
		throw fail(
			'both Reasoning Effort and Reasoning Token Budget are set',
			'Keep only one of them: the provider accepts one or the other.',
		);
	}

	const history = parseConversation(options.messages);
	if (!history.ok) {
		throw fail(
			`Conversation History cannot be used: ${history.problem}`,
			'Give an array of {"role": "user" | "assistant" | "system" | "tool", "content": "..."}, e.g. {{ $json.messages }} from a previous Reasoning Chat.',
		);
	}
	const conversation = [...history.messages];
	if (prompt.trim()) conversation.push({ role: 'user', content: prompt });
	const last = conversation[conversation.length - 1];
	if (!last || (last.role !== 'user' && last.role !== 'tool')) {
		throw fail(
			'the prompt is empty',
			'Set Prompt (for example to {{ $json.question }}), or give a Conversation History that ends with a user message.',
		);
	}

	const system = options.systemMessage?.trim();
	const messages: ChatMessage[] = system
		? [{ role: 'system', content: system }, ...conversation]
		: conversation;
	const reasoning = options.reasoning ?? true;
	const request: ChatRequest = {
		model,
		messages,
		reasoning,
		jsonOutput: options.outputFormat === 'json',
		stream: options.stream ?? false,
		...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
		...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
		...(options.topP !== undefined ? { topP: options.topP } : {}),
		...(options.reasoningEffort !== undefined ? { reasoningEffort: options.reasoningEffort } : {}),
		...(options.reasoningBudget !== undefined ? { reasoningBudget: options.reasoningBudget } : {}),
	};
	const timeoutMs = options.timeout ?? DEFAULTS.timeout;
	return {
		itemIndex,
		request,
		conversation,
		timeoutMs,
		idleTimeoutMs: Math.min(options.idleTimeout ?? DEFAULTS.idleTimeout, timeoutMs),
		maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
		retryDelayMs: options.retryDelay ?? DEFAULTS.retryDelay,
		includeRaw: options.includeRaw ?? false,
		toolOutput: ctx.getNodeParameter('toolOutput', itemIndex, 'answer') as ToolOutput,
		streamResponse: options.streamResponse ?? true,
	};
}


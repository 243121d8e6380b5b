import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseConversation, withSystemMessage } from '../../shared/conversation';
import { withSchemaInstruction } from '../../shared/jsonSchema/instruction';
import type { AnswerSchema } from '../../shared/jsonSchema/readSchema';
import { readAnswerSchema } from '../../shared/jsonSchema/readSchema';
import type { ProviderRoutingOptions } from '../../shared/providers/openRouterRouting';
import { readOpenRouterRouting } from '../../shared/providers/openRouterRouting';
import type { ProviderAdapter } from '../../shared/providers';
import type { SharedOptions } from '../../shared/optionsToRequest';
import { requestFields, requestLimits, sharedOptionProblem } from '../../shared/optionsToRequest';
import type { RetryPolicy } from '../../shared/transport/withRetries';
import type { ChatMessage, ChatRequest } from '../../shared/types';

/** Everything one item needs, read and checked before any request is sent. */
export interface ItemPlan {
	itemIndex: number;
	request: ChatRequest;
	/** The conversation without the node's own system message: what `messages` builds on. */
	conversation: ChatMessage[];
	timeoutMs: number;
	/** Longest silence between stream events (streaming only). */
	idleTimeoutMs: number;
	policy: RetryPolicy;
	includeRaw: boolean;
	/** What an AI Agent gets when the node runs as its tool. */
	toolOutput: ToolOutput;
	/** Pass the answer on to a streaming Chat Trigger or Webhook response. */
	streamResponse: boolean;
	/** Output Format "JSON Schema": how many times a broken answer is sent back. */
	schemaRepairs: number;
}

export type ToolOutput = 'answer' | 'answerAndReasoning' | 'full';

interface ChatOptions extends SharedOptions {
	systemMessage?: string;
	concurrency?: number;
	messages?: unknown;
	outputFormat?: 'text' | 'json' | 'jsonSchema';
	includeRaw?: boolean;
	streamResponse?: boolean;
	jsonSchema?: unknown;
	schemaRepairs?: number;
	maxCost?: number;
	fallbackModels?: unknown;
	providerRouting?: ProviderRoutingOptions;
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
	const model = String(
		ctx.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	const promptValue = ctx.getNodeParameter('prompt', itemIndex, '') as unknown;
	const prompt = typeof promptValue === 'string' ? promptValue : JSON.stringify(promptValue ?? '');
	const fail = (problem: string, fix: string) =>
		invalidItem(ctx, provider, itemIndex, problem, fix);

	if (!model) throw fail('no model is set', `Pick a model, e.g. ${provider.defaultModel}.`);

	const invalid = sharedOptionProblem(options, [
		[options.concurrency, 'Concurrency', { min: 1, max: 100, integer: true }],
		[options.schemaRepairs, 'Schema Repairs', { min: 0, max: 5, integer: true }],
		[options.maxCost, 'Max Cost', { min: 0 }],
	]);
	if (invalid) throw fail(invalid.problem, invalid.fix);

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

	let answerSchema: AnswerSchema | undefined;
	if (options.outputFormat === 'jsonSchema') {
		const read = readAnswerSchema(options.jsonSchema);
		if (!read.ok) {
			throw fail(
				read.problem,
				'Give a JSON Schema object in the JSON Schema option, e.g. {"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]}.',
			);
		}
		answerSchema = read.value;
	}
	const routing = provider.supports.routing
		? readOpenRouterRouting(options.fallbackModels, options.providerRouting)
		: { ok: true as const };
	if (!routing.ok) throw fail(routing.problem, 'Correct it under Provider Routing.');

	const withSystem = withSystemMessage(options.systemMessage?.trim(), conversation);
	const messages = answerSchema ? withSchemaInstruction(withSystem, answerSchema) : withSystem;
	const request: ChatRequest = {
		model,
		messages,
		jsonOutput: options.outputFormat === 'json' || !!answerSchema,
		...(answerSchema ? { jsonSchema: answerSchema } : {}),
		...(routing.routing ? { routing: routing.routing } : {}),
		...requestFields(options),
	};
	const { timeoutMs, idleTimeoutMs, policy } = requestLimits(options);
	return {
		itemIndex,
		request,
		conversation,
		timeoutMs,
		idleTimeoutMs,
		policy,
		includeRaw: options.includeRaw ?? false,
		toolOutput: ctx.getNodeParameter('toolOutput', itemIndex, 'answer') as ToolOutput,
		streamResponse: options.streamResponse ?? true,
		schemaRepairs: options.schemaRepairs ?? 1,
	};
}

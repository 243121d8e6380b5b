import type { ChatModelConfig, GenerateResult, Message, StreamChunk } from '@n8n/ai-node-sdk';
import { BaseChatModel } from '@n8n/ai-node-sdk';
import type { IDataObject, INode } from 'n8n-workflow';

import type { ChatOutcome, ChatService, RequestLimits } from '../shared/chatService';
import { withLeadingSystemMessage } from '../shared/conversation';
import type { FallbackRoute } from '../shared/fallback/completeWithFallback';
import { completeWithFallback } from '../shared/fallback/completeWithFallback';
import { redactSecrets } from '../shared/errors/redact';
import type { HttpContext } from '../shared/transport/chatAttempt';
import type { ChatRequest, Completion } from '../shared/types';
import { modelError, modelFailureError } from './errors';
import { REASONING_DETAILS_KEY, toChatMessages } from './messages';
import type { ReasoningCache } from './reasoningCache';
import { finishReasonOf, toGenerateResult, tokenUsageOf } from './results';
import type { ModelSettings } from './settings';
import { linkSignals, signalOf } from './signals';
import { ChunkQueue, LiveDeltas } from './streaming';
import { prepareHistory } from './toolHistory';
import { toFunctionTools } from './tools';

export interface ModelDeps {
	/** Where HTTP goes through (`httpRequestWithAuthentication` with the node's credential). */
	ctx: HttpContext;
	/** Provider, base URL, secrets, the execution's cancel signal and the shared request gate. */
	service: ChatService;
	settings: ModelSettings;
	itemIndex: number;
	node: INode;
	cache: ReasoningCache;
	/** Cache scope: provider and credential. */
	cacheScope: string;
	warn?: (message: string) => void;
	/** The other provider, used when the primary gave up (see shared/fallback). */
	fallback?: FallbackRoute;
}

/**
 * DeepSeek (and other reasoning models) on AIML API or OpenRouter as an n8n chat model.
 *
 * Every request goes through the package's shared `completeChat` (same body building, retries on
 * 429/5xx with Retry-After, timeouts, cancel, key redaction and user-facing errors as the
 * Reasoning Chat node). Around it, the model converts messages both ways, keeps the reasoning of
 * tool-call turns in a cache keyed by tool-call id and puts it back on later requests (see
 * `reasoningCache.ts` and `toolHistory.ts`), and reports token usage.
 *
 * About 275 lines: `generate` and `stream` share the request plan, the fallback route and the
 * limits, which stay with them here; the conversions, stream queue, results and errors already
 * live in their own files (messages.ts, streaming.ts, results.ts, errors.ts).
 */
export class ReasoningModel extends BaseChatModel {
	private readonly deps: ModelDeps;

	constructor(deps: ModelDeps) {
		super(deps.service.provider.id, deps.settings.model);
		this.deps = deps;
	}

	/** The request for one call, with the conversation made acceptable to the provider. */
	buildRequest(
		messages: Message[],
		config: ChatModelConfig | undefined,
		stream: boolean,
	): ChatRequest {
		const { settings } = this.deps;
		const history = prepareHistory(withLeadingSystemMessage(toChatMessages(messages)), {
			scope: this.deps.cacheScope,
			cache: this.deps.cache,
			reasoningRequired: settings.reasoning,
		});
		if (history.flattened) {
			this.deps.warn?.(
				`Reasoning Chat Model: the reasoning of ${history.flattened} earlier tool-call turn(s) was not found (made by another n8n process, before a restart, or replayed from memory); those tool calls and results were sent as plain text so that the provider accepts the conversation`,
			);
		}
		const tools = toFunctionTools(this.tools);
		const maxTokens = config?.maxTokens ?? settings.maxTokens;
		const temperature = config?.temperature ?? settings.temperature;
		const topP = config?.topP ?? settings.topP;
		return {
			model: settings.model,
			messages: history.messages,
			reasoning: settings.reasoning,
			jsonOutput: false,
			stream,
			...(maxTokens !== undefined ? { maxTokens } : {}),
			...(temperature !== undefined ? { temperature } : {}),
			...(topP !== undefined ? { topP } : {}),
			...(settings.reasoningEffort !== undefined
				? { reasoningEffort: settings.reasoningEffort }
				: {}),
			...(settings.reasoningBudget !== undefined
				? { reasoningBudget: settings.reasoningBudget }
				: {}),
			...(tools.length ? { tools } : {}),
			...(settings.routing ? { routing: settings.routing } : {}),
		};
	}

	async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		const { settings, service } = this.deps;
		const request = this.buildRequest(messages, config, settings.stream);
		const call = linkSignals(service.signal, signalOf(config));
		try {
			const outcome = await completeWithFallback(
				this.deps.ctx,
				{ ...service, signal: call.signal },
				this.fallbackWith(call.signal),
				request,
				this.limits(request.stream),
				this.deps.itemIndex,
				{ log: this.deps.warn },
			);
			const { completion, body } = this.accept(outcome, request);
			return toGenerateResult(service.provider, completion, body, settings.includeReasoning);
		} finally {
			call.dispose();
		}
	}

	/**
	 * Streams the answer as it arrives: `reasoning-delta` and `text-delta` chunks live, then (once
	 * the response is complete) the whole reasoning as a `content` block (n8n's LangChain adapter
	 * drops `reasoning-delta`, so this is how reasoning reaches the final message), OpenRouter's
	 * `reasoning_details` as a `provider` block, each tool call whole, and `finish` with usage.
	 *
	 * Retries: a failure before anything was handed on (429, 5xx, a connection that drops before
	 * the first token) is retried as in `generate()`. Once chunks were handed on they cannot be
	 * taken back, and a retried attempt would start the answer again; so a stream that breaks
	 * after that point is not retried but ends with an error that says so.
	 */
	async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		const { settings, service, itemIndex, node } = this.deps;
		const request = this.buildRequest(messages, config, true);
		const guard = new AbortController();
		const call = linkSignals(service.signal, signalOf(config), guard.signal);
		const queue = new ChunkQueue<StreamChunk>();
		let live = new LiveDeltas(settings.includeReasoning);
		let brokenAfter: string | undefined;
		let outcome: ChatOutcome | undefined;
		let crashed: unknown;

		const streamService: ChatService = {
			...service,
			signal: call.signal,
			logRetry: (message) => {
				service.logRetry?.(message);
				if (live.emitted) {
					brokenAfter = message;
					guard.abort();
				} else {
					live = new LiveDeltas(settings.includeReasoning);
				}
			},
		};
		const limits: RequestLimits = {
			...this.limits(true),
			onChunk: (chunk: IDataObject) => {
				if (brokenAfter !== undefined) return;
				for (const piece of live.fromEvent(chunk)) queue.push(piece);
			},
		};
		const running = completeWithFallback(
			this.deps.ctx,
			streamService,
			this.fallbackWith(call.signal),
			request,
			limits,
			itemIndex,
			// Once part of an answer was handed on, another provider would start it again.
			{ mayFallBack: () => !live.emitted && brokenAfter === undefined, log: this.deps.warn },
		)
			.then(
				(result) => {
					outcome = result;
				},
				(error: unknown) => {
					crashed = error;
				},
			)
			.finally(() => queue.close());

		try {
			for await (const chunk of queue) yield chunk;
			await running;
			if (crashed !== undefined || outcome === undefined) {
				const reason = crashed instanceof Error ? crashed.message : String(crashed);
				throw modelError(
					node,
					redactSecrets(
						`${service.provider.name}: the streamed request failed: ${reason}`,
						service.secrets,
					),
					itemIndex,
				);
			}
			if (!outcome.ok && brokenAfter !== undefined && !service.signal?.aborted) {
				throw modelError(
					node,
					`${service.provider.name} broke off the streamed answer of the model call after part of it had been passed on (${brokenAfter.replace(/; retrying in \d+ ms$/, '')}). A retry would start the answer again, so it was not retried. Run it again, or turn off streaming in the agent to let failed requests be retried.`,
					itemIndex,
				);
			}
			const { completion } = this.accept(outcome, request);
			for (const piece of live.end()) yield piece;
			if (completion.reasoning) {
				yield { type: 'content', content: { type: 'reasoning', text: completion.reasoning } };
			}
			if (completion.reasoningDetails?.length) {
				yield {
					type: 'content',
					content: {
						type: 'provider',
						value: { [REASONING_DETAILS_KEY]: completion.reasoningDetails },
					},
				};
			}
			for (const toolCall of completion.toolCalls) {
				yield {
					type: 'tool-call-delta',
					id: toolCall.id,
					name: toolCall.function.name,
					argumentsDelta: toolCall.function.arguments,
				};
			}
			yield {
				type: 'finish',
				finishReason: finishReasonOf(completion),
				usage: tokenUsageOf(completion.usage),
			};
		} finally {
			// The consumer may stop early: do not leave the request running.
			if (outcome === undefined) guard.abort();
			call.dispose();
		}
	}

	/** The fallback route with this call's cancel signal. */
	private fallbackWith(signal: AbortSignal | undefined): FallbackRoute | undefined {
		const { fallback } = this.deps;
		return fallback ? { ...fallback, service: { ...fallback.service, signal } } : undefined;
	}

	private limits(stream: boolean): RequestLimits {
		const { settings } = this.deps;
		return {
			timeoutMs: settings.timeoutMs,
			// Without streaming the answer arrives in one piece at the end, so only the total counts.
			idleTimeoutMs: stream ? settings.idleTimeoutMs : settings.timeoutMs,
			policy: settings.policy,
		};
	}

	/**
	 * A successful outcome's completion, remembered for later tool-call turns; otherwise the
	 * error to throw (the shared user-facing message).
	 */
	private accept(
		outcome: ChatOutcome,
		request: ChatRequest,
	): { completion: Completion; body: IDataObject } {
		const { node, itemIndex, service } = this.deps;
		if (!outcome.ok) throw modelFailureError(node, outcome.failure, outcome.message, itemIndex);
		const { completion, body } = outcome;
		this.deps.cache.remember(this.deps.cacheScope, completion);
		if (
			completion.finishReason === 'length' &&
			!completion.answer &&
			!completion.toolCalls.length
		) {
			const limit = request.maxTokens !== undefined ? ` (${request.maxTokens})` : '';
			throw modelError(
				node,
				`${service.provider.name}: the model spent the whole token budget${limit} on reasoning and gave no answer. Raise Max Tokens, lower Reasoning Effort, or turn Reasoning off.`,
				itemIndex,
			);
		}
		return { completion, body };
	}
}

// Types for server.js (plain CommonJS, so it also runs standalone with `node`).
// `import { startMockProvider } from '../mock-provider/server';` from TypeScript tests.

export type MockProviderName = 'aiml' | 'openRouter' | 'deepSeek';

export interface MockProviderConfig {
	/** Keys accepted as `Authorization: Bearer <key>`. Default aiml ['test-key-aiml'], openRouter ['test-key-openrouter'], deepSeek ['test-key-deepseek']. */
	validKeys: { aiml: string[]; openRouter: string[]; deepSeek: string[] };
	/** Delay before every chat response, ms. Default 0. */
	latencyMs: number;
	/** Chat requests beyond this many accepted ones in flight get 429 at once. Default Infinity (null over JSON). */
	maxInFlight: number;
	/** Retry-After (seconds) on 429s the mock makes itself (maxInFlight, rateLimitFraction, OpenRouter `mock:status=429`). Default 1; null = no header. */
	retryAfterSeconds: number | null;
	/** Share (0..1) of chat requests answered 429, drawn from a seeded RNG. Default 0. */
	rateLimitFraction: number;
	/** Share (0..1) of chat requests answered 500, drawn from the same seeded RNG. Default 0. */
	serverErrorFraction: number;
	/** Seed of that RNG (and of `mock:split` cut points). Default 1. */
	seed: number;
	/** Keep request headers and bodies in the log. Default true. */
	recordBodies: boolean;
	/** Log size: the last N requests. Default 2000. */
	maxRecorded: number;
	/** Tool-call turns before the final answer (also capped by tools.length). Default 2. */
	toolRounds: number;
	/** Enforce DeepSeek's reasoning-in-input rules. Default true. */
	enforceReasoningRules: boolean;
}

export interface MockProviderOptions extends Partial<MockProviderConfig> {
	/** Default 0 (a free port). */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
}

export interface MockPromptStats {
	attempts: number;
	successes: number;
}

export interface MockProviderStats {
	/** Chat completion requests received (every one, including rejected ones). */
	chatRequests: number;
	/** Successful chat completions fully sent (2xx, whole body / whole stream). */
	completed: number;
	/** Per prompt text (last user message): requests received and successful completions. */
	byPrompt: Record<string, MockPromptStats>;
	/** Chat responses by HTTP status. */
	byStatus: Record<string, number>;
	/** Chat responses with status 429 (any cause). */
	rejected429: number;
	/** Chat responses with status >= 500. */
	errors5xx: number;
	/** Most chat requests open at the same time (measured, including ones then rejected by maxInFlight). */
	maxConcurrent: number;
	/** Chat requests open right now. */
	inFlight: number;
	/** Prompts of successful answers, in the order they finished. */
	completionOrder: string[];
	/** Chat requests whose client closed the connection before the response ended. */
	aborted: number;
	/** GET /aiml/v2/billing, /openrouter/api/v1/key and /deepseek/user/balance requests. */
	keyChecks: number;
	/** Model list requests. */
	modelListRequests: number;
}

export interface MockRecordedRequest {
	provider: MockProviderName;
	method: string;
	/** Path as received, with the /aiml, /openrouter/api/v1 or /deepseek prefix and any query. */
	path: string;
	/** Lower-case request headers (null when recordBodies is false). */
	headers: Record<string, string | string[] | undefined> | null;
	/** Parsed JSON body (raw text if it was not JSON; null for GET or when recordBodies is false). */
	body: unknown;
	/** Date.now() when received. */
	at: number;
}

export interface MockProvider {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/aiml' (credential url for AIML API) */
	aimlUrl: string;
	/** url + '/openrouter/api/v1' (credential url for OpenRouter) */
	openRouterUrl: string;
	/** url + '/deepseek' (credential url for DeepSeek) */
	deepSeekUrl: string;
	port: number;
	/** Merge a partial config; returns the resulting config (JSON-safe). */
	configure(
		partial: Partial<MockProviderConfig> | Record<string, unknown>,
	): Record<string, unknown>;
	/** Back to the start options' config; clears stats, the request log and fail-times attempt counters. */
	reset(): void;
	stats(): MockProviderStats;
	/** The request log (last `maxRecorded`), oldest first. */
	readonly requests: MockRecordedRequest[];
	readonly config: Record<string, unknown>;
	close(): Promise<void>;
}

export interface MockExpectedCompletion {
	answer: string;
	reasoning: string;
	usage: {
		promptTokens: number;
		completionTokens: number;
		totalTokens: number;
		reasoningTokens: number;
		cachedTokens: number;
		cost: number | null;
	};
	model: string;
	finishReason: string;
	id: string;
	toolCalls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
}

export function startMockProvider(options?: MockProviderOptions): Promise<MockProvider>;

/**
 * The normalized item (the README's output shape) a correct client should produce from the mock's
 * successful answer to `body` (failure directives ignored). For an AIML stream without
 * `stream_options.include_usage`, usage is zeros and cost null instead.
 */
export function expectedCompletion(
	provider: MockProviderName,
	body: Record<string, unknown>,
	config?: { toolRounds?: number },
): MockExpectedCompletion;

export function parseDirectives(text: string): Map<string, string | true>;

export const DEFAULT_CONFIG: Readonly<MockProviderConfig>;
export const KNOWN_DIRECTIVES: string[];
export function mergeConfig(
	base: MockProviderConfig,
	partial: Record<string, unknown> | null | undefined,
): MockProviderConfig;

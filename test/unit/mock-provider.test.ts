/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Proves that the local mock provider (test/mock-provider) speaks the providers' wire formats
// as described in docs/providers.md, and that its controls work (DeepSeek: mock-deepseek.test.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { expectedCompletion, startMockProvider, type MockProvider } from '../mock-provider/server';

// ---- wire types (only what these tests read) ----
interface Detail {
	type: string;
	text?: string;
	summary?: string;
	data?: string;
	format?: string;
	index?: number;
}
interface ToolCallOut {
	id: string;
	type: string;
	function: { name: string; arguments: string };
}
interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	cost?: number;
	is_byok?: boolean;
	prompt_tokens_details?: { cached_tokens: number };
	completion_tokens_details?: { reasoning_tokens: number };
	prompt_cache_hit_tokens?: number;
	prompt_cache_miss_tokens?: number;
}
interface Message {
	role: string;
	content: string | null;
	reasoning_content?: string;
	reasoning?: string | null;
	reasoning_details?: Detail[];
	tool_calls?: ToolCallOut[];
}
interface ApiError {
	code: number | string;
	message: string;
	metadata?: { raw?: string; reasons?: string[]; error_type?: string; provider_name?: string };
}
interface Completion {
	id: string;
	object: string;
	model: string;
	provider?: string;
	choices: Array<{
		index: number;
		finish_reason: string;
		native_finish_reason?: string;
		message: Message;
		error?: ApiError;
	}>;
	usage?: Usage;
	meta?: { usage: { usd_spent: number; credits_used: number } };
	error?: ApiError;
}
interface Delta {
	role?: string;
	content?: string | null;
	reasoning_content?: string | null;
	reasoning?: string | null;
	reasoning_details?: Detail[];
	tool_calls?: Array<{
		index: number;
		id?: string;
		type?: string;
		function?: { name?: string; arguments?: string };
	}>;
}
interface Chunk {
	id: string;
	object: string;
	model: string;
	choices: Array<{ delta: Delta; finish_reason: string | null }>;
	usage?: Usage;
	meta?: { usage: { usd_spent: number; credits_used: number } };
	error?: ApiError;
}
interface AimlError {
	statusCode: number;
	message: string;
	path: string;
	requestId: string;
	timestamp: string;
}
interface OrError {
	error: ApiError;
}
type Provider = 'aiml' | 'openRouter';
interface Normalized {
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
interface SseResult {
	chunks: Chunk[];
	comments: string[];
	done: boolean;
	reads: number;
	error?: unknown;
}

const AIML_KEY = 'test-key-aiml';
const OR_KEY = 'test-key-openrouter';
const AIML_MODEL = 'deepseek/deepseek-thinking-v3.2-exp';
const OR_MODEL = 'deepseek/deepseek-v3.2-exp';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMockProvider();
});
afterAll(async () => {
	await mock.close();
});
beforeEach(() => {
	mock.reset();
});

function chatUrl(provider: Provider): string {
	return provider === 'aiml'
		? `${mock.aimlUrl}/v1/chat/completions`
		: `${mock.openRouterUrl}/chat/completions`;
}

function defaultModel(provider: Provider): string {
	return provider === 'aiml' ? AIML_MODEL : OR_MODEL;
}

async function post(
	provider: Provider,
	body: Record<string, unknown>,
	key?: string | null,
	signal?: AbortSignal,
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	const k = key === undefined ? (provider === 'aiml' ? AIML_KEY : OR_KEY) : key;
	if (k !== null) headers.authorization = `Bearer ${k}`;
	return await fetch(chatUrl(provider), {
		method: 'POST',
		headers,
		body: JSON.stringify(body),
		signal,
	});
}

function request(provider: Provider, prompt: string, extra: Record<string, unknown> = {}) {
	return { model: defaultModel(provider), messages: [{ role: 'user', content: prompt }], ...extra };
}

async function complete(
	provider: Provider,
	prompt: string,
	extra: Record<string, unknown> = {},
): Promise<Completion> {
	const res = await post(provider, request(provider, prompt, extra));
	expect(res.status).toBe(200);
	return (await res.json()) as Completion;
}

/** A line-buffered SSE reader over the raw byte stream (like a careful client). */
async function readSse(res: Response): Promise<SseResult> {
	const out: SseResult = { chunks: [], comments: [], done: false, reads: 0 };
	const reader = (res.body as ReadableStream<Uint8Array>).getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	const onLine = (line: string) => {
		if (line === '') return;
		if (line.startsWith(':')) {
			out.comments.push(line);
			return;
		}
		if (!line.startsWith('data:')) return;
		const data = line.slice(5).trim();
		if (data === '[DONE]') out.done = true;
		else out.chunks.push(JSON.parse(data) as Chunk);
	};
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			out.reads++;
			buffer += decoder.decode(value, { stream: true });
			let nl: number;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				onLine(buffer.slice(0, nl).replace(/\r$/, ''));
				buffer = buffer.slice(nl + 1);
			}
		}
		buffer += decoder.decode();
		if (buffer) onLine(buffer);
	} catch (e) {
		out.error = e;
	}
	return out;
}

async function stream(
	provider: Provider,
	prompt: string,
	extra: Record<string, unknown> = {},
): Promise<SseResult> {
	const res = await post(provider, request(provider, prompt, { stream: true, ...extra }));
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
	return await readSse(res);
}

function splitThink(answer: string, reasoning: string) {
	const close = answer.indexOf('</think>');
	if (close < 0) return { answer, reasoning };
	const inner = answer.slice(0, close).replace(/^\s*<think>/, '');
	return { answer: answer.slice(close + 8), reasoning: reasoning + inner };
}

function usageOf(
	provider: Provider,
	usage: Usage | undefined,
	meta: Completion['meta'],
): Normalized['usage'] {
	return {
		promptTokens: usage?.prompt_tokens ?? 0,
		completionTokens: usage?.completion_tokens ?? 0,
		totalTokens: usage?.total_tokens ?? 0,
		reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
		cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
		cost: provider === 'aiml' ? (meta?.usage.usd_spent ?? null) : (usage?.cost ?? null),
	};
}

function normalizeBody(provider: Provider, body: Completion): Normalized {
	const choice = body.choices[0];
	const m = choice.message;
	let reasoning: string;
	if (provider === 'aiml') reasoning = m.reasoning_content ?? '';
	else
		reasoning =
			m.reasoning ??
			(m.reasoning_details ?? [])
				.filter((d) => d.type === 'reasoning.text' || d.type === 'reasoning.summary')
				.map((d) => d.text ?? d.summary ?? '')
				.join('');
	const split = splitThink(m.content ?? '', reasoning);
	return {
		...split,
		usage: usageOf(provider, body.usage, body.meta),
		model: body.model,
		finishReason: choice.finish_reason,
		id: body.id,
		toolCalls: (m.tool_calls ?? []).map((t) => ({
			id: t.id,
			name: t.function.name,
			arguments: JSON.parse(t.function.arguments) as Record<string, unknown>,
		})),
	};
}

function normalizeStream(provider: Provider, sse: SseResult): Normalized {
	let content = '';
	let reasoning = '';
	let detailText = '';
	let finishReason = '';
	let usageChunk: Chunk | undefined;
	const calls: Array<{ id: string; name: string; args: string }> = [];
	for (const c of sse.chunks) {
		if (c.usage) usageChunk = c;
		for (const ch of c.choices) {
			const d = ch.delta;
			if (typeof d.content === 'string') content += d.content;
			if (provider === 'aiml' && typeof d.reasoning_content === 'string')
				reasoning += d.reasoning_content;
			if (provider === 'openRouter' && typeof d.reasoning === 'string') reasoning += d.reasoning;
			for (const det of d.reasoning_details ?? []) detailText += det.text ?? det.summary ?? '';
			for (const tc of d.tool_calls ?? []) {
				if (!calls[tc.index]) calls[tc.index] = { id: '', name: '', args: '' };
				if (tc.id) calls[tc.index].id = tc.id;
				if (tc.function?.name) calls[tc.index].name = tc.function.name;
				calls[tc.index].args += tc.function?.arguments ?? '';
			}
			if (ch.finish_reason) finishReason = ch.finish_reason;
		}
	}
	if (provider === 'openRouter' && reasoning === '') reasoning = detailText;
	const split = splitThink(content, reasoning);
	return {
		...split,
		usage: usageOf(provider, usageChunk?.usage, usageChunk?.meta),
		model: sse.chunks[0].model,
		finishReason,
		id: sse.chunks[0].id,
		toolCalls: calls.map((c) => ({
			id: c.id,
			name: c.name,
			arguments: JSON.parse(c.args) as Record<string, unknown>,
		})),
	};
}

describe('AIML API format', () => {
	it('answers non-streaming with reasoning_content, DeepSeek usage fields, meta cost and cost headers', async () => {
		const res = await post('aiml', request('aiml', 'What is 2+2?'));
		expect(res.status).toBe(200);
		expect(res.headers.get('x-inference-id')).toBeTruthy();
		const body = (await res.json()) as Completion;
		expect(body.object).toBe('chat.completion');
		expect(body.id).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(body.model).toBe('deepseek-reasoner');
		const m = body.choices[0].message;
		expect(m).toEqual({
			role: 'assistant',
			content: 'Answer: What is 2+2?',
			reasoning_content: 'Reasoning about: What is 2+2?',
		});
		expect(body.choices[0].finish_reason).toBe('stop');
		const u = body.usage as Usage;
		expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
		expect(u.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
		expect(u.prompt_tokens_details?.cached_tokens).toBe(0);
		expect(u.prompt_cache_hit_tokens).toBe(0);
		expect(u.prompt_cache_miss_tokens).toBe(u.prompt_tokens);
		expect(body.meta?.usage.usd_spent).toBeGreaterThan(0);
		expect(body.meta?.usage.credits_used).toBeGreaterThan(0);
		expect(Number(res.headers.get('x-aimlapi-usd-spent'))).toBe(body.meta?.usage.usd_spent);
		expect(normalizeBody('aiml', body)).toEqual(
			expectedCompletion('aiml', request('aiml', 'What is 2+2?')),
		);
	});

	it('streams reasoning_content then content; with include_usage the stream equals the non-streaming body', async () => {
		const prompt = 'Stream me';
		const body = await complete('aiml', prompt);
		const sse = await stream('aiml', prompt, { stream_options: { include_usage: true } });
		expect(sse.done).toBe(true);
		expect(
			sse.chunks.every(
				(c) => c.object === 'chat.completion.chunk' && c.id === body.id && c.model === body.model,
			),
		).toBe(true);
		expect(sse.chunks[0].choices[0].delta).toEqual({
			role: 'assistant',
			content: null,
			reasoning_content: '',
		});
		const reasoningChunks = sse.chunks.filter((c) => c.choices[0]?.delta.reasoning_content);
		expect(reasoningChunks.length).toBeGreaterThan(1);
		expect(reasoningChunks.every((c) => c.choices[0].delta.content === null)).toBe(true);
		const last = sse.chunks[sse.chunks.length - 1];
		expect(last.choices).toEqual([]);
		expect(last.meta?.usage.usd_spent).toBe(body.meta?.usage.usd_spent);
		expect(normalizeStream('aiml', sse)).toEqual(normalizeBody('aiml', body));

		const noUsage = await stream('aiml', prompt);
		expect(noUsage.chunks.some((c) => c.usage)).toBe(false);
		expect(normalizeStream('aiml', noUsage).answer).toBe(`Answer: ${prompt}`);
	});

	it('gives no reasoning for the non-thinking model and echoes its id', async () => {
		const body = await complete('aiml', 'plain', {
			model: 'deepseek/deepseek-non-thinking-v3.2-exp',
		});
		expect(body.model).toBe('deepseek/deepseek-non-thinking-v3.2-exp');
		expect(body.choices[0].message.reasoning_content).toBeUndefined();
		expect(body.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
	});
});

describe('OpenRouter format', () => {
	it('answers non-streaming with reasoning, reasoning_details, native_finish_reason and usage.cost', async () => {
		const res = await post(
			'openRouter',
			request('openRouter', 'Why is the sky blue?', { reasoning: { enabled: true } }),
		);
		expect(res.status).toBe(200);
		const body = (await res.json()) as Completion;
		expect(body.id).toMatch(/^gen-\d+$/);
		expect(res.headers.get('x-generation-id')).toBe(body.id);
		expect(body.model).toBe(OR_MODEL);
		const m = body.choices[0].message;
		expect(m.content).toBe('Answer: Why is the sky blue?');
		expect(m.reasoning).toBe('Reasoning about: Why is the sky blue?');
		expect(m.reasoning_details).toEqual([
			{
				type: 'reasoning.text',
				text: 'Reasoning about: Why is the sky blue?',
				format: 'unknown',
				index: 0,
			},
		]);
		expect(body.choices[0].native_finish_reason).toBe('stop');
		expect(body.usage?.cost).toBeGreaterThan(0);
		expect(body.usage?.is_byok).toBe(false);
		expect(body.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
		expect(normalizeBody('openRouter', body)).toEqual(
			expectedCompletion(
				'openRouter',
				request('openRouter', 'Why is the sky blue?', { reasoning: { enabled: true } }),
			),
		);
	});

	it('streams reasoning + reasoning_details pieces, content, finish, a usage chunk and [DONE]; equal to non-streaming', async () => {
		const body = await complete('openRouter', 'Stream OR');
		const sse = await stream('openRouter', 'Stream OR');
		expect(sse.done).toBe(true);
		expect(sse.chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
		const rc = sse.chunks.filter((c) => c.choices[0]?.delta.reasoning);
		expect(rc.length).toBeGreaterThan(1);
		for (const c of rc) {
			expect(c.choices[0].delta.reasoning_details).toEqual([
				{ type: 'reasoning.text', text: c.choices[0].delta.reasoning, index: 0, format: 'unknown' },
			]);
		}
		const last = sse.chunks[sse.chunks.length - 1];
		expect(last.choices).toEqual([]);
		expect(last.usage?.cost).toBe(body.usage?.cost);
		expect(normalizeStream('openRouter', sse)).toEqual(normalizeBody('openRouter', body));
	});

	it('has no reasoning with reasoning.enabled=false', async () => {
		const body = await complete('openRouter', 'no thinking', { reasoning: { enabled: false } });
		expect(body.choices[0].message.reasoning).toBeNull();
		expect(body.choices[0].message.reasoning_details).toBeUndefined();
		expect(body.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
		const sse = await stream('openRouter', 'no thinking', { reasoning: { enabled: false } });
		expect(
			sse.chunks.some(
				(c) => c.choices[0]?.delta.reasoning || c.choices[0]?.delta.reasoning_details,
			),
		).toBe(false);
	});
});

describe('auth, key checks and model lists', () => {
	it('rejects a missing or bad key on chat with each provider’s 401 body', async () => {
		const a = await post('aiml', request('aiml', 'x'), 'wrong');
		expect(a.status).toBe(401);
		const ab = (await a.json()) as AimlError;
		expect(ab).toMatchObject({ statusCode: 401, path: '/v1/chat/completions' });
		expect(ab.message).toMatch(/valid API key/);
		expect(typeof ab.requestId).toBe('string');
		expect(typeof ab.timestamp).toBe('string');

		const o = await post('openRouter', request('openRouter', 'x'), null);
		expect(o.status).toBe(401);
		expect((await o.json()) as OrError).toEqual({
			error: { code: 401, message: 'No auth credentials found' },
		});
		const o2 = await post('openRouter', request('openRouter', 'x'), 'wrong');
		expect(((await o2.json()) as OrError).error.message).toBe('User not found.');
	});

	it('checks keys on /v2/billing and /key', async () => {
		const ok = await fetch(`${mock.aimlUrl}/v2/billing`, {
			headers: { authorization: `Bearer ${AIML_KEY}` },
		});
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ current_balance: 12.5, currency: 'USD' });
		const bad = await fetch(`${mock.aimlUrl}/v2/billing`, {
			headers: { authorization: 'Bearer nope' },
		});
		expect(bad.status).toBe(401);
		expect(((await bad.json()) as AimlError).statusCode).toBe(401);

		const orOk = await fetch(`${mock.openRouterUrl}/key`, {
			headers: { authorization: `Bearer ${OR_KEY}` },
		});
		expect(orOk.status).toBe(200);
		expect(await orOk.json()).toMatchObject({
			data: { label: 'mock key', limit: null, usage: 0, is_free_tier: false },
		});
		const orBad = await fetch(`${mock.openRouterUrl}/key`);
		expect(orBad.status).toBe(401);
		expect(mock.stats().keyChecks).toBe(4);

		mock.configure({ validKeys: { aiml: ['other'] } });
		const swapped = await fetch(`${mock.aimlUrl}/v2/billing`, {
			headers: { authorization: 'Bearer other' },
		});
		expect(swapped.status).toBe(200);
	});

	it('serves public model lists with chat and non-chat models', async () => {
		const aimlModels = (await (await fetch(`${mock.aimlUrl}/v1/models`)).json()) as {
			object: string;
			data: Array<{
				id: string;
				type: string;
				info: { name: string; developer: string; contextLength: number | null };
			}>;
		};
		expect(aimlModels.object).toBe('list');
		const ids = aimlModels.data.map((m) => m.id);
		expect(ids).toEqual(
			expect.arrayContaining([
				'deepseek/deepseek-thinking-v3.2-exp',
				'deepseek/deepseek-non-thinking-v3.2-exp',
			]),
		);
		expect(aimlModels.data.some((m) => m.type === 'image')).toBe(true);
		expect(
			aimlModels.data
				.filter((m) => m.type !== 'image')
				.every((m) => /chat-completion/.test(m.type)),
		).toBe(true);

		const orModels = (await (await fetch(`${mock.openRouterUrl}/models`)).json()) as {
			data: Array<{
				id: string;
				name: string;
				context_length: number;
				pricing: { prompt: string; completion: string };
				supported_parameters: string[];
			}>;
		};
		const ds = orModels.data.find((m) => m.id === OR_MODEL);
		expect(ds?.pricing).toMatchObject({ prompt: '0.0000003', completion: '0.0000005' });
		expect(ds?.supported_parameters).toContain('reasoning');
	});
});

describe('status directives and retries', () => {
	it('answers mock:status=NNN with provider-shaped errors and Retry-After', async () => {
		const a = await post('aiml', request('aiml', 'broke mock:status=403'));
		expect(a.status).toBe(403);
		expect(((await a.json()) as AimlError).message).toBe(
			"You've run out of credits. Please top up your balance",
		);

		const o402 = await post('openRouter', request('openRouter', 'broke mock:status=402'));
		expect(o402.status).toBe(402);
		expect(((await o402.json()) as OrError).error).toMatchObject({
			code: 402,
			metadata: { error_type: 'payment_required' },
		});

		const o403 = await post('openRouter', request('openRouter', 'flagged mock:status=403'));
		expect(((await o403.json()) as OrError).error.metadata?.reasons).toEqual(['harassment']);

		const o429 = await post(
			'openRouter',
			request('openRouter', 'busy mock:status=429 mock:retry-after=7'),
		);
		expect(o429.status).toBe(429);
		expect(o429.headers.get('retry-after')).toBe('7');

		const dated = await post(
			'aiml',
			request('aiml', 'busy mock:status=503 mock:retry-after-date=30'),
		);
		expect(dated.status).toBe(503);
		const when = Date.parse(dated.headers.get('retry-after') ?? '');
		expect(when - Date.now()).toBeGreaterThan(25000);

		const created = await post('aiml', request('aiml', 'odd mock:status=201'));
		expect(created.status).toBe(201);
		expect(((await created.json()) as Completion).choices[0].message.content).toBe(
			'Answer: odd mock:status=201',
		);
		expect(mock.stats().errors5xx).toBe(1);
		expect(mock.stats().rejected429).toBe(1);
	});

	it('fails only the first N attempts with mock:fail-times=N, per provider and prompt', async () => {
		const prompt = 'flaky mock:status=503 mock:fail-times=2';
		expect((await post('openRouter', request('openRouter', prompt))).status).toBe(503);
		expect((await post('openRouter', request('openRouter', prompt))).status).toBe(503);
		expect((await post('openRouter', request('openRouter', prompt))).status).toBe(200);
		expect((await post('aiml', request('aiml', prompt))).status).toBe(503);
		expect(mock.stats().byPrompt[prompt]).toEqual({ attempts: 4, successes: 1 });
		mock.reset();
		expect((await post('openRouter', request('openRouter', prompt))).status).toBe(503);
	});

	it('shapes other failures: wrapped AIML error, errors inside 200, HTML, empty body, echoed key', async () => {
		const wrapped = await post('aiml', request('aiml', 'x mock:aiml-wrapped'));
		expect(wrapped.status).toBe(500);
		expect(((await wrapped.json()) as AimlError).message).toBe(
			`400 Unable to access model ${AIML_MODEL}.`,
		);

		const in200 = (await complete('openRouter', 'x mock:error-in-200')).choices[0];
		expect(in200.finish_reason).toBe('error');
		expect(in200.error).toEqual({
			code: 502,
			message: 'Upstream error',
			metadata: { error_type: 'provider_unavailable' },
		});

		const top = await complete('openRouter', 'x mock:error-top-200');
		expect(top.error?.code).toBe('server_error');

		const html = await post('openRouter', request('openRouter', 'x mock:not-json=502'));
		expect(html.status).toBe(502);
		expect(html.headers.get('content-type')).toMatch(/text\/html/);
		expect(await html.text()).toMatch(/<html>/);

		const empty = await post('aiml', request('aiml', 'x mock:no-body=504'));
		expect(empty.status).toBe(504);
		expect(await empty.text()).toBe('');

		const echo = await post('openRouter', request('openRouter', 'x mock:echo-key'));
		expect(echo.status).toBe(400);
		expect(await echo.text()).toContain(OR_KEY);

		const blank = await post('aiml', request('aiml', 'x mock:leading-blank'));
		const text = await blank.text();
		expect(text).toMatch(/^\s+\{/);
		expect((JSON.parse(text.trim()) as Completion).choices[0].message.content).toBe(
			'Answer: x mock:leading-blank',
		);
	});

	it('cuts connections with mock:reset and mock:truncate', async () => {
		await expect(post('aiml', request('aiml', 'x mock:reset'))).rejects.toThrow();
		const res = await post('openRouter', request('openRouter', 'x mock:truncate'));
		expect(res.status).toBe(200);
		await expect(res.text()).rejects.toThrow();
		expect(mock.stats().completed).toBe(0);
		expect(mock.stats().aborted).toBe(0);
	});
});

describe('answer shape directives', () => {
	it('moves reasoning into <think> tags, straddling stream chunks', async () => {
		const body = await complete('aiml', 'q mock:think-tags');
		expect(body.choices[0].message.reasoning_content).toBeUndefined();
		expect(body.choices[0].message.content).toBe(
			'<think>Reasoning about: q mock:think-tags</think>Answer: q mock:think-tags',
		);
		const sse = await stream('aiml', 'q mock:think-tags', {
			stream_options: { include_usage: true },
		});
		const pieces = sse.chunks
			.map((c) => c.choices[0]?.delta.content)
			.filter((p): p is string => typeof p === 'string' && p !== '');
		expect(pieces.some((p) => p.includes('<think>'))).toBe(false);
		expect(pieces.some((p) => p.includes('</think>'))).toBe(false);
		expect(normalizeStream('aiml', sse)).toEqual(normalizeBody('aiml', body));

		const close = await complete('openRouter', 'q mock:think-close');
		expect(close.choices[0].message.content).toBe(
			'Reasoning about: q mock:think-close</think>Answer: q mock:think-close',
		);
		expect(close.choices[0].message.reasoning).toBeNull();
	});

	it('varies OpenRouter reasoning_details', async () => {
		const only = (await complete('openRouter', 'q mock:details-only')).choices[0].message;
		expect(only.reasoning).toBeNull();
		expect(only.reasoning_details?.[0]).toMatchObject({
			type: 'reasoning.text',
			text: 'Reasoning about: q mock:details-only',
		});

		const summary = (await complete('openRouter', 'q mock:summary')).choices[0].message;
		expect(summary.reasoning_details?.[0]).toMatchObject({
			type: 'reasoning.summary',
			summary: 'Reasoning about: q mock:summary',
		});

		const enc = (await complete('openRouter', 'q mock:encrypted mock:unknown-detail')).choices[0]
			.message;
		expect(enc.reasoning).toBeNull();
		expect(enc.reasoning_details?.map((d) => d.type)).toEqual([
			'reasoning.encrypted',
			'reasoning.mystery',
		]);
		expect(typeof enc.reasoning_details?.[0].data).toBe('string');

		const sse = await stream('openRouter', 'q mock:details-only');
		expect(normalizeStream('openRouter', sse)).toEqual(
			normalizeBody('openRouter', await complete('openRouter', 'q mock:details-only')),
		);
	});

	it('handles empty reasoning, length, empty content, missing usage or cost, cached tokens and JSON mode', async () => {
		const er = await complete('aiml', 'q mock:empty-reasoning');
		expect(er.choices[0].message.reasoning_content).toBe('');
		expect(er.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);

		const len = await complete('openRouter', 'q mock:length');
		expect(len.choices[0]).toMatchObject({
			finish_reason: 'length',
			message: { content: '', reasoning: 'Reasoning about: q mock:length' },
		});

		const ec = await complete('openRouter', 'q mock:empty-content');
		expect(ec.choices[0]).toMatchObject({
			finish_reason: 'stop',
			message: { content: '', reasoning: null },
		});

		expect((await complete('openRouter', 'q mock:no-usage')).usage).toBeUndefined();
		const noCost = await post('aiml', request('aiml', 'q mock:no-cost'));
		expect(noCost.headers.get('x-aimlapi-usd-spent')).toBeNull();
		expect(((await noCost.json()) as Completion).meta).toBeUndefined();
		expect((await complete('openRouter', 'q mock:no-cost')).usage?.cost).toBeUndefined();

		const cached = await complete('aiml', 'q mock:cached=2');
		expect(cached.usage).toMatchObject({
			prompt_tokens_details: { cached_tokens: 2 },
			prompt_cache_hit_tokens: 2,
		});

		const json = await complete('openRouter', 'give me data', {
			response_format: { type: 'json_object' },
		});
		expect(JSON.parse(json.choices[0].message.content ?? '')).toEqual({
			prompt: 'give me data',
			ok: true,
		});
		const fenced = await complete('aiml', 'Reply in JSON mock:json-fence');
		expect(fenced.choices[0].message.content).toMatch(/^```json\n\{.*\}\n```$/);
	});
});

describe('streaming fault directives', () => {
	it('survives split writes with multi-byte characters and keep-alive comments', async () => {
		const prompt = 'split é mock:split mock:keepalive';
		const body = await complete('openRouter', prompt);
		expect(body.choices[0].message.content).toMatch(/café ☕ 🚀$/);
		const sse = await stream('openRouter', prompt);
		expect(sse.reads).toBeGreaterThan(sse.chunks.length);
		expect(sse.comments).toContain(': OPENROUTER PROCESSING');
		expect(normalizeStream('openRouter', sse)).toEqual(normalizeBody('openRouter', body));
	});

	it('sends a mid-stream error chunk, drops, stalls, or ends without [DONE]', async () => {
		const mid = await stream('openRouter', 'q mock:mid-error');
		const errChunk = mid.chunks[mid.chunks.length - 1];
		expect(errChunk.error).toMatchObject({ code: 'server_error' });
		expect(errChunk.choices[0]).toMatchObject({ delta: { content: '' }, finish_reason: 'error' });
		expect(mid.done).toBe(false);

		const drop = await stream('aiml', 'q mock:drop');
		expect(drop.done).toBe(false);
		expect(drop.chunks.some((c) => c.choices[0]?.finish_reason)).toBe(false);

		const started = Date.now();
		const stall = await stream('openRouter', 'q mock:stall=150');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(stall.done).toBe(true);

		const noDone = await stream('openRouter', 'q mock:no-done');
		expect(noDone.done).toBe(false);
		expect(noDone.chunks[noDone.chunks.length - 1].usage).toBeDefined();
		expect(mock.stats().completed).toBe(2);
	});
});

describe('load controls', () => {
	it('rejects requests beyond maxInFlight with 429 + Retry-After and measures concurrency', async () => {
		mock.configure({ latencyMs: 120, maxInFlight: 2, retryAfterSeconds: 3 });
		const results = await Promise.all(
			[1, 2, 3, 4, 5].map(async (i) => await post('openRouter', request('openRouter', `c${i}`))),
		);
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429, 429]);
		const rejected = results.find((r) => r.status === 429);
		expect(rejected?.headers.get('retry-after')).toBe('3');
		await Promise.all(results.map(async (r) => await r.text()));
		const s = mock.stats();
		// the rejected ones close at once, so at least the 2 accepted + 1 being rejected overlapped
		expect(s.maxConcurrent).toBeGreaterThanOrEqual(3);
		expect(s.rejected429).toBe(3);
		expect(s.completed).toBe(2);
		expect(s.inFlight).toBe(0);

		mock.reset();
		mock.configure({ latencyMs: 60 });
		await Promise.all(
			[1, 2, 3, 4, 5, 6].map(
				async (i) => await (await post('aiml', request('aiml', `p${i}`))).text(),
			),
		);
		expect(mock.stats()).toMatchObject({ maxConcurrent: 6, completed: 6, rejected429: 0 });
	});

	it('injects seeded random 429/500 failures', async () => {
		const run = async () => {
			mock.reset();
			mock.configure({ rateLimitFraction: 0.3, serverErrorFraction: 0.2, seed: 42 });
			const out: number[] = [];
			for (let i = 0; i < 20; i++) out.push((await post('aiml', request('aiml', `r${i}`))).status);
			return out;
		};
		const first = await run();
		expect(await run()).toEqual(first);
		expect(first).toContain(429);
		expect(first).toContain(500);
		expect(first).toContain(200);
	});

	it('counts clients that abort before the response ends', async () => {
		const controller = new AbortController();
		const pending = post(
			'aiml',
			request('aiml', 'slow mock:delay=400'),
			undefined,
			controller.signal,
		);
		setTimeout(() => controller.abort(), 50);
		await expect(pending).rejects.toThrow();
		for (let i = 0; i < 50 && mock.stats().aborted === 0; i++)
			await new Promise((r) => setTimeout(r, 10));
		expect(mock.stats().aborted).toBe(1);
	});
});

describe('DeepSeek reasoning rules', () => {
	it('AIML V3.2-Exp rejects reasoning_content on a plain assistant message', async () => {
		const res = await post('aiml', {
			model: AIML_MODEL,
			messages: [
				{ role: 'user', content: 'hi' },
				{ role: 'assistant', content: 'Answer: hi', reasoning_content: 'Reasoning about: hi' },
				{ role: 'user', content: 'again' },
			],
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as AimlError).message).toMatch(
			/reasoning_content.*not supported in input messages/,
		);
	});

	const tools = [
		{
			type: 'function',
			function: {
				name: 'lookup',
				description: 'look up',
				parameters: {
					type: 'object',
					properties: { query: { type: 'string' }, limit: { type: 'integer' } },
					required: ['query'],
				},
			},
		},
		{
			type: 'function',
			function: {
				name: 'flag',
				parameters: { type: 'object', properties: { on: { type: 'boolean' } } },
			},
		},
	];

	it('requires reasoning on assistant tool-call messages (both providers)', async () => {
		for (const provider of ['aiml', 'openRouter'] as const) {
			const first = await complete(provider, 'use tools', { tools });
			const call = first.choices[0].message.tool_calls?.[0] as ToolCallOut;
			const bare = {
				model: defaultModel(provider),
				tools,
				messages: [
					{ role: 'user', content: 'use tools' },
					{ role: 'assistant', content: '', tool_calls: [call] },
					{ role: 'tool', tool_call_id: call.id, content: 'result A' },
				],
			};
			const res = await post(provider, bare);
			expect(res.status).toBe(400);
			const text = await res.text();
			expect(text).toContain(
				'Missing `reasoning_content` field in the assistant message at message index 1',
			);
			if (provider === 'openRouter') {
				const err = (JSON.parse(text) as OrError).error;
				expect(err.message).toBe('Provider returned error');
				expect(err.metadata?.provider_name).toBe('DeepSeek');
			}
		}
	});

	it('OpenRouter requires reasoning_details back unchanged', async () => {
		const first = await complete('openRouter', 'use tools', { tools });
		const m = first.choices[0].message;
		const call = m.tool_calls?.[0] as ToolCallOut;
		const convo = (details: Detail[]) => ({
			model: OR_MODEL,
			tools,
			messages: [
				{ role: 'user', content: 'use tools' },
				{ role: 'assistant', content: '', tool_calls: [call], reasoning_details: details },
				{ role: 'tool', tool_call_id: call.id, content: 'result A' },
			],
		});
		const modified = await post(
			'openRouter',
			convo([{ ...(m.reasoning_details as Detail[])[0], text: 'changed' }]),
		);
		expect(modified.status).toBe(400);
		const ok = await post('openRouter', convo(m.reasoning_details as Detail[]));
		expect(ok.status).toBe(200);
	});
});

describe('tool calls', () => {
	const tools = [
		{
			type: 'function',
			function: {
				name: 'lookup',
				parameters: {
					type: 'object',
					properties: { query: { type: 'string' }, limit: { type: 'integer' } },
					required: ['query'],
				},
			},
		},
		{
			type: 'function',
			function: {
				name: 'flag',
				parameters: {
					type: 'object',
					properties: { on: { type: 'boolean' }, ratio: { type: 'number' } },
				},
			},
		},
	];

	it('runs tool rounds then a final answer with the tool results (non-streaming and streaming agree)', async () => {
		for (const provider of ['aiml', 'openRouter'] as const) {
			const messages: Array<Record<string, unknown>> = [{ role: 'user', content: 'agent task' }];
			const names: string[] = [];
			for (let round = 0; round < 3; round++) {
				const body = { model: defaultModel(provider), tools, messages };
				const res = await post(provider, body);
				expect(res.status).toBe(200);
				const completion = (await res.json()) as Completion;
				const sse = await readSse(
					await post(provider, { ...body, stream: true, stream_options: { include_usage: true } }),
				);
				expect(normalizeStream(provider, sse)).toEqual(normalizeBody(provider, completion));
				const m = completion.choices[0].message;
				if (round < 2) {
					expect(completion.choices[0].finish_reason).toBe('tool_calls');
					expect(m.content).toBe('');
					const call = (m.tool_calls as ToolCallOut[])[0];
					expect(call.id).toMatch(/^call_/);
					names.push(call.function.name);
					messages.push({ ...m });
					messages.push({ role: 'tool', tool_call_id: call.id, content: `result ${round}` });
				} else {
					expect(completion.choices[0].finish_reason).toBe('stop');
					expect(m.content).toBe('Answer: agent task | tools: result 0 ; result 1');
				}
			}
			expect(names).toEqual(['lookup', 'flag']);
			const firstCall = normalizeBody(provider, await complete(provider, 'agent task', { tools }))
				.toolCalls[0];
			expect(firstCall.arguments).toEqual({ query: 'test input', limit: 3 });
		}
	});
});

describe('admin API and CLI', () => {
	it('controls the mock over HTTP', async () => {
		const cfg = await fetch(`${mock.url}/__mock/config`, {
			method: 'POST',
			body: JSON.stringify({ latencyMs: 5, maxInFlight: 7 }),
		});
		expect(await cfg.json()).toMatchObject({ latencyMs: 5, maxInFlight: 7 });
		await post('aiml', request('aiml', 'admin'));
		const stats = (await (await fetch(`${mock.url}/__mock/stats`)).json()) as {
			chatRequests: number;
			completed: number;
		};
		expect(stats).toMatchObject({ chatRequests: 1, completed: 1 });
		const reqs = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as Array<{
			provider: string;
			method: string;
			path: string;
			body: { model: string };
		}>;
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({
			provider: 'aiml',
			method: 'POST',
			path: '/aiml/v1/chat/completions',
			body: { model: AIML_MODEL },
		});
		expect(mock.requests).toHaveLength(1);
		await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
		expect(mock.stats().chatRequests).toBe(0);
		expect(mock.config).toMatchObject({ latencyMs: 0, maxInFlight: null });
	});

	it('runs standalone from cli.js and stops on SIGTERM', async () => {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- runs the mock's own CLI, a test fixture
		const child = spawn(
			process.execPath,
			[join(__dirname, '..', 'mock-provider', 'cli.js'), '--port', '0', '--latency-ms', '1'],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const line = await new Promise<string>((resolve, reject) => {
			let buf = '';
			child.stdout.on('data', (d: Buffer) => {
				buf += d.toString();
				if (buf.includes('\n')) resolve(buf.split('\n')[0]);
			});
			child.once('error', reject);
			child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
		});
		const info = JSON.parse(line) as { url: string; aimlUrl: string; openRouterUrl: string };
		expect(info.aimlUrl).toBe(`${info.url}/aiml`);
		expect(info.openRouterUrl).toBe(`${info.url}/openrouter/api/v1`);
		const cfg = (await (await fetch(`${info.url}/__mock/config`)).json()) as { latencyMs: number };
		expect(cfg.latencyMs).toBe(1);
		const exited = new Promise<number | null>((resolve) =>
			child.once('exit', (code) => resolve(code)),
		);
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});

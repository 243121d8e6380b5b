// The mock provider's DeepSeek flavour (test/mock-provider/deepseek.js) speaks DeepSeek's own
// API as docs/providers.md describes it: reasoning_content, DeepSeek's cache counters and no
// cost, OpenAI-style error bodies, /user/balance, a key-protected /models and only its own models.
import { expectedCompletion, startMockProvider, type MockProvider } from '../mock-provider/server';

const KEY = 'test-key-deepseek';
let mock: MockProvider;

beforeAll(async () => {
	mock = await startMockProvider();
});
afterAll(async () => {
	await mock.close();
});
beforeEach(() => mock.reset());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies, read deeply
type Json = Record<string, any>;

async function post(body: Json, key: string | null = KEY) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const res = await fetch(`${mock.deepSeekUrl}/chat/completions`, {
		method: 'POST',
		headers,
		body: JSON.stringify(body),
	});
	return { status: res.status, headers: res.headers, text: await res.text() };
}

const ask = (prompt: string, extra: Json = {}) => ({
	model: 'deepseek-reasoner',
	messages: [{ role: 'user', content: prompt }],
	...extra,
});

describe('DeepSeek flavour of the mock provider', () => {
	it('answers with reasoning_content, DeepSeek usage counters and no cost, as expectedCompletion says', async () => {
		const body = ask('Why is the sky blue? mock:cached=3');
		const res = await post(body);
		expect(res.status).toBe(200);
		const json = JSON.parse(res.text) as Json;
		expect(json.model).toBe('deepseek-reasoner');
		expect(json.meta).toBeUndefined();
		expect(json.choices[0].message).toEqual({
			role: 'assistant',
			content: 'Answer: Why is the sky blue? mock:cached=3',
			reasoning_content: 'Reasoning about: Why is the sky blue? mock:cached=3',
		});
		expect(json.usage.prompt_tokens_details).toBeUndefined();
		expect(json.usage.prompt_cache_hit_tokens).toBe(3);
		const expected = expectedCompletion('deepSeek', body);
		expect(expected.usage).toEqual({
			promptTokens: json.usage.prompt_tokens,
			completionTokens: json.usage.completion_tokens,
			totalTokens: json.usage.total_tokens,
			reasoningTokens: json.usage.completion_tokens_details.reasoning_tokens,
			cachedTokens: 3,
			cost: null,
		});
		expect(expected.id).toBe(json.id);
	});

	it('does not think on deepseek-chat, and rejects models DeepSeek does not serve', async () => {
		const chat = JSON.parse((await post(ask('Hi', { model: 'deepseek-chat' }))).text) as Json;
		expect(chat.choices[0].message.reasoning_content).toBeUndefined();
		expect(chat.usage.completion_tokens_details.reasoning_tokens).toBe(0);
		const unknown = await post(ask('Hi', { model: 'deepseek/deepseek-v3.2-exp' }));
		expect(unknown.status).toBe(400);
		expect(JSON.parse(unknown.text)).toEqual({
			error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' },
		});
	});

	it('streams reasoning_content deltas and a usage chunk with empty choices only when asked', async () => {
		const withUsage = await post(ask('Hi', { stream: true, stream_options: { include_usage: true } }));
		const events = withUsage.text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
		expect(events.at(-1)).toBe('[DONE]');
		const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as Json);
		const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta?.reasoning_content ?? '').join('');
		expect(reasoning).toBe('Reasoning about: Hi');
		expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_cache_hit_tokens: 0 } });
		const without = await post(ask('Hi', { stream: true }));
		expect(without.text).not.toContain('"usage"');
	});

	it('answers a bad key, an empty balance, bad parameters and overload in DeepSeek\'s error shape', async () => {
		const badKey = await post(ask('Hi'), 'sk-wrong-key-1234');
		expect(badKey.status).toBe(401);
		expect(JSON.parse(badKey.text)).toEqual({
			error: {
				message: 'Authentication Fails, Your api key: ****1234 is invalid',
				type: 'authentication_error',
				param: null,
				code: 'authentication_error',
			},
		});
		for (const [status, type, message] of [
			[402, 'unknown_error', 'Insufficient Balance'],
			[422, 'invalid_request_error', 'Invalid Parameters: max_tokens must be at most 65536'],
			[429, 'rate_limit_error', 'Rate Limit Reached'],
			[503, 'server_error', 'Server Overloaded: the server is overloaded due to high traffic'],
		] as const) {
			const res = await post(ask(`Hi mock:status=${status}`));
			expect(res.status).toBe(status);
			expect(JSON.parse(res.text)).toEqual({ error: { message, type, param: null, code: type } });
		}
	});

	it('checks keys on /user/balance and lists models only for a valid key', async () => {
		const get = async (path: string, key: string) =>
			await fetch(`${mock.deepSeekUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
		const balance = await get('/user/balance', KEY);
		expect(balance.status).toBe(200);
		expect(await balance.json()).toMatchObject({ is_available: true, balance_infos: [{ currency: 'USD' }] });
		expect((await get('/user/balance', 'nope')).status).toBe(401);
		const models = await get('/models', KEY);
		expect(await models.json()).toEqual({
			object: 'list',
			data: [
				{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' },
				{ id: 'deepseek-reasoner', object: 'model', owned_by: 'deepseek' },
			],
		});
		expect((await get('/models', 'nope')).status).toBe(401);
		expect(mock.stats()).toMatchObject({ keyChecks: 2, modelListRequests: 2 });
	});

	it('requires reasoning_content back on tool-call turns and accepts it on plain turns', async () => {
		const tools = [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: {} } } }];
		const first = JSON.parse((await post(ask('use tools', { tools }))).text) as Json;
		const message = first.choices[0].message;
		expect(message.tool_calls).toHaveLength(1);
		const turn = (assistant: Json) => ({
			model: 'deepseek-reasoner',
			tools,
			messages: [
				{ role: 'user', content: 'use tools' },
				assistant,
				{ role: 'tool', tool_call_id: message.tool_calls[0].id, content: '3' },
			],
		});
		const bare = await post(turn({ role: 'assistant', content: '', tool_calls: message.tool_calls }));
		expect(bare.status).toBe(400);
		expect(JSON.parse(bare.text).error.message).toBe(
			'Missing `reasoning_content` field in the assistant message at message index 1',
		);
		const carried = await post(turn(message));
		expect(carried.status).toBe(200);
		const plain = await post({
			model: 'deepseek-reasoner',
			messages: [
				{ role: 'user', content: 'Hi' },
				{ role: 'assistant', content: 'Hello', reasoning_content: 'ignored by V3.2' },
				{ role: 'user', content: 'Again' },
			],
		});
		expect(plain.status).toBe(200);
	});
});

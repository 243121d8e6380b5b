import type { IDataObject } from 'n8n-workflow';

import type { MockProvider } from '../support/chatWorkflow';
import { waitFor } from '../support/waitFor';
import { chatRequests, jsonOf, runChat, startMock } from '../support/chatWorkflow';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());


const COMMON = [
	'',
	'mock:think-tags',
	'mock:think-close',
	'mock:empty-reasoning',
	'mock:length',
	'mock:empty-content',
	'mock:no-usage',
	'mock:no-cost',
	'mock:cached=5',
	'mock:json-fence',
	'mock:leading-blank',
];
// Stream-only wire quirks: the non-streaming twin of the same prompt is a plain answer.
const STREAM_QUIRKS = ['mock:keepalive', 'mock:split', 'mock:no-done', 'mock:stall=300'];
const OPENROUTER_ONLY = ['mock:details-only', 'mock:summary', 'mock:encrypted', 'mock:unknown-detail'];

const cases: Array<['aimlApi' | 'openRouter', string]> = [
	...[...COMMON, ...STREAM_QUIRKS].map((d): ['aimlApi', string] => ['aimlApi', d]),
	...[...COMMON, ...STREAM_QUIRKS, ...OPENROUTER_ONLY].map((d): ['openRouter', string] => ['openRouter', d]),
];

async function itemFor(provider: 'aimlApi' | 'openRouter', prompt: string, stream: boolean) {
	const result = await runChat({
		mock,
		provider,
		prompts: [prompt],
		options: { stream, maxTokens: 256, ...(prompt.includes('fence') ? { outputFormat: 'json' } : {}) },
	});
	expect(result.status).toBe('success');
	return jsonOf(result.items('Reasoning Chat'))[0];
}

describe('streaming gives exactly the non-streaming item', () => {
	it.each(cases)('%s %s', async (provider, directive) => {
		const prompt = `Explain tides briefly ${directive}`.trim();
		const plain = await itemFor(provider, prompt, false);
		const streamed = await itemFor(provider, prompt, true);
		expect(streamed).toEqual(plain);
		const [plainRequest, streamRequest] = chatRequests(mock);
		expect(plainRequest.body.stream).toBeUndefined();
		expect(streamRequest.body.stream).toBe(true);
		expect(streamRequest.headers.accept).toBe('text/event-stream');
		if (provider === 'aimlApi') expect(streamRequest.body.stream_options).toEqual({ include_usage: true });
	});

	it('reports usage and cost from the final stream chunk', async () => {
		const item = await itemFor('aimlApi', 'Count to three', true);
		const usage = item.usage as IDataObject;
		expect(usage.totalTokens).toBeGreaterThan(0);
		expect(usage.cost).toBeGreaterThan(0);
	});
});

describe('stream failures', () => {
	const FAST = { stream: true, retryDelay: 5 };

	it.each(['aimlApi', 'openRouter'] as const)(
		'%s: an error in the middle of a stream is reported, not a truncated answer',
		async (provider) => {
			const result = await runChat({
				mock,
				provider,
				prompts: ['Go mock:mid-error'],
				options: { ...FAST, maxRetries: 0 },
				onError: 'continueRegularOutput',
			});
			const [json] = jsonOf(result.items('Reasoning Chat'));
			expect(json.answer).toBeUndefined();
			expect(json.error).toMatch(new RegExp(`^${provider === 'aimlApi' ? 'AIML API' : 'OpenRouter'} reported an error for item 0`));
		},
	);

	it('a connection dropped mid-stream is retried', async () => {
		const prompt = 'Go mock:drop mock:fail-times=1';
		const result = await runChat({ mock, provider: 'openRouter', prompts: [prompt], options: FAST });
		expect(result.status).toBe('success');
		expect(jsonOf(result.items('Reasoning Chat'))[0].answer).toBe(`Answer: ${prompt}`);
		expect(mock.stats().byPrompt[prompt]).toEqual({ attempts: 2, successes: 1 });
	});

	it('a connection that keeps dropping ends in a clear error after the retries', async () => {
		const result = await runChat({
			mock,
			provider: 'openRouter',
			prompts: ['Go mock:drop'],
			options: { ...FAST, maxRetries: 1 },
		});
		expect(result.error?.message).toBe(
			`OpenRouter could not be reached for item 0: the connection dropped in the middle of the stream. Check that ${mock.openRouterUrl} is reachable and that the Base URL in the credential "My openRouter key" is right. Gave up after 2 attempts (the connection dropped in the middle of the stream, the connection dropped in the middle of the stream).`,
		);
	});

	it('a stream that goes quiet past the idle timeout is cut, its connection closed, and retried', async () => {
		const result = await runChat({
			mock,
			provider: 'aimlApi',
			prompts: ['Go mock:stall=4000'],
			options: { ...FAST, idleTimeout: 1000, timeout: 60000, maxRetries: 1 },
		});
		expect(result.error?.message).toMatch(
			/^AIML API could not be reached for item 0: no data for 1 s \(stream stalled\)\. .* Gave up after 2 attempts/,
		);
		// Both attempts were cut by the client (aborted), neither waited out the stall (completed).
		expect(mock.stats().completed).toBe(0);
		await waitFor(() => mock.stats().aborted === 2);
		expect(mock.stats().aborted).toBe(2);
	});

	it('the total timeout still applies while chunks keep arriving', async () => {
		const result = await runChat({
			mock,
			provider: 'aimlApi',
			prompts: ['Go mock:stall=1500'],
			options: { ...FAST, idleTimeout: 5000, timeout: 1000 },
		});
		expect(result.error?.message).toMatch(/^AIML API timed out for item 0\. No complete answer within 1 s/);
		// A timeout is not retried (the same long request would time out again), and it closes
		// the connection so the provider stops generating.
		expect(mock.stats().chatRequests).toBe(1);
		await waitFor(() => mock.stats().aborted === 1);
		expect(mock.stats().aborted).toBe(1);
	});
});

// Issue 6 in a real n8n 2.41.1: the Reasoning Chat node streams its answer to a webhook's
// response. A Webhook (v2.1, Respond = Streaming) → Reasoning Chat workflow is published over
// REST and called on its production URL; n8n answers with JSON lines {type: begin|item|end,
// content, metadata} written as the node calls sendChunk. (Streaming from the provider into the
// output item, options.stream, runs in real-n8n.test.ts, "both providers in real n8n".)
// Assertions use the streamed body, execution data and the mock's request log only. Run by
// real-n8n.test.ts in its environment.
import type { IDataObject } from 'n8n-workflow';

import { expectedCompletion } from '../../mock-provider/server';
import type { MockProviderName } from '../../mock-provider/server';
import { nodeItems } from '../support/environment';
import type { E2eEnvironment, FinishedExecution, WebhookResponse } from '../support/environment';
import { bodyOf, chatRequests, expectSuccess } from '../support/helpers';

const WORKFLOW = 'e2eWebhookStream1';

let env: E2eEnvironment;

interface StreamLine {
	type: string;
	content?: string;
	metadata?: { nodeName: string; itemIndex: number; runIndex: number };
}

interface Call {
	response: WebhookResponse;
	lines: Array<StreamLine & { ms: number }>;
	execution: FinishedExecution;
	body: IDataObject;
	provider: MockProviderName;
}

async function callStream(path: string, prompt: string): Promise<Call> {
	env.mock.reset();
	const response = await env.callWebhook(path, { body: { prompt } });
	const lines = response.lines.map(({ line, ms }) => ({ ...(JSON.parse(line) as StreamLine), ms }));
	const execution = await env.latestExecution(WORKFLOW);
	if (!execution) throw new Error(`no execution of ${WORKFLOW} after POST /webhook/${path}`);
	const requests = chatRequests(env.mock.requests);
	expect(requests).toHaveLength(1);
	return { response, lines, execution, body: bodyOf(requests[0]), provider: requests[0].provider };
}

function streamedAnswer(call: Call): string {
	return call.lines
		.filter((l) => l.type === 'item')
		.map((l) => l.content)
		.join('');
}

/** Issue 6's tests, run in the environment of real-n8n.test.ts. */
export function streamingResponseSuite(getEnv: () => E2eEnvironment): void {
	describe('the answer streamed to a webhook response (issue 6)', () => {
		beforeAll(async () => {
			env = getEnv();
			// Published like the editor's "Publish", so that the production webhooks are registered.
			const published = await env.activateWorkflow(WORKFLOW);
			expect(published.active).toBe(true);
		});

		afterAll(async () => {
			await env?.deactivateWorkflow(WORKFLOW);
		});

		const providers = [
			{ name: 'AIML API', path: 'reasoning-chat-e2e-stream-aiml', prompt: 'What is the capital of Australia?' },
			{
				name: 'OpenRouter',
				path: 'reasoning-chat-e2e-stream-openrouter',
				// Reasoning inline as <think>…</think> and SSE writes cut through data: lines and UTF-8.
				prompt: 'Is 1001 a prime number? mock:think-tags mock:split',
			},
		];

		describe.each(providers)('Webhook (Respond: Streaming) → Reasoning Chat on $name', ({ name, path, prompt }) => {
			let call: Call;
			beforeAll(async () => {
				call = await callStream(path, prompt);
			});

			it('answers 200 with n8n\'s JSON lines: begin, the answer in items, end, all from the node', () => {
				expect(call.response.status).toBe(200);
				expect(call.response.contentType).toMatch(/^application\/json/);
				const types = call.lines.map((l) => l.type).filter((t) => t !== 'keepalive');
				expect(types[0]).toBe('begin');
				expect(types[types.length - 1]).toBe('end');
				expect(types.slice(1, -1).every((t) => t === 'item')).toBe(true);
				expect(types.length).toBeGreaterThan(3); // the answer came in more than one piece
				for (const line of call.lines.filter((l) => l.type !== 'keepalive')) {
					expect(line.metadata).toMatchObject({ nodeName: `Reasoning Chat (${name})`, itemIndex: 0, runIndex: 0 });
				}
			});

			it('the streamed items together are the answer, with no reasoning and no think tags', () => {
				const expected = expectedCompletion(call.provider, call.body as Record<string, unknown>);
				const streamed = streamedAnswer(call);
				expect(streamed).toBe(expected.answer);
				expect(streamed.startsWith(`Answer: ${prompt}`)).toBe(true);
				expect(streamed).not.toMatch(/Reasoning about|<\/?think>|naïve/);
			});

			it("the execution's output item is the usual one, and the node asked the provider for a stream", () => {
				expectSuccess(call.execution);
				expect(call.execution.mode).toBe('webhook');
				// Stream (options.stream) is off in the workflow: streaming the response turns it on.
				expect(call.body.stream).toBe(true);
				const expected = expectedCompletion(call.provider, call.body as Record<string, unknown>);
				const items = nodeItems(call.execution.data, `Reasoning Chat (${name})`);
				expect(items).toHaveLength(1);
				expect(items[0].json).toMatchObject({
					answer: streamedAnswer(call),
					reasoning: expected.reasoning,
					usage: expected.usage,
					model: expected.model,
					finishReason: 'stop',
					id: expected.id,
				});
				expect(expected.usage.totalTokens).toBeGreaterThan(0);
			});
		});

		describe('streaming is progressive', () => {
			it('the first piece of the answer reaches the client while the provider is still sending', async () => {
				// The mock pauses 1.5 s in the middle of its SSE stream (mock:stall=1500).
				const prompt = 'Name the largest moon of Saturn. mock:stall=1500';
				const call = await callStream('reasoning-chat-e2e-stream-aiml', prompt);
				expectSuccess(call.execution);
				const items = call.lines.filter((l) => l.type === 'item');
				const end = call.lines.find((l) => l.type === 'end');
				expect(streamedAnswer(call)).toBe(`Answer: ${prompt}`);
				expect(end).toBeDefined();
				if (!end) return;
				expect(end.ms - items[0].ms).toBeGreaterThanOrEqual(1000);
			});
		});

		describe('Stream Answer to Chat or Webhook off', () => {
			it('nothing is streamed to the response; the item is unchanged', async () => {
				const prompt = 'What is 17 times 23?';
				const call = await callStream('reasoning-chat-e2e-stream-off', prompt);
				expectSuccess(call.execution);
				expect(call.response.status).toBe(200);
				expect(call.lines.filter((l) => l.type !== 'keepalive')).toEqual([]);
				// Without a response to feed, the node sends the request as configured (Stream off).
				expect(call.body.stream).toBeUndefined();
				const items = nodeItems(call.execution.data, 'Reasoning Chat (Stream Answer off)');
				expect(items.map((item) => item.json.answer)).toEqual([`Answer: ${prompt}`]);
			});
		});
	});
}

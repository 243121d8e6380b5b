import { sleep } from 'n8n-workflow';

import * as buildOutputModule from '../../nodes/ReasoningChat/pipeline/buildOutput';
import { StreamAccumulator } from '../../nodes/shared/transport/streamAccumulator';
import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, runChat, startMock } from '../support/chatWorkflow';
import { waitFor } from '../support/waitFor';

// A thrown exception in one item's processing must never leave requests running: it becomes
// that item's error (On Error: Continue) or stops the run once what is in flight has finished,
// and nothing is sent after the node has returned.

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());
afterEach(() => jest.restoreAllMocks());

const BROKEN = 7;
const prompts = (count: number, broken: string) =>
	Array.from({ length: count }, (_, i) => (i === BROKEN ? `Prompt ${i} ${broken}` : `Prompt ${i}`));

/** Requests that reach the mock from now on, over a pause longer than any item takes. */
async function requestsArrivingLater(): Promise<number> {
	const before = mock.stats().chatRequests;
	await sleep(400);
	return mock.stats().chatRequests - before;
}

describe('null entries in an answer (some gateways send them)', () => {
	it.each([false, true])(
		'stream %s: `tool_calls: [null]` / `choices: [null]` are skipped and every item answers',
		async (stream) => {
			const input = prompts(40, 'mock:null-entries');
			const result = await runChat({ mock, prompts: input, options: { concurrency: 4, stream } });
			expect(result.status).toBe('success');
			const items = jsonOf(result.items('Reasoning Chat'));
			expect(items.map((json) => json.answer)).toEqual(input.map((prompt) => `Answer: ${prompt}`));
			expect(items[BROKEN].error).toBeUndefined();
			expect(mock.stats().chatRequests).toBe(40);
		},
	);
});

describe('an exception while processing one item (the per-item guard)', () => {
	/** Makes building the output item throw a raw TypeError for the broken item only. */
	function breakProcessingOf(marker: string) {
		const real = buildOutputModule.buildOutput;
		jest.spyOn(buildOutputModule, 'buildOutput').mockImplementation((provider, plan, ...rest) => {
			if (JSON.stringify(plan.request.messages).includes(marker)) {
				return (null as unknown as { field: () => never }).field();
			}
			return real(provider, plan, ...rest);
		});
	}

	it('under Continue: that item gets a clear error, the other 39 answer', async () => {
		breakProcessingOf('boom');
		mock.configure({ latencyMs: 10 });
		const input = prompts(40, 'boom');
		const result = await runChat({
			mock,
			prompts: input,
			options: { concurrency: 4 },
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const items = jsonOf(result.items('Reasoning Chat'));
		expect(items).toHaveLength(40);
		expect(items[BROKEN].error).toMatch(
			/^Item 7 \(AIML API\): the answer could not be processed \(.+\)\. Run the item again/,
		);
		const answered = items.filter((json) => typeof json.answer === 'string');
		expect(answered).toHaveLength(39);
		expect(await requestsArrivingLater()).toBe(0);
		expect(mock.stats().chatRequests).toBe(40);
	});

	it('under Stop: the run fails with a clear error and no request reaches the mock afterwards', async () => {
		breakProcessingOf('boom');
		mock.configure({ latencyMs: 20 });
		const input = prompts(40, 'boom');
		const result = await runChat({ mock, prompts: input, options: { concurrency: 4 } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Item 7 \(AIML API\): the answer could not be processed/);
		const atReturn = mock.stats().chatRequests;
		expect(await requestsArrivingLater()).toBe(0);
		// Items 0-7 and at most the three beside item 7; nothing after them started.
		expect(atReturn).toBeLessThanOrEqual(BROKEN + 4);
		expect(mock.stats().inFlight).toBe(0);
	});

	it('a stream whose handler throws is aborted (socket closed), not retried', async () => {
		const realAdd = StreamAccumulator.prototype.add;
		jest.spyOn(StreamAccumulator.prototype, 'add').mockImplementation(function (this: StreamAccumulator, chunk) {
			if (JSON.stringify(chunk).includes('Answer')) throw new TypeError('handler failed');
			return realAdd.call(this, chunk);
		});
		// The pause keeps the provider's side of the stream open when the handler throws.
		const result = await runChat({
			mock,
			prompts: ['Tell me mock:stall=1500'],
			options: { stream: true },
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.error).toMatch(/could not be processed \(handler failed\)/);
		await waitFor(() => mock.stats().aborted === 1);
		expect(mock.stats().aborted).toBe(1);
		expect(mock.stats().inFlight).toBe(0);
		expect(chatRequests(mock)).toHaveLength(1);
	});
});

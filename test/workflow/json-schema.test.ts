import type { IDataObject } from 'n8n-workflow';

import type { MockProvider } from '../support/chatWorkflow';
import { chatRequests, jsonOf, startMock } from '../support/chatWorkflow';
import { runRoutedChat } from '../support/routedChat';

let mock: MockProvider;

beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => mock.reset());

// The mock answers JSON requests with {"prompt": <last user message>, "ok": true}, and requests
// with response_format json_schema (OpenRouter) with an object built from the schema.
const SCHEMA = {
	title: 'Mock answer',
	type: 'object',
	properties: { prompt: { type: 'string', minLength: 1 }, ok: { type: 'boolean' } },
	required: ['prompt', 'ok'],
	additionalProperties: false,
};

const systemOf = (request: { body: IDataObject }) =>
	String(((request.body.messages as IDataObject[])[0] ?? {}).content);

describe('Output Format: JSON Schema', () => {
	it('sends OpenRouter response_format json_schema (strict) and the schema in the instruction', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'openRouter',
			prompts: ['Extract'],
			options: {
				outputFormat: 'jsonSchema',
				jsonSchema: JSON.stringify(SCHEMA),
				systemMessage: 'Be exact.',
			},
		});
		expect(result.status).toBe('success');
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.answerJson).toEqual({ prompt: 'test input', ok: true });
		expect(item).not.toHaveProperty('schemaRepairs');
		const [request] = chatRequests(mock);
		expect(request.body.response_format).toEqual({
			type: 'json_schema',
			json_schema: { name: 'Mock_answer', strict: true, schema: SCHEMA },
		});
		expect(systemOf(request)).toMatch(
			/^Be exact\.\n\nThe JSON object must satisfy this JSON Schema:\n\{"title"/,
		);
		// The conversation handed on has neither the schema nor the node's system message.
		expect(item.messages).toEqual([
			{ role: 'user', content: 'Extract' },
			expect.objectContaining({ role: 'assistant' }),
		]);
	});

	it('gives AIML API the schema in the system message (no response_format) and takes an object', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['Extract'],
			options: { outputFormat: 'jsonSchema', jsonSchema: SCHEMA },
		});
		expect(jsonOf(result.items('Reasoning Chat'))[0].answerJson).toEqual({
			prompt: 'Extract',
			ok: true,
		});
		const [request] = chatRequests(mock);
		expect(request.body).not.toHaveProperty('response_format');
		expect(systemOf(request)).toContain(JSON.stringify(SCHEMA));
	});

	it('repairs an answer that breaks the schema on the second answer, sending the violations back', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['Extract mock:json-wrong'],
			options: { outputFormat: 'jsonSchema', jsonSchema: SCHEMA },
		});
		expect(result.status).toBe('success');
		const [item] = jsonOf(result.items('Reasoning Chat'));
		expect(item.schemaRepairs).toBe(1);
		expect((item.answerJson as IDataObject).ok).toBe(true);
		const requests = chatRequests(mock);
		expect(requests).toHaveLength(2);
		const repairTurns = (requests[1].body.messages as IDataObject[]).slice(-2);
		expect(repairTurns[0]).toMatchObject({ role: 'assistant' });
		expect(repairTurns[0].content).toContain('"ok":"yes"');
		expect(repairTurns[1].role).toBe('user');
		expect(repairTurns[1].content).toContain('$.ok: expected boolean, got string "yes" (type)');
		// Usage covers both billed answers.
		const usage = item.usage as IDataObject;
		expect(usage.totalTokens).toBeGreaterThan(0);
		expect(item.messages).toEqual([
			{ role: 'user', content: 'Extract mock:json-wrong' },
			expect.objectContaining({ role: 'assistant' }),
		]);
	});

	it('fails with the violations (path and rule) once schemaRepairs are used up', async () => {
		const impossible = {
			type: 'object',
			properties: { ok: { type: 'boolean', enum: [false] }, missing: { type: 'integer' } },
			required: ['ok', 'missing'],
			additionalProperties: false,
		};
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['Never fits', 'second'],
			options: {
				outputFormat: 'jsonSchema',
				jsonSchema: impossible,
				schemaRepairs: 2,
				concurrency: 1,
			},
			onError: 'continueRegularOutput',
		});
		const [first, second] = jsonOf(result.items('Reasoning Chat'));
		for (const item of [first, second]) {
			expect(item.error).toContain('AIML API answered item');
			expect(item.error).toContain('but the answer breaks the JSON Schema after 2 repair(s)');
			expect(item.error).toContain('$.missing: required property is missing (required)');
			expect(item.error).toContain('$.ok: true is not one of [false] (enum)');
			expect(item.error).toContain(
				'$.prompt: property not allowed by the schema (additionalProperties)',
			);
		}
		expect(chatRequests(mock)).toHaveLength(6); // 1 + 2 repairs per item
	});

	it('rejects a schema that is not JSON or not an object before any request, naming the item', async () => {
		const result = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['q'],
			options: { outputFormat: 'jsonSchema', jsonSchema: '{"type": "object",' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^Item 0 \(AIML API\): JSON Schema is not valid JSON/);
		const notObject = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['q'],
			options: { outputFormat: 'jsonSchema', jsonSchema: '[1, 2]' },
		});
		expect(notObject.error?.message).toContain(
			'JSON Schema cannot be used: the schema is [1,2], not an object',
		);
		const badType = await runRoutedChat({
			mock,
			provider: 'aimlApi',
			prompts: ['q'],
			options: {
				outputFormat: 'jsonSchema',
				jsonSchema: { type: 'object', properties: { a: { type: 'text' } } },
			},
		});
		expect(badType.error?.message).toContain('the schema at properties.a has type "text"');
		expect(chatRequests(mock)).toHaveLength(0);
	});
});

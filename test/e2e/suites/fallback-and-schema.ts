// Issue 14 in a real n8n 2.41.1, against the project's mock provider: the saved example
// workflows for provider fallback (AIML API down for one question → OpenRouter answers it) and
// JSON Schema output feeding an Edit Fields node. Run by real-n8n.test.ts in its environment.
import type { IDataObject } from 'n8n-workflow';

import { nodeItems } from '../support/environment';
import type { E2eEnvironment } from '../support/environment';
import { bodyOf, expectSuccess, runRecorded, type RecordedRun } from '../support/helpers';

const FALLBACK_EXAMPLE = 'exFallbackOutage';
const SCHEMA_EXAMPLE = 'exJsonSchemaExtr';

let env: E2eEnvironment;

export function fallbackAndSchemaSuite(getEnv: () => E2eEnvironment): void {
	describe('provider fallback and JSON Schema output in saved workflows (issue 14)', () => {
		beforeAll(() => {
			env = getEnv();
		});

		describe('examples/fallback-outage.json: AIML API down for Q-2', () => {
			let run: RecordedRun;
			beforeAll(async () => {
				run = await runRecorded(env, FALLBACK_EXAMPLE);
			});

			it('answers every question; Q-2 by OpenRouter with fallback.from = aimlApi', () => {
				expectSuccess(run.execution);
				const rows = nodeItems(run.execution.data, 'Who answered').map((item) => item.json);
				expect(rows.map((row) => [row.questionId, row.provider, row.fallbackFrom])).toEqual([
					['Q-1', 'aimlApi', ''],
					['Q-2', 'openRouter', 'aimlApi'],
					['Q-3', 'aimlApi', ''],
				]);
				expect(rows[1].fallbackReason).toBe('AIML API: HTTP 503 after 2 attempts');
				expect(rows[1].model).toBe('deepseek/deepseek-v3.2-exp');
			});

			it('sent Q-2 twice to AIML API (1 retry), then once to OpenRouter with the fallback model', () => {
				const q2 = run.requests.filter((request) =>
					JSON.stringify(bodyOf(request).messages).includes('mock:down=aiml'),
				);
				expect(q2.map((request) => request.provider)).toEqual(['aiml', 'aiml', 'openRouter']);
				expect(bodyOf(q2[2]).model).toBe('deepseek/deepseek-v3.2-exp');
				expect(q2[2].headers?.authorization).toBe('Bearer test-key-openrouter');
				expect(run.requests).toHaveLength(5);
			});
		});

		describe('examples/json-schema-extraction.json: answerJson into Edit Fields', () => {
			let run: RecordedRun;
			beforeAll(async () => {
				run = await runRecorded(env, SCHEMA_EXAMPLE);
			});

			it('gives Edit Fields schema-conforming fields for every message', () => {
				expectSuccess(run.execution);
				const rows = nodeItems(run.execution.data, 'Ticket fields').map((item) => item.json);
				// The mock builds the answer from the schema: strings "test input", the first enum value.
				expect(rows).toEqual([
					{
						messageId: 'M-501',
						customerName: 'test input',
						email: 'test input',
						priority: 'low',
						products: ['test input'],
						repairs: 0,
					},
					{
						messageId: 'M-502',
						customerName: 'test input',
						email: 'test input',
						priority: 'low',
						products: ['test input'],
						repairs: 0,
					},
				]);
			});

			it('sent OpenRouter response_format json_schema (strict) with the saved schema, and the schema in the system message', () => {
				expect(run.requests).toHaveLength(2);
				for (const request of run.requests) {
					const body = bodyOf(request);
					const format = body.response_format as IDataObject;
					expect(format.type).toBe('json_schema');
					const jsonSchema = format.json_schema as IDataObject;
					expect(jsonSchema).toMatchObject({ name: 'Support_request', strict: true });
					expect((jsonSchema.schema as IDataObject).required).toEqual([
						'customerName',
						'email',
						'priority',
						'products',
					]);
					expect(String(body.messages[0].content)).toContain(
						'The JSON object must satisfy this JSON Schema',
					);
				}
			});
		});
	});
}

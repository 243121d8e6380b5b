import type { JsonSchema } from './validate';
import { schemaProblem } from './schemaProblem';

/** The schema an item's answer must satisfy, with the name OpenRouter's `json_schema` wants. */
export interface AnswerSchema {
	name: string;
	schema: JsonSchema;
}

export type ReadSchemaResult = { ok: true; value: AnswerSchema } | { ok: false; problem: string };

/** OpenAI-style names: letters, digits, `_` and `-`, at most 64 characters. */
function schemaName(schema: JsonSchema): string {
	const title = typeof schema.title === 'string' ? schema.title : '';
	const name = title
		.replace(/[^A-Za-z0-9_-]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 64);
	return name || 'answer';
}

/**
 * Reads the JSON Schema option (its JSON text, or an object from an expression) and checks it,
 * so that a schema that cannot work is reported before anything is sent.
 */
export function readAnswerSchema(value: unknown): ReadSchemaResult {
	let schema = value;
	if (typeof schema === 'string') {
		if (!schema.trim()) return { ok: false, problem: 'JSON Schema is empty' };
		try {
			schema = JSON.parse(schema);
		} catch (error) {
			return {
				ok: false,
				problem: `JSON Schema is not valid JSON (${(error as Error).message})`,
			};
		}
	}
	if (schema === undefined || schema === null) {
		return { ok: false, problem: 'JSON Schema is not set' };
	}
	const problem = schemaProblem(schema);
	if (problem) return { ok: false, problem: `JSON Schema cannot be used: ${problem}` };
	return {
		ok: true,
		value: { name: schemaName(schema as JsonSchema), schema: schema as JsonSchema },
	};
}

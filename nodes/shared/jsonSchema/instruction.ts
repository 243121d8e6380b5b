import type { IDataObject } from 'n8n-workflow';

import type { ChatMessage } from '../types';
import type { AnswerSchema } from './readSchema';
import type { SchemaViolation } from './validate';

/** Every provider gets the schema in words; only some also take it as `response_format`. */
export function schemaInstruction(answerSchema: AnswerSchema): string {
	return `The JSON object must satisfy this JSON Schema:\n${JSON.stringify(answerSchema.schema)}`;
}

/** Adds the schema to the system message (or a new one at the start). */
export function withSchemaInstruction(
	messages: ChatMessage[],
	answerSchema: AnswerSchema,
): ChatMessage[] {
	const instruction = schemaInstruction(answerSchema);
	const index = messages.findIndex((message) => message.role === 'system');
	if (index === -1) return [{ role: 'system', content: instruction }, ...messages];
	const system = messages[index];
	const updated = [...messages];
	// The user's system message is kept whatever its shape; the schema is added to it.
	if (Array.isArray(system.content)) {
		updated[index] = {
			...system,
			content: [...system.content, { type: 'text', text: instruction }],
		};
		return updated;
	}
	const text = typeof system.content === 'string' ? system.content : '';
	updated[index] = { ...system, content: text ? `${text}\n\n${instruction}` : instruction };
	return updated;
}

/** OpenRouter's structured output: the schema, enforced by providers that support it. */
export function jsonSchemaResponseFormat(answerSchema: AnswerSchema): IDataObject {
	return {
		type: 'json_schema',
		json_schema: { name: answerSchema.name, strict: true, schema: answerSchema.schema },
	};
}

/** The user turn that sends a broken answer back: what is wrong, path and rule for each. */
export function repairMessage(violations: SchemaViolation[]): ChatMessage {
	const list = violations.map((violation) => `- ${violation.message}`).join('\n');
	return {
		role: 'user',
		content: `Your JSON does not satisfy the JSON Schema:\n${list}\nAnswer again with only the corrected JSON object.`,
	};
}

/** For error messages: the first few violations, then how many more. */
export function listViolations(violations: SchemaViolation[], max = 5): string {
	const shown = violations.slice(0, max).map((violation) => violation.message);
	const more = violations.length > max ? ` and ${violations.length - max} more` : '';
	return `${shown.join('; ')}${more}`;
}

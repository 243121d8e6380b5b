import { isSchema, show, TYPES } from './validate';

/** Checks a JSON Schema itself (not an answer): the mistakes that would make it unusable. */

const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems'];
const BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];

/**
 * What is wrong with the schema itself, or undefined: caught before any request is sent, so
 * that a typo costs nothing.
 */
export function schemaProblem(schema: unknown, path = 'the schema'): string | undefined {
	if (!isSchema(schema)) return `${path} is ${show(schema)}, not an object`;
	const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
	if (schema.type !== undefined) {
		if (!Array.isArray(types) || !types.every((type) => TYPES.includes(type as never))) {
			return `${path} has type ${show(schema.type)}: use ${TYPES.join(', ')}`;
		}
	}
	for (const keyword of COUNTS) {
		const count = schema[keyword];
		if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0)) {
			return `${path} has ${keyword} ${show(count)}: it must be a whole number, 0 or more`;
		}
	}
	for (const keyword of BOUNDS) {
		if (schema[keyword] !== undefined && typeof schema[keyword] !== 'number') {
			return `${path} has ${keyword} ${show(schema[keyword])}: it must be a number`;
		}
	}
	if (schema.required !== undefined) {
		if (!Array.isArray(schema.required) || !schema.required.every((n) => typeof n === 'string')) {
			return `${path} has required ${show(schema.required)}: it must be an array of property names`;
		}
	}
	if (schema.enum !== undefined && !Array.isArray(schema.enum)) {
		return `${path} has enum ${show(schema.enum)}: it must be an array`;
	}
	if (schema.pattern !== undefined) {
		try {
			new RegExp(String(schema.pattern), 'u');
		} catch {
			return `${path} has pattern ${show(schema.pattern)}, which is not a valid regular expression`;
		}
	}
	if (schema.properties !== undefined) {
		if (!isSchema(schema.properties)) return `${path} has properties that are not an object`;
		for (const [name, child] of Object.entries(schema.properties)) {
			const problem = schemaProblem(child, `${path} at properties.${name}`);
			if (problem) return problem;
		}
	}
	if (schema.items !== undefined) {
		const problem = schemaProblem(schema.items, `${path} at items`);
		if (problem) return problem;
	}
	if (isSchema(schema.additionalProperties)) {
		const problem = schemaProblem(schema.additionalProperties, `${path} at additionalProperties`);
		if (problem) return problem;
	} else if (
		schema.additionalProperties !== undefined &&
		typeof schema.additionalProperties !== 'boolean'
	) {
		return `${path} has additionalProperties ${show(schema.additionalProperties)}: use true, false or a schema`;
	}
	if (schema.anyOf !== undefined) {
		if (!Array.isArray(schema.anyOf)) return `${path} has anyOf that is not an array`;
		for (const [index, option] of schema.anyOf.entries()) {
			const problem = schemaProblem(option, `${path} at anyOf[${index}]`);
			if (problem) return problem;
		}
	}
	return undefined;
}

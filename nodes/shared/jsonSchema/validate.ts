/**
 * A small JSON Schema validator for the answers of Output Format "JSON Schema". It checks the
 * keywords that structured output uses (type, properties, required, additionalProperties, items,
 * enum, const, minimum/maximum, exclusiveMinimum/exclusiveMaximum, minLength/maxLength, pattern,
 * minItems/maxItems, anyOf), nested to any depth; keywords it does not know are ignored, as JSON
 * Schema itself does (schemaProblem.ts checks the schema itself). Node code may not bring a
 * validator library (no runtime dependencies), and `zod` validates zod schemas, not JSON Schema
 * documents. A little over 200 lines: the keyword checks call each other recursively and belong
 * together.
 */

export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaViolation {
	/** Where in the answer: `$` is the whole object, then `.name` and `[index]`. */
	path: string;
	/** The schema keyword that failed, e.g. `required` or `maxLength`. */
	rule: string;
	message: string;
}

export const TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
	switch (type) {
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'object':
			return typeOf(value) === 'object';
		default:
			return typeOf(value) === type;
	}
}

export function show(value: unknown): string {
	const text = JSON.stringify(value);
	if (text === undefined) return String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function childPath(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function isSchema(value: unknown): value is JsonSchema {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function checkNumber(value: number, schema: JsonSchema, path: string, out: SchemaViolation[]) {
	const bound = (rule: string, fails: (limit: number) => boolean, words: string) => {
		const limit = schema[rule];
		if (typeof limit === 'number' && fails(limit)) {
			out.push({ path, rule, message: `${path}: ${value} is ${words} ${limit} (${rule})` });
		}
	};
	bound('minimum', (limit) => value < limit, 'less than');
	bound('maximum', (limit) => value > limit, 'more than');
	bound('exclusiveMinimum', (limit) => value <= limit, 'not more than');
	bound('exclusiveMaximum', (limit) => value >= limit, 'not less than');
}

function checkString(value: string, schema: JsonSchema, path: string, out: SchemaViolation[]) {
	const length = [...value].length;
	if (typeof schema.minLength === 'number' && length < schema.minLength) {
		out.push({
			path,
			rule: 'minLength',
			message: `${path}: ${length} characters, fewer than ${schema.minLength} (minLength)`,
		});
	}
	if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
		out.push({
			path,
			rule: 'maxLength',
			message: `${path}: ${length} characters, more than ${schema.maxLength} (maxLength)`,
		});
	}
	if (typeof schema.pattern === 'string') {
		let matches = true;
		try {
			matches = new RegExp(schema.pattern, 'u').test(value);
		} catch {
			// schemaProblem() rejects a bad pattern before any request.
		}
		if (!matches) {
			out.push({
				path,
				rule: 'pattern',
				message: `${path}: ${show(value)} does not match ${schema.pattern} (pattern)`,
			});
		}
	}
}

function checkArray(value: unknown[], schema: JsonSchema, path: string, out: SchemaViolation[]) {
	if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
		out.push({
			path,
			rule: 'minItems',
			message: `${path}: ${value.length} items, fewer than ${schema.minItems} (minItems)`,
		});
	}
	if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
		out.push({
			path,
			rule: 'maxItems',
			message: `${path}: ${value.length} items, more than ${schema.maxItems} (maxItems)`,
		});
	}
	if (isSchema(schema.items)) {
		value.forEach((entry, index) =>
			check(entry, schema.items as JsonSchema, childPath(path, index), out),
		);
	}
}

function checkObject(
	value: Record<string, unknown>,
	schema: JsonSchema,
	path: string,
	out: SchemaViolation[],
) {
	const properties = isSchema(schema.properties) ? schema.properties : {};
	if (Array.isArray(schema.required)) {
		for (const name of schema.required) {
			if (typeof name === 'string' && !(name in value)) {
				out.push({
					path: childPath(path, name),
					rule: 'required',
					message: `${childPath(path, name)}: required property is missing (required)`,
				});
			}
		}
	}
	for (const [name, entry] of Object.entries(value)) {
		const propertySchema = properties[name];
		if (isSchema(propertySchema)) {
			check(entry, propertySchema, childPath(path, name), out);
		} else if (schema.additionalProperties === false) {
			out.push({
				path: childPath(path, name),
				rule: 'additionalProperties',
				message: `${childPath(path, name)}: property not allowed by the schema (additionalProperties)`,
			});
		} else if (isSchema(schema.additionalProperties)) {
			check(entry, schema.additionalProperties, childPath(path, name), out);
		}
	}
}

function check(value: unknown, schema: JsonSchema, path: string, out: SchemaViolation[]): void {
	if (Array.isArray(schema.anyOf) && schema.anyOf.length) {
		const options = schema.anyOf.filter(isSchema);
		const fits = options.some((option) => {
			const found: SchemaViolation[] = [];
			check(value, option, path, found);
			return found.length === 0;
		});
		if (!fits) {
			out.push({
				path,
				rule: 'anyOf',
				message: `${path}: ${show(value)} matches none of the anyOf alternatives (anyOf)`,
			});
		}
	}
	const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
	if (Array.isArray(types) && types.length) {
		if (!types.some((type) => typeof type === 'string' && matchesType(value, type))) {
			out.push({
				path,
				rule: 'type',
				message: `${path}: expected ${types.join(' or ')}, got ${typeOf(value)} ${show(value)} (type)`,
			});
			return; // the other keywords would only repeat the same mistake
		}
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
		out.push({
			path,
			rule: 'enum',
			message: `${path}: ${show(value)} is not one of ${show(schema.enum)} (enum)`,
		});
	}
	if ('const' in schema && !deepEqual(schema.const, value)) {
		out.push({
			path,
			rule: 'const',
			message: `${path}: ${show(value)} is not ${show(schema.const)} (const)`,
		});
	}
	if (typeof value === 'number') checkNumber(value, schema, path, out);
	else if (typeof value === 'string') checkString(value, schema, path, out);
	else if (Array.isArray(value)) checkArray(value, schema, path, out);
	else if (value !== null && typeof value === 'object') {
		checkObject(value as Record<string, unknown>, schema, path, out);
	}
}

/** Every way `value` breaks `schema`, each with its path and rule; empty when it fits. */
export function validateAgainstSchema(value: unknown, schema: JsonSchema): SchemaViolation[] {
	const out: SchemaViolation[] = [];
	check(value, schema, '$', out);
	return out;
}

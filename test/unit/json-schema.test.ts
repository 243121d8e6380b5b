import {
	schemaInstruction,
	withSchemaInstruction,
} from '../../nodes/shared/jsonSchema/instruction';
import { readAnswerSchema } from '../../nodes/shared/jsonSchema/readSchema';
import { schemaProblem } from '../../nodes/shared/jsonSchema/schemaProblem';
import { validateAgainstSchema } from '../../nodes/shared/jsonSchema/validate';

const rules = (value: unknown, schema: Record<string, unknown>) =>
	validateAgainstSchema(value, schema).map((violation) => `${violation.path} ${violation.rule}`);

describe('JSON Schema validator', () => {
	const person = {
		type: 'object',
		properties: {
			name: { type: 'string', minLength: 2, maxLength: 5 },
			age: { type: 'integer', minimum: 0, maximum: 150 },
			role: { enum: ['admin', 'user'] },
			tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 },
			address: {
				type: 'object',
				properties: { city: { type: 'string' } },
				required: ['city'],
				additionalProperties: false,
			},
			score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
			code: { type: 'string', pattern: '^[A-Z]{2}$' },
			note: { type: ['string', 'null'] },
		},
		required: ['name', 'age'],
		additionalProperties: false,
	};

	it('accepts a value that fits', () => {
		expect(
			rules(
				{
					name: 'Ann',
					age: 30,
					role: 'user',
					tags: ['a'],
					address: { city: 'Oslo' },
					score: 0.5,
					code: 'NO',
					note: null,
				},
				person,
			),
		).toEqual([]);
	});

	it('reports every violation with its path and rule, nested objects and arrays included', () => {
		expect(
			rules(
				{
					name: 'A',
					age: 30.5,
					role: 'root',
					tags: ['a', 2, 'c'],
					address: { town: 'x' },
					score: 1,
					code: 'nor',
					note: 3,
					extra: true,
				},
				person,
			),
		).toEqual([
			'$.name minLength',
			'$.age type',
			'$.role enum',
			'$.tags maxItems',
			'$.tags[1] type',
			'$.address.city required',
			'$.address.town additionalProperties',
			'$.score exclusiveMaximum',
			'$.code pattern',
			'$.note type',
			'$.extra additionalProperties',
		]);
		expect(rules({ age: -1, tags: [] }, person)).toEqual([
			'$.name required',
			'$.age minimum',
			'$.tags minItems',
		]);
		expect(rules({ name: 'Abcdef', age: 151 }, person)).toEqual([
			'$.name maxLength',
			'$.age maximum',
		]);
	});

	it('says what was expected and what came, in words', () => {
		const [violation] = validateAgainstSchema({ name: 'Ann', age: '30' }, person);
		expect(violation.message).toBe('$.age: expected integer, got string "30" (type)');
		expect(rules('text', { type: 'object' })).toEqual(['$ type']);
		expect(rules([1, 'x'], { type: 'array', items: { type: 'number' } })).toEqual(['$[1] type']);
		expect(rules({ 'a b': 1 }, { additionalProperties: false })).toEqual([
			'$["a b"] additionalProperties',
		]);
	});

	it('checks additionalProperties given as a schema, const and anyOf', () => {
		expect(rules({ a: 1, b: 'x' }, { additionalProperties: { type: 'number' } })).toEqual([
			'$.b type',
		]);
		expect(rules(2, { const: 1 })).toEqual(['$ const']);
		expect(rules('x', { anyOf: [{ type: 'number' }, { type: 'boolean' }] })).toEqual(['$ anyOf']);
		expect(rules(true, { anyOf: [{ type: 'number' }, { type: 'boolean' }] })).toEqual([]);
	});

	it('rejects schemas that cannot work, naming where', () => {
		expect(schemaProblem([1])).toBe('the schema is [1], not an object');
		expect(schemaProblem({ type: 'text' })).toContain('the schema has type "text"');
		expect(schemaProblem({ properties: { a: { minLength: -1 } } })).toBe(
			'the schema at properties.a has minLength -1: it must be a whole number, 0 or more',
		);
		expect(schemaProblem({ required: 'a' })).toContain('required "a"');
		expect(schemaProblem({ items: { pattern: '(' } })).toContain('not a valid regular expression');
		expect(schemaProblem({ additionalProperties: 'no' })).toContain('additionalProperties "no"');
		expect(schemaProblem(person)).toBeUndefined();
	});

	it('reads the option as JSON text or an object, and names the schema for OpenRouter', () => {
		expect(readAnswerSchema('{"title": "Invoice data!", "type": "object"}')).toEqual({
			ok: true,
			value: { name: 'Invoice_data', schema: { title: 'Invoice data!', type: 'object' } },
		});
		expect(readAnswerSchema({ type: 'object' })).toMatchObject({
			ok: true,
			value: { name: 'answer' },
		});
		expect(readAnswerSchema('{oops')).toMatchObject({
			ok: false,
			problem: expect.stringContaining('not valid JSON'),
		});
		expect(readAnswerSchema('')).toEqual({ ok: false, problem: 'JSON Schema is empty' });
		expect(readAnswerSchema('"text"')).toMatchObject({
			ok: false,
			problem: 'JSON Schema cannot be used: the schema is "text", not an object',
		});
	});
});

describe('Schema instruction', () => {
	const schema = { name: 'answer', schema: { type: 'object', required: ['summary'] } };

	it('adds the schema to a system message given as content parts, keeping the parts', () => {
		const parts = [{ type: 'text', text: 'You are terse.' }];
		const [system, user] = withSchemaInstruction(
			[
				{ role: 'system', content: parts },
				{ role: 'user', content: 'Q' },
			],
			schema,
		);
		expect(system.content).toEqual([...parts, { type: 'text', text: schemaInstruction(schema) }]);
		expect(user).toEqual({ role: 'user', content: 'Q' });
	});

	it('appends it to a text system message, or starts one', () => {
		const instruction = schemaInstruction(schema);
		expect(
			withSchemaInstruction([{ role: 'system', content: 'Be terse.' }], schema)[0].content,
		).toBe(`Be terse.\n\n${instruction}`);
		expect(withSchemaInstruction([{ role: 'user', content: 'Q' }], schema)[0]).toEqual({
			role: 'system',
			content: instruction,
		});
	});
});

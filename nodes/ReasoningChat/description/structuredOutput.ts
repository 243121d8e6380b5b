import type { INodeProperties } from 'n8n-workflow';

/** Options of Output Format "JSON Schema" and of the run's budget (Reasoning Chat only). */

export const jsonSchemaOption: INodeProperties = {
	displayName: 'JSON Schema',
	name: 'jsonSchema',
	type: 'json',
	default:
		'{\n  "type": "object",\n  "properties": {\n    "summary": { "type": "string" }\n  },\n  "required": ["summary"],\n  "additionalProperties": false\n}',
	displayOptions: { show: { outputFormat: ['jsonSchema'] } },
	description:
		'With Output Format JSON Schema: the JSON Schema the answer must satisfy. OpenRouter receives it as response_format (strict); every provider also gets it in the system message. The parsed answer is checked against it.',
};

export const schemaRepairsOption: INodeProperties = {
	displayName: 'Schema Repairs',
	name: 'schemaRepairs',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 5, numberPrecision: 0 },
	default: 1,
	displayOptions: { show: { outputFormat: ['jsonSchema'] } },
	description:
		'How many times an answer that breaks the schema is sent back with the list of violations before the item fails. Each repair is one more billed request.',
};

export const maxCostOption: INodeProperties = {
	displayName: 'Max Cost (USD)',
	name: 'maxCost',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 4 },
	default: 0,
	description:
		'Budget of one run of this node in US dollars; 0 means no cap. Once the answered items cost this much, items not yet sent are not sent and fail with an error naming the cap. Requests already in flight finish and count.',
};

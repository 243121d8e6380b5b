import type { INodeProperties } from 'n8n-workflow';

export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: 'e.g. Summarize this ticket in two sentences: {{ $json.text }}',
	description:
		'The user message for this item. With Conversation History set, it is sent after those messages as the next turn.',
};

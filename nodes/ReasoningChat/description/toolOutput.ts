import type { INodeProperties } from 'n8n-workflow';

/**
 * Shown only on the tool variant n8n generates for AI Agents (`reasoningChatTool`). A top-level
 * parameter, because n8n drops `@tool` display options inside collections.
 */
export const toolOutputProperty: INodeProperties = {
	displayName: 'Tool Result',
	name: 'toolOutput',
	type: 'options',
	displayOptions: { show: { '@tool': [true] } },
	options: [
		{
			name: 'Answer Only',
			value: 'answer',
			description: 'The answer (and answerJson); reasoning and usage would fill the context of the agent',
		},
		{
			name: 'Answer and Reasoning',
			value: 'answerAndReasoning',
		},
		{
			name: 'Whole Item',
			value: 'full',
			description: 'Everything the node outputs, usage and conversation included',
		},
	],
	default: 'answer',
	description: 'What the AI Agent receives when it uses this node as a tool',
};

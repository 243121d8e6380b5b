import type { Tool } from '@n8n/ai-node-sdk';
import { getParametersJsonSchema } from '@n8n/ai-node-sdk';
import type { IDataObject } from 'n8n-workflow';

/**
 * The tools bound to the model (n8n's tool sub-nodes, converted by the SDK) as OpenAI-style
 * function tools, the format both providers take. Zod schemas become JSON schema through the
 * SDK; the `$schema` marker is left out. Provider-specific tools have no chat-completions
 * equivalent and are skipped.
 */
export function toFunctionTools(tools: readonly Tool[]): IDataObject[] {
	return tools
		.filter((tool) => tool.type === 'function')
		.map((tool) => {
			const schema = { ...(getParametersJsonSchema(tool) as IDataObject) };
			delete schema.$schema;
			if (schema.type === undefined) schema.type = 'object';
			const fn: IDataObject = { name: tool.name, parameters: schema };
			if (tool.description) fn.description = tool.description;
			return { type: 'function', function: fn };
		});
}

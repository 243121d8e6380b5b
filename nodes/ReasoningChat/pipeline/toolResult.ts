import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ToolOutput } from './readItem';

/** Whether the node runs as an AI Agent's tool (the generated `reasoningChatTool` variant). */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * n8n hands the agent the whole output item as the tool result. By default it gets only the
 * answer: reasoning, usage and the conversation would fill its context to no purpose.
 */
export function toolResult(json: IDataObject, output: ToolOutput): IDataObject {
	if (output === 'full') return json;
	const result: IDataObject = { answer: json.answer };
	if (json.answerJson !== undefined) result.answerJson = json.answerJson;
	if (output === 'answerAndReasoning') result.reasoning = json.reasoning;
	if (json.warning !== undefined) result.warning = json.warning;
	return result;
}

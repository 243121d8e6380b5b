// Issue 7 in a real n8n 2.41.1, against the project's mock provider: a two-turn conversation
// through two chained Reasoning Chat nodes on both providers, JSON output, and the node's tool
// variant (`reasoningChatTool`) used by n8n's own AI Agent, which the Reasoning Chat Model sub-node
// drives offline. Assertions use execution data and the mock's request log only. Run by
// real-n8n.test.ts in its environment.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { expectedCompletion } from '../../mock-provider/server';
import type { MockProviderName } from '../../mock-provider/server';
import { nodeItems } from '../support/environment';
import type { E2eEnvironment } from '../support/environment';
import {
	bodyOf,
	expectSuccess,
	firstToolCallId,
	nodeOf,
	runRecorded,
	subNodeOutputs,
	type RecordedRun,
	type WireMessage,
} from '../support/helpers';

const CONVERSATION = 'e2eConversation01';
const AGENT_WITH_TOOL = 'e2eAgentRcTool01';
const TOOL_NODE = 'Ask the reasoning model';

let env: E2eEnvironment;

async function run(workflowId: string): Promise<RecordedRun> {
	return await runRecorded(env, workflowId);
}

function promptOf(workflowId: string, nodeName: string, parameter = 'prompt'): string {
	return String(nodeOf(env.workflows.get(workflowId), nodeName).parameters[parameter]);
}

function only(items: INodeExecutionData[]): IDataObject {
	expect(items).toHaveLength(1);
	return items[0].json;
}

function textOf(message: WireMessage): string {
	return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

/** The request (and the mock's reply to it) whose last message is this user prompt. */
function exchangeFor(recorded: RecordedRun, provider: MockProviderName, prompt: string) {
	const index = recorded.requests.findIndex((r) => {
		const messages = bodyOf(r).messages;
		const last = messages[messages.length - 1];
		return r.provider === provider && last.role === 'user' && textOf(last) === prompt;
	});
	if (index < 0) throw new Error(`the mock received no ${provider} request ending with "${prompt}"`);
	const request = recorded.requests[index];
	const reply = recorded.replies.find((r) => r.request === request);
	if (!reply) throw new Error('no replay for that request');
	return { body: bodyOf(request), reply, expected: expectedCompletion(provider, request.body as Record<string, unknown>) };
}

// One run of conversation.json (both conversations and both JSON nodes) for the two describes.
let conversationRun: Promise<RecordedRun> | undefined;
let result: RecordedRun;
async function conversation(): Promise<RecordedRun> {
	conversationRun ??= run(CONVERSATION);
	return await conversationRun;
}

/** Issue 7's tests, run in the environment of real-n8n.test.ts. */
export function conversationAndToolSuite(getEnv: () => E2eEnvironment): void {
	describe('conversations, JSON output and the AI Agent tool variant (issue 7)', () => {
		beforeAll(() => {
			env = getEnv();
		});

		describe('a two-turn conversation through two chained Reasoning Chat nodes (Turn 2: Messages = {{ $json.messages }})', () => {
			beforeAll(async () => {
				result = await conversation();
			});

			it('runs, every request answered 200', () => {
				expectSuccess(result.execution);
				expect(result.replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
				expect(result.byStatus).toEqual({ 200: 6 });
			});

			const providers = [
				{ name: 'AIML API', provider: 'aimlApi', mock: 'aiml' as MockProviderName },
				{ name: 'OpenRouter', provider: 'openRouter', mock: 'openRouter' as MockProviderName },
			];

			it.each(providers)('$name: the second request carries the first turn as the provider requires', ({ name, mock }) => {
				const q1 = promptOf(CONVERSATION, `Turn 1 (${name})`);
				const q2 = promptOf(CONVERSATION, `Turn 2 (${name})`);
				const turn1 = exchangeFor(result, mock, q1);
				const turn2 = exchangeFor(result, mock, q2);
				expect(turn1.body.messages).toEqual([{ role: 'user', content: q1 }]);
				if (mock === 'openRouter') {
					// OpenRouter: the assistant turn with its reasoning_details exactly as the mock sent them.
					const details = turn1.reply.message?.reasoning_details;
					expect(details).toEqual([expect.objectContaining({ type: 'reasoning.text', text: `Reasoning about: ${q1}` })]);
					expect(turn2.body.messages).toEqual([
						{ role: 'user', content: q1 },
						{ role: 'assistant', content: `Answer: ${q1}`, reasoning_details: details },
						{ role: 'user', content: q2 },
					]);
				} else {
					// AIML API, DeepSeek V3.2 Exp: reasoning_content is rejected in input, so none is sent back.
					expect(turn1.reply.message?.reasoning_content).toBe(`Reasoning about: ${q1}`);
					expect(turn2.body.messages).toEqual([
						{ role: 'user', content: q1 },
						{ role: 'assistant', content: `Answer: ${q1}` },
						{ role: 'user', content: q2 },
					]);
				}
				expect(turn2.reply.status).toBe(200);
			});

			it.each(providers)("$name: Turn 2's output continues the conversation (4 messages) with the usual item", ({ name, provider, mock }) => {
				const q1 = promptOf(CONVERSATION, `Turn 1 (${name})`);
				const q2 = promptOf(CONVERSATION, `Turn 2 (${name})`);
				const first = only(nodeItems(result.execution.data, `Turn 1 (${name})`));
				const second = only(nodeItems(result.execution.data, `Turn 2 (${name})`));
				const turn2 = exchangeFor(result, mock, q2);
				expect(second).toMatchObject({
					answer: `Answer: ${q2}`,
					reasoning: `Reasoning about: ${q2}`,
					provider,
					finishReason: 'stop',
					id: turn2.expected.id,
					usage: turn2.expected.usage,
				});
				const messages = second.messages as IDataObject[];
				expect(messages).toHaveLength(4);
				// The first two are Turn 1's conversation, unchanged; then this prompt and this answer.
				expect(messages.slice(0, 2)).toEqual(first.messages);
				expect(messages[0]).toEqual({ role: 'user', content: q1 });
				expect(messages[2]).toEqual({ role: 'user', content: q2 });
				if (mock === 'openRouter') {
					expect(messages[3]).toEqual({
						role: 'assistant',
						content: `Answer: ${q2}`,
						reasoning_details: turn2.reply.message?.reasoning_details,
					});
				} else {
					expect(messages[3]).toEqual({ role: 'assistant', content: `Answer: ${q2}` });
				}
			});
		});

		describe('JSON output (Output Format = JSON, same workflow)', () => {
			beforeAll(async () => {
				result = await conversation();
			});

			it.each([
				{ name: 'AIML API', mock: 'aiml' as MockProviderName, variant: 'answer in a ```json fence' },
				{ name: 'OpenRouter', mock: 'openRouter' as MockProviderName, variant: 'reasoning inline in <think> tags' },
			])('$name ($variant): answerJson is the parsed object, with no reasoning in it', ({ name, mock }) => {
				const prompt = promptOf(CONVERSATION, `JSON (${name})`);
				const item = only(nodeItems(result.execution.data, `JSON (${name})`));
				expect(item.answerJson).toEqual({ prompt, ok: true });
				expect(item.reasoning).toBe(`Reasoning about: ${prompt}`);
				expect(JSON.stringify(item.answerJson)).not.toMatch(/Reasoning about|<\/?think>/);
				expect(String(item.answer)).not.toMatch(/Reasoning about|<\/?think>/);
				// The node asked for JSON: OpenRouter's response_format, and an instruction for every provider.
				const { body } = exchangeFor(result, mock, prompt);
				expect(body.messages[0]).toMatchObject({ role: 'system', content: expect.stringMatching(/JSON/) });
				if (mock === 'openRouter') expect(body.response_format).toEqual({ type: 'json_object' });
			});
		});

		describe('Reasoning Chat as the AI Agent\'s tool (reasoningChatTool, Prompt = $fromAI(…))', () => {
			let agentRun: RecordedRun;
			beforeAll(async () => {
				agentRun = await run(AGENT_WITH_TOOL);
			});

			it('the agent (Reasoning Chat Model, AIML API) calls the tool, then answers with its result', () => {
				const { execution, requests, replies } = agentRun;
				expectSuccess(execution);
				// Agent's model call (AIML API), the tool's own request (OpenRouter), the agent's next call.
				expect(requests.map((r) => r.provider)).toEqual(['aiml', 'openRouter', 'aiml']);
				expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
				expect(bodyOf(requests[0]).tools?.map((t) => t.function.name)).toEqual(['Ask_the_reasoning_model']);
				const prompt = promptOf(AGENT_WITH_TOOL, 'AI Agent', 'text');
				expect(only(nodeItems(execution.data, 'AI Agent')).output).toBe(
					`Answer: ${prompt} | tools: [{"answer":"Answer: test input"}]`,
				);
				expect(subNodeOutputs(execution, 'Reasoning Chat Model', 'ai_languageModel')).toHaveLength(2);
			});

			it('the tool call reached the node with its $fromAI parameter', () => {
				const { execution, requests, replies } = agentRun;
				const call = (replies[0].message?.tool_calls as IDataObject[])[0].function as IDataObject;
				expect(call.name).toBe('Ask_the_reasoning_model');
				const args = JSON.parse(String(call.arguments)) as IDataObject;
				expect(args).toEqual({ prompt: 'test input' }); // what the mock's JSON schema sampling gives a string
				// The tool node's request: the $fromAI value as the user message, on the tool's own provider.
				expect(bodyOf(requests[1]).model).toBe('deepseek/deepseek-v3.2-exp');
				expect(bodyOf(requests[1]).messages).toEqual([{ role: 'user', content: args.prompt }]);
				expect(execution.data.resultData.runData[TOOL_NODE]).toHaveLength(1);
			});

			it('the agent got the answer only (default Tool Result): no reasoning, no usage', () => {
				const { execution, requests, replies } = agentRun;
				expect(nodeOf(env.workflows.get(AGENT_WITH_TOOL), TOOL_NODE).parameters.toolOutput).toBeUndefined(); // the default
				expect(subNodeOutputs(execution, TOOL_NODE, 'ai_tool')).toEqual([{ answer: 'Answer: test input' }]);
				// What the agent sent the model next: its tool-call turn (reasoning restored by the
				// sub-node) and the tool result as n8n hands it over.
				const next = bodyOf(requests[2]).messages;
				const callId = firstToolCallId(replies[0].message);
				const toolMessage = next.find((m) => m.role === 'tool');
				expect(toolMessage).toEqual({ role: 'tool', tool_call_id: callId, content: '[{"answer":"Answer: test input"}]' });
				expect(String(toolMessage?.content)).not.toMatch(/reasoning|usage|Reasoning about/i);
				const turn = next.find((m) => m.role === 'assistant');
				expect(firstToolCallId(turn)).toBe(callId);
				expect(turn?.reasoning_content).toBe(replies[0].message?.reasoning_content);
			});
		});
	});
}

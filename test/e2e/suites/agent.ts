// Issue 9 in a real n8n 2.41.1: n8n's own AI Agent (V3) driven by the Reasoning Chat Model
// sub-node with two Calculator tools, against the project's mock provider, which rejects a tool-call
// turn sent back without its reasoning exactly as DeepSeek does (400 "Missing `reasoning_content`
// field…"). The same agent with n8n's built-in DeepSeek and OpenRouter chat models fails on that
// mock; Basic LLM Chain works with the sub-node. Assertions use execution data and the mock's
// request log only (see test/e2e/README.md). Run by real-n8n.test.ts in its environment.
import type { IDataObject, IWorkflowBase } from 'n8n-workflow';

import { expectedCompletion } from '../../mock-provider/server';
import type { MockProviderName } from '../../mock-provider/server';
import { nodeError, nodeItems } from '../support/environment';
import type { E2eEnvironment } from '../support/environment';
import {
	bodyOf,
	expectSuccess,
	firstToolCallId,
	nodeOf,
	runRecorded,
	subNodeOutputs,
	toolCallTurns,
	type RecordedRun,
} from '../support/helpers';

const MODEL_NODE = 'Reasoning Chat Model';
const TOOLS = ['Calculator A', 'Calculator B'];

let env: E2eEnvironment;

async function run(workflowId: string): Promise<RecordedRun> {
	return await runRecorded(env, workflowId);
}

function promptOf(workflowId: string, nodeName: string): string {
	return String(nodeOf(env.workflows.get(workflowId) as IWorkflowBase, nodeName).parameters.text);
}

/** Issue 9's tests, run in the environment of real-n8n.test.ts (which imports the built-in models' credentials). */
export function agentSuite(getEnv: () => E2eEnvironment): void {
	describe("Reasoning Chat Model in n8n's AI Agent and Basic LLM Chain (issue 9)", () => {
		beforeAll(() => {
			env = getEnv();
		});

		const agents = [
			{ provider: 'AIML API', workflowId: 'e2eAgentRsnAiml01', mock: 'aiml', field: 'reasoning_content' },
			{ provider: 'OpenRouter', workflowId: 'e2eAgentRsnOpnRtr1', mock: 'openRouter', field: 'reasoning_details' },
		] as const;

		describe.each(agents)('AI Agent + Reasoning Chat Model on $provider, two Calculator tools', ({ workflowId, mock, field }) => {
			let result: RecordedRun;
			beforeAll(async () => {
				result = await run(workflowId);
			});

			it('completes the two-tool-call task: three model calls, all answered 200 by the mock', () => {
				const { execution, requests, replies, byStatus } = result;
				expectSuccess(execution);
				expect(requests.map((r) => r.provider)).toEqual([mock, mock, mock]);
				expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
				expect(byStatus).toEqual({ 200: 3 });

				// The mock called one tool per turn (tools[0], then tools[1]), then answered.
				const called = replies.slice(0, 2).map((r) => (r.message?.tool_calls as IDataObject[])[0]);
				const calledNames = called.map((c) => (c.function as IDataObject).name);
				expect([...calledNames].sort()).toEqual(['Calculator_A', 'Calculator_B']);
				// Each Calculator node ran once, with the argument the mock chose.
				const toolOutputs = TOOLS.map((tool) => subNodeOutputs(execution, tool, 'ai_tool'));
				for (const outputs of toolOutputs) expect(outputs).toHaveLength(1);
				const outputOf = (toolName: unknown) =>
					JSON.stringify([toolOutputs[toolName === 'Calculator_A' ? 0 : 1][0]]);

				const prompt = promptOf(workflowId, 'AI Agent');
				const agentOut = nodeItems(execution.data, 'AI Agent');
				expect(agentOut).toHaveLength(1);
				expect(agentOut[0].json.output).toBe(
					`Answer: ${prompt} | tools: ${outputOf(calledNames[0])} ; ${outputOf(calledNames[1])}`,
				);
				// The agent's final answer is the answer only: no reasoning in it.
				expect(String(agentOut[0].json.output)).not.toMatch(/Reasoning about|<think>/);
			});

			it(`sends each tool-call turn back with its ${field} exactly as the mock generated it`, () => {
				const { requests, replies } = result;
				// Request 2 carries turn 1, request 3 carries turns 1 and 2.
				const turns = requests.map((r) => toolCallTurns(bodyOf(r)));
				expect(turns.map((t) => t.length)).toEqual([0, 1, 2]);
				for (const [index, turn] of turns[2].entries()) {
					const generated = replies[index].message;
					expect(firstToolCallId(turn)).toBe(firstToolCallId(generated));
					expect(turn[field]).toBeTruthy();
					expect(turn[field]).toEqual(generated?.[field]);
				}
				expect(turns[1][0]).toEqual(turns[2][0]);
				if (mock === 'aiml') {
					// DeepSeek V3.2 Exp rejects reasoning_content on a message without tool calls: none sent.
					for (const request of requests) {
						const plain = bodyOf(request).messages.filter((m) => m.role === 'assistant' && !m.tool_calls);
						for (const message of plain) expect(message.reasoning_content).toBeUndefined();
					}
				}
			});

			it("shows the provider's real token usage in the sub-node's run data, one run per model call", () => {
				const { execution, requests } = result;
				const outputs = subNodeOutputs(execution, MODEL_NODE, 'ai_languageModel');
				expect(outputs).toHaveLength(3);
				outputs.forEach((output, i) => {
					const { usage } = expectedCompletion(mock, requests[i].body as Record<string, unknown>);
					expect(usage.totalTokens).toBeGreaterThan(0);
					expect(output.tokenUsage).toEqual({
						promptTokens: usage.promptTokens,
						completionTokens: usage.completionTokens,
						totalTokens: usage.totalTokens,
					});
					// Real counts, not n8n's tiktoken estimate.
					expect(output.tokenUsageEstimate).toBeUndefined();
				});
			});
		});

		const builtIns = [
			{
				model: "n8n's built-in DeepSeek Chat Model",
				workflowId: 'e2eAgentBltDeepSk1',
				node: 'DeepSeek Chat Model',
				mock: 'aiml' as MockProviderName,
				shownError: '400 status code (no body)',
			},
			{
				model: "n8n's built-in OpenRouter Chat Model",
				workflowId: 'e2eAgentBltOpnRtr1',
				node: 'OpenRouter Chat Model',
				mock: 'openRouter' as MockProviderName,
				shownError: 'Provider returned error',
			},
		];

		describe.each(builtIns)('the same agent with $model (control)', ({ workflowId, node, mock, shownError }) => {
			let result: RecordedRun;
			beforeAll(async () => {
				result = await run(workflowId);
			});

			it('fails on the second model call: the mock answered 400 "Missing `reasoning_content` field…"', () => {
				const { execution, requests, replies, byStatus } = result;
				expect(execution.status).toBe('error');
				expect(execution.data.resultData.lastNodeExecuted).toBe('AI Agent');
				expect(execution.data.resultData.error?.message).toBe('Bad request - please check your parameters');
				expect(nodeError(execution.data, 'AI Agent')?.description).toBe(shownError);
				// The model node's second run is the failed call.
				const modelRuns = execution.data.resultData.runData[node];
				expect(modelRuns).toHaveLength(2);
				expect(modelRuns[1].error?.description).toBe(shownError);

				expect(requests.map((r) => r.provider)).toEqual([mock, mock]);
				expect(byStatus).toEqual({ 200: 1, 400: 1 });
				expect(replies.map((r) => r.status)).toEqual([200, 400]);
				expect(replies[1].rule).toBe('missing-reasoning');
				expect(replies[1].error).toBe('Missing `reasoning_content` field in the assistant message at message index 1');
				// Only one of the two tools ran.
				const ran = ['Calculator A', 'Calculator B'].filter((tool) => execution.data.resultData.runData[tool]);
				expect(ran).toHaveLength(1);
			});

			it('sent the tool-call turn back without any reasoning although the provider produced some', () => {
				const { requests, replies } = result;
				const generated = replies[0].message;
				expect(generated?.reasoning_content ?? generated?.reasoning_details).toBeTruthy();
				const [turn] = toolCallTurns(bodyOf(requests[1]));
				expect(firstToolCallId(turn)).toBe(firstToolCallId(generated));
				expect(turn.reasoning_content).toBeUndefined();
				expect(turn.reasoning_details).toBeUndefined();
				expect(turn.reasoning).toBeUndefined();
			});
		});

		describe('Basic LLM Chain + Reasoning Chat Model (AIML API)', () => {
			it('answers, with the reasoning in <think> tags (Include Reasoning on), and real token usage', async () => {
				const workflowId = 'e2eLlmChainRsnMdl1';
				const { execution, requests, replies } = await run(workflowId);
				expectSuccess(execution);
				const prompt = promptOf(workflowId, 'Basic LLM Chain');
				expect(requests).toHaveLength(1);
				expect(replies.map((r) => r.status)).toEqual([200]);
				expect(nodeOf(env.workflows.get(workflowId), MODEL_NODE).parameters.options).toEqual({ includeReasoning: true });
				const chain = nodeItems(execution.data, 'Basic LLM Chain');
				expect(chain.map((item) => item.json)).toEqual([
					{ text: `<think>\nReasoning about: ${prompt}\n</think>\n\nAnswer: ${prompt}` },
				]);
				const { usage } = expectedCompletion('aiml', requests[0].body as Record<string, unknown>);
				expect(subNodeOutputs(execution, MODEL_NODE, 'ai_languageModel').map((o) => o.tokenUsage)).toEqual([
					{ promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.totalTokens },
				]);
			});
		});
	});
}

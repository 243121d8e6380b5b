// The Reasoning Chat Model inside a workflow run by n8n-core's engine: a stand-in root node gets
// the model through getInputConnectionData (so n8n-core calls the node's supplyData with its real
// SupplyDataContext, credentials and HTTP helper) and drives it like n8n 2.41's AI Agent V3 and
// Basic LLM Chain. The Agent is replicated step by step: one model step per round, the tool-call
// turn rebuilt as `AIMessage({ content: [], tool_calls })` (buildSteps.js), the tool output as a
// ToolMessage with JSON.stringify(items) (buildObservation), no reasoning fields anywhere.
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { ReasoningChatModel } from '../../nodes/ReasoningChatModel/ReasoningChatModel.node';
import { reasoningCache } from '../../nodes/ReasoningChatModel/reasoningCache';
import { buildNode, runWorkflow } from '../harness';
import {
	AIMessage,
	CREDENTIAL_TYPE,
	HumanMessage,
	MODEL_ID,
	SystemMessage,
	TOOLS,
	ToolMessage,
	chatBodies,
	statusCounts,
	type BaseMessage,
	type LcAiMessage,
	type LcModel,
	type ProviderName,
} from '../support/chatModel';
import { CREDENTIAL_TYPES, KEYS, mockUrl, startMock, type MockProvider } from '../support/chatWorkflow';

const AGENT_TYPE = 'test.agentLike';
const CHAIN_TYPE = 'test.llmChainLike';
const MODEL_TYPE = 'n8n-nodes-reasoning-chat.reasoningChatModel';

/** Agent V3's loop, one model step per engine round, with its message rebuild. */
async function runAgentLoop(model: LcModel, prompt: string, forgetBetweenSteps: boolean) {
	const bound = model.bindTools(TOOLS);
	const scratchpad: BaseMessage[] = [];
	const base = [new SystemMessage('You are a helpful assistant'), new HumanMessage(prompt)];
	const maxSteps = 3;
	for (let step = 1; step <= maxSteps; step++) {
		if (forgetBetweenSteps) reasoningCache.clear();
		const message: LcAiMessage = await bound.invoke([...base, ...scratchpad]);
		if (!message.tool_calls?.length)
			return { output: message.text, steps: step - 1, finished: true };
		for (const call of message.tool_calls) {
			const id = call.id ?? 'reconstructed_call';
			scratchpad.push(
				new AIMessage({
					content: [],
					tool_calls: [{ id, name: call.name, args: { ...call.args, id }, type: 'tool_call' }],
				}),
				new ToolMessage({
					content: JSON.stringify([{ response: `${call.name} ok` }]),
					tool_call_id: id,
					name: call.name,
				}),
			);
		}
	}
	// Like the Agent's Max Iterations: stop, and say so.
	return { output: '', steps: maxSteps, finished: false };
}

class AgentLike implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agent-like (test)',
		name: AGENT_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Drives a chat model like AI Agent V3',
		defaults: { name: 'AI Agent' },
		usableAsTool: true,
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiLanguageModel, required: true, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Prompt', name: 'text', type: 'string', default: '' },
			{ displayName: 'Forget', name: 'forget', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const model = (await this.getInputConnectionData(
			NodeConnectionTypes.AiLanguageModel,
			0,
		)) as LcModel;
		const result = await runAgentLoop(
			model,
			this.getNodeParameter('text', 0) as string,
			this.getNodeParameter('forget', 0) as boolean,
		);
		return [[{ json: result, pairedItem: { item: 0 } }]];
	}
}

/** Basic LLM Chain: prompt | model | StringOutputParser, i.e. the text of the message. */
class LlmChainLike implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LLM Chain-like (test)',
		name: CHAIN_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Drives a chat model like the Basic LLM Chain',
		defaults: { name: 'Basic LLM Chain' },
		usableAsTool: true,
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiLanguageModel, required: true, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Prompt', name: 'text', type: 'string', default: '' },
			{ displayName: 'Stream', name: 'stream', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const model = (await this.getInputConnectionData(
			NodeConnectionTypes.AiLanguageModel,
			0,
		)) as LcModel;
		const prompt = this.getNodeParameter('text', 0) as string;
		let text = '';
		if (this.getNodeParameter('stream', 0) as boolean) {
			for await (const chunk of await model.stream(prompt)) text += chunk.text;
		} else {
			text = (await model.invoke(prompt)).text;
		}
		return [[{ json: { text }, pairedItem: { item: 0 } }]];
	}
}

function workflow(
	mock: MockProvider,
	root: { type: string; parameters: IDataObject },
	provider: ProviderName,
	options: IDataObject = {},
) {
	const credentialType = CREDENTIAL_TYPE[provider];
	const nodes = [
		buildNode({ name: 'Trigger', type: 'n8n-nodes-base.manualTrigger' }, 0),
		buildNode({ name: 'Root', type: root.type, parameters: root.parameters as never }, 1),
		buildNode(
			{
				name: 'Reasoning Chat Model',
				type: MODEL_TYPE,
				parameters: {
					provider,
					model: { __rl: true, mode: 'id', value: MODEL_ID[provider] },
					options,
				} as never,
				credentials: { [credentialType]: { id: `cred-${provider}`, name: 'Mock key' } },
			},
			2,
		),
	];
	return {
		nodes,
		connections: {
			Trigger: { main: [[{ node: 'Root', type: NodeConnectionTypes.Main, index: 0 }]] },
			'Reasoning Chat Model': {
				ai_languageModel: [[{ node: 'Root', type: NodeConnectionTypes.AiLanguageModel, index: 0 }]],
			},
		},
		nodeTypes: {
			[AGENT_TYPE]: new AgentLike(),
			[CHAIN_TYPE]: new LlmChainLike(),
			[MODEL_TYPE]: new ReasoningChatModel(),
		},
		credentials: {
			[credentialType]: {
				apiKey: KEYS[provider],
				url: mockUrl(mock, provider),
			},
		},
		credentialTypes: CREDENTIAL_TYPES,
	};
}

let mock: MockProvider;
beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock.close());
beforeEach(() => {
	mock.reset();
	reasoningCache.clear();
});

/** What n8n's tracing wrote to the sub-node's run data (the execution log). */
function modelLog(result: Awaited<ReturnType<typeof runWorkflow>>): IDataObject[] {
	const runs = result.run.data.resultData.runData['Reasoning Chat Model'] ?? [];
	return runs.flatMap((run) => (run.data?.ai_languageModel?.[0] ?? []).map((item) => item.json));
}

describe.each<ProviderName>(['aimlApi', 'deepSeek', 'openRouter'])('in a workflow on %s', (provider) => {
	it('an Agent-like root completes a two-tool task against the DeepSeek rule', async () => {
		const prompt = 'What is 2+3, and then 4*5?';
		const result = await runWorkflow(
			workflow(mock, { type: AGENT_TYPE, parameters: { text: prompt } }, provider),
		);
		expect(result.status).toBe('success');
		expect(result.items('Root')[0].json).toEqual({
			output: `Answer: ${prompt} | tools: [{"response":"Calculator_A ok"}] ; [{"response":"Calculator_B ok"}]`,
			steps: 2,
			finished: true,
		});
		expect(statusCounts(mock)).toEqual({ 200: 3 });
		const last = chatBodies(mock)[2] as { messages: IDataObject[] };
		const carried = last.messages.filter((message) => message.role === 'assistant');
		expect(carried).toHaveLength(2);
		for (const turn of carried) {
			expect(provider === 'openRouter' ? turn.reasoning_details : turn.reasoning_content).toBeTruthy();
		}

		// Real token counts in the execution log, one entry per model step.
		const log = modelLog(result);
		expect(log).toHaveLength(3);
		for (const entry of log) {
			expect(entry.tokenUsage).toEqual({
				promptTokens: expect.any(Number),
				completionTokens: expect.any(Number),
				totalTokens: expect.any(Number),
			});
			expect((entry.tokenUsage as IDataObject).completionTokens).toBeGreaterThan(0);
			expect(entry.tokenUsageEstimate).toBeUndefined();
		}
	});

	it('gets no 400 when every step misses the cache (fallback)', async () => {
		const result = await runWorkflow(
			workflow(
				mock,
				{ type: AGENT_TYPE, parameters: { text: 'Add 2 and 3', forget: true } },
				provider,
			),
		);
		expect(result.status).toBe('success');
		// Every step is accepted. (The mock decides on a tool call by counting `tool` messages, so
		// with the results sent as text it keeps asking for the first tool: it never finishes.)
		expect(statusCounts(mock)).toEqual({ 200: 3 });
		expect(result.items('Root')[0].json).toEqual({ output: '', steps: 3, finished: false });
		const second = chatBodies(mock)[1] as { messages: IDataObject[] };
		expect(second.messages.some((message) => message.role === 'tool')).toBe(false);
		expect(JSON.stringify(second.messages)).toContain('[Result of tool \\"Calculator_A\\"');
	});

	it('a Basic-LLM-Chain-like root gets the answer text, streamed or not', async () => {
		for (const stream of [false, true]) {
			const result = await runWorkflow(
				workflow(
					mock,
					{ type: CHAIN_TYPE, parameters: { text: 'Capital of France?', stream } },
					provider,
				),
			);
			expect(result.status).toBe('success');
			expect(result.items('Root')[0].json).toEqual({ text: 'Answer: Capital of France?' });
		}
	});
});

describe('in a workflow: surfacing reasoning and errors', () => {
	it('Include Reasoning in Answer puts the reasoning into what the chain returns', async () => {
		const result = await runWorkflow(
			workflow(mock, { type: CHAIN_TYPE, parameters: { text: 'Why?' } }, 'aimlApi', {
				includeReasoning: true,
			}),
		);
		expect(result.items('Root')[0].json).toEqual({
			text: '<think>\nReasoning about: Why?\n</think>\n\nAnswer: Why?',
		});
	});

	it('a provider error fails the root node with the provider-named message, logged on the sub-node', async () => {
		const result = await runWorkflow(
			workflow(
				mock,
				{ type: CHAIN_TYPE, parameters: { text: 'Oops mock:status=400' } },
				'openRouter',
				{ maxRetries: 0 },
			),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^OpenRouter answered HTTP 400 for the model call/);
		const runs = result.run.data.resultData.runData['Reasoning Chat Model'] ?? [];
		expect(runs.some((run) => run.error?.message?.startsWith('OpenRouter answered HTTP 400'))).toBe(
			true,
		);
	});
});

// The Reasoning Chat Model driven by n8n 2.41.1's OWN Agent V3 step code, loaded from the
// project's n8n runtime copy (node_modules/.cache/reasoning-chat/n8n-2.41.1, installed by scripts/ensure-n8n.sh for the
// e2e tests): LangChain's ToolCallingAgentOutputParser turns the model's message into actions,
// n8n's createEngineRequests keeps what it keeps of them as engine-request metadata, n8n's
// buildSteps rebuilds the tool-call turn for the next step, and LangChain's formatToToolMessages
// puts it into the prompt. That is exactly where the reasoning gets lost; the model must still
// complete against the mock's DeepSeek rule. Part of the e2e project, which installs the runtime first.
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-require-imports -- loads n8n's runtime copy */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { reasoningCache } from '../../nodes/ReasoningChatModel/reasoningCache';
import {
	HumanMessage,
	SystemMessage,
	TOOLS,
	chatBodies,
	statusCounts,
	fakeSupplyContext,
	suppliedModel,
	type LcAiMessage,
	type ProviderName,
} from '../support/chatModel';
import { startMock, type MockProvider } from '../support/chatWorkflow';

// The n8n the e2e run uses: the pinned one, or N8N_VERSION (npm run test:matrix).
const N8N_VERSION = process.env.N8N_VERSION || '2.41.1';
const RUNTIME_MODULES = join(__dirname, '..', '..', 'node_modules', '.cache', 'reasoning-chat', `n8n-${N8N_VERSION}`, 'node_modules');
const AGENT_EXECUTION = join(
	RUNTIME_MODULES,
	'@n8n',
	'n8n-nodes-langchain',
	'dist',
	'utils',
	'agent-execution',
);
const CLASSIC_AGENTS = join(RUNTIME_MODULES, '@langchain', 'classic', 'dist', 'agents');

beforeAll(() => {
	// The e2e project installs n8n before it runs (scripts/ensure-n8n.sh); never skip silently.
	if (!existsSync(join(AGENT_EXECUTION, 'buildSteps.js'))) {
		throw new Error(`n8n ${N8N_VERSION} is not installed in node_modules/.cache/reasoning-chat: run scripts/ensure-n8n.sh (missing ${AGENT_EXECUTION})`);
	}
});

type Step = { action: IDataObject; observation: string };
interface N8nAgentCode {
	createEngineRequests(
		toolCalls: unknown,
		itemIndex: number,
		tools: unknown[],
	): Array<IDataObject & { nodeName: string; metadata: IDataObject }>;
	buildSteps(response: unknown, itemIndex: number): Step[];
	formatToToolMessages(steps: Step[]): unknown[];
	parser: { parseResult(generations: unknown[]): Promise<unknown> };
}

function loadN8nAgentCode(): N8nAgentCode {
	const { createEngineRequests } = require(join(AGENT_EXECUTION, 'createEngineRequests.js'));
	const { buildSteps } = require(join(AGENT_EXECUTION, 'buildSteps.js'));
	const { formatToToolMessages } = require(
		join(CLASSIC_AGENTS, 'format_scratchpad', 'tool_calling.cjs'),
	);
	const { ToolCallingAgentOutputParser } = require(
		join(CLASSIC_AGENTS, 'tool_calling', 'output_parser.cjs'),
	);
	return {
		createEngineRequests,
		buildSteps,
		formatToToolMessages,
		parser: new ToolCallingAgentOutputParser(),
	};
}

/** The tools as the Agent knows them: the LangChain tool plus the node it came from. */
const AGENT_TOOLS = [
	{ name: 'Calculator_A', metadata: { sourceNodeName: 'Calculator A' } },
	{ name: 'Calculator_B', metadata: { sourceNodeName: 'Calculator B' } },
];

let mock: MockProvider;
beforeAll(async () => {
	mock = await startMock();
});
afterAll(async () => await mock?.close());
beforeEach(() => {
	mock.reset();
	reasoningCache.clear();
});

describe.each<ProviderName>(['aimlApi', 'openRouter'])(
	"with n8n 2.41.1's own Agent V3 step code, on %s",
	(provider) => {
		it('completes the two-tool task; what the Agent keeps of the tool-call turn has no reasoning', async () => {
			const n8n = loadN8nAgentCode();
			const fake = fakeSupplyContext({ mock, provider });
			const model = (await suppliedModel(fake.ctx)).bindTools(TOOLS);
			const prompt = 'What is 2+3, and then 4*5?';
			let steps: Step[] = [];
			let finalMessage: LcAiMessage | undefined;
			const keptMetadata: IDataObject[] = [];

			for (let round = 0; round < 4 && !finalMessage; round++) {
				const message = await model.invoke([
					new SystemMessage('You are a helpful assistant'),
					new HumanMessage(prompt),
					...n8n.formatToToolMessages(steps),
				]);
				const parsed = await n8n.parser.parseResult([{ message, text: message.text }]);
				if (!Array.isArray(parsed)) {
					finalMessage = message;
					break;
				}
				const actions = n8n.createEngineRequests(parsed, 0, AGENT_TOOLS);
				keptMetadata.push(...actions.map((action) => action.metadata));
				// The engine runs the tool nodes and calls the Agent again with their output.
				const response = {
					actionResponses: actions.map((action) => ({
						action,
						data: { data: { ai_tool: [[{ json: { response: `${action.nodeName} ok` } }]] } },
					})),
					metadata: { previousRequests: steps },
				};
				steps = n8n.buildSteps(response, 0);
			}

			expect(finalMessage?.text).toBe(
				`Answer: ${prompt} | tools: [{"response":"Calculator A ok"}] ; [{"response":"Calculator B ok"}]`,
			);
			expect(statusCounts(mock)).toEqual({ 200: 3 });
			// n8n kept no reasoning of ours between the steps...
			expect(keptMetadata).toEqual([
				{ itemIndex: 0, hitl: undefined, toolName: 'Calculator_A' },
				{ itemIndex: 0, hitl: undefined, toolName: 'Calculator_B' },
			]);
			// ...so its rebuilt turns carried none, and the model put it back from its cache.
			const rebuilt = steps.flatMap(
				(step) =>
					step.action.messageLog as Array<{ content: unknown; additional_kwargs: IDataObject }>,
			);
			expect(rebuilt.map((message) => [message.content, message.additional_kwargs])).toEqual([
				[[], {}],
				[[], {}],
			]);
			const sent = (chatBodies(mock)[2] as { messages: IDataObject[] }).messages.filter(
				(message) => message.role === 'assistant',
			);
			expect(sent).toHaveLength(2);
			for (const turn of sent) {
				expect(
					provider === 'aimlApi' ? turn.reasoning_content : turn.reasoning_details,
				).toBeTruthy();
			}
		});
	},
);

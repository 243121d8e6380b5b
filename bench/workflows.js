'use strict';
// The workflows the benchmark imports: Manual Trigger → Set (raw JSON list of prompts) → Split Out
// → the node under test (Reasoning Chat, HTTP Request or No Operation). Prompts are
// `<tag> prompt <i>` with a 4-letter tag, so every client sends bodies of the same size.

const rt = require('../scripts/lib/n8n-runtime');

const MODEL = 'deepseek/deepseek-thinking-v3.2-exp';
const TRIGGER = 'Start';
const NODE = 'Under test';

let uuidCounter = 0;
function nodeId() {
	uuidCounter++;
	return `b0000000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`;
}

function promptList(count, tag) {
	const prompts = [];
	for (let i = 0; i < count; i++) prompts.push({ n: i, prompt: `${tag} prompt ${i}` });
	return prompts;
}

/** The chain Start → Prompts → One item per prompt → `node` (named NODE). */
function chain(id, name, count, tag, node) {
	const nodes = [
		{
			id: nodeId(),
			name: TRIGGER,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: nodeId(),
			name: 'Prompts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ prompts: promptList(count, tag) }),
				options: {},
			},
		},
		{
			id: nodeId(),
			name: 'One item per prompt',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'prompts', options: {} },
		},
		{ id: nodeId(), name: NODE, position: [660, 0], ...node },
	];
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		id,
		name,
		active: false,
		nodes,
		connections: {
			[TRIGGER]: link('Prompts'),
			Prompts: link('One item per prompt'),
			'One item per prompt': link(NODE),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function reasoningChat({ concurrency }) {
	const credential = rt.CREDENTIALS.aiml;
	return {
		type: `${rt.PACKAGE.name}.reasoningChat`,
		typeVersion: 1,
		parameters: {
			provider: 'aimlApi',
			model: { __rl: true, mode: 'id', value: MODEL },
			prompt: '={{ $json.prompt }}',
			options: { concurrency },
		},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

/**
 * n8n's HTTP Request node posting the same chat request (body and Authorization header as the
 * Reasoning Chat node sends them). `batching`: { batchSize, batchInterval } or undefined (off).
 * `nodeSettings`: node-level settings such as onError or retryOnFail.
 */
function httpRequest({ typeVersion, chatUrl, apiKey, batching, nodeSettings = {} }) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion,
		parameters: {
			method: 'POST',
			url: chatUrl,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${apiKey}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ model: ${JSON.stringify(MODEL)}, messages: [{ role: 'user', content: $json.prompt }] }) }}`,
			options: batching ? { batching: { batch: batching } } : {},
		},
		...nodeSettings,
	};
}

function noOp() {
	return { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/** The HTTP Request node version a new node gets in this n8n (its defaultVersion). */
function httpRequestVersion() {
	const file = require.resolve('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js', {
		paths: [require('node:path').join(rt.N8N_BIN, '..', '..')],
	});
	const match = /defaultVersion:\s*([\d.]+)/.exec(require('node:fs').readFileSync(file, 'utf8'));
	if (!match) throw new Error(`no defaultVersion in ${file}`);
	return Number(match[1]);
}

/** The HTTP Request node's own defaults for Batching (what the editor fills in when it is added). */
function httpRequestBatchingDefaults() {
	const file = require.resolve('n8n-nodes-base/dist/nodes/HttpRequest/V3/Description.js', {
		paths: [require('node:path').join(rt.N8N_BIN, '..', '..')],
	});
	const text = require('node:fs').readFileSync(file, 'utf8');
	const size = /name: 'batchSize',[\s\S]*?default: (-?\d+)/.exec(text);
	const interval = /name: 'batchInterval',[\s\S]*?default: (\d+)/.exec(text);
	return {
		batchSize: size ? Number(size[1]) : undefined,
		batchInterval: interval ? Number(interval[1]) : undefined,
	};
}

module.exports = {
	MODEL,
	TRIGGER,
	NODE,
	chain,
	reasoningChat,
	httpRequest,
	noOp,
	httpRequestVersion,
	httpRequestBatchingDefaults,
};

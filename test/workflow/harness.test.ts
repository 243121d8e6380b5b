// Proves the in-process workflow harness end to end with a tiny inline node and credential that
// talk to a local HTTP server through n8n-core's real httpRequestWithAuthentication.
import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import {
	connect,
	fixedItems,
	linearWorkflow,
	manualTrigger,
	runWorkflow,
	sendJson,
	startHttpServer,
	startWorkflow,
	testCredential,
	type NodeSpec,
	type TestHttpServer,
} from '../harness';

const ECHO_TYPE = 'test.echo';
const GOOD_KEY = 'good-key-123';

const echoCredential: ICredentialType = {
	name: 'testEchoApi',
	displayName: 'Test Echo API',
	properties: [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'url', type: 'string', default: 'http://127.0.0.1:9' },
		{ displayName: 'Organisation', name: 'org', type: 'string', default: 'default-org' },
	],
	authenticate: {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
				'X-Org': '={{$credentials.org}}',
			},
		},
	},
	test: { request: { baseURL: '={{$credentials.url}}', url: '/me', method: 'GET' } },
};

function toNodeError(node: INode, error: unknown, itemIndex: number) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Error) return new NodeOperationError(node, error, { itemIndex });
	return new NodeApiError(node, error as JsonObject, { itemIndex });
}

class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: ECHO_TYPE,
		group: ['transform'],
		usableAsTool: true,
		version: 1,
		description: 'Posts each item to the echo server',
		defaults: { name: 'Echo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'testEchoApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const path = this.getNodeParameter('path', i) as string;
				const { url } = await this.getCredentials<{ url: string }>('testEchoApi', i);
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'testEchoApi',
					{ method: 'POST', url: `${url}${path}`, body: items[i].json, json: true },
				)) as IDataObject;
				out.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw toNodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}

let server: TestHttpServer;
let slowRequestSeen: Promise<void>;
let slowSocketClosed: Promise<void>;
let onSlowRequest: () => void;
let onSlowClose: () => void;

function armSlowRoute() {
	slowRequestSeen = new Promise((resolve) => (onSlowRequest = resolve));
	slowSocketClosed = new Promise((resolve) => (onSlowClose = resolve));
}

beforeAll(async () => {
	server = await startHttpServer((request, res) => {
		const auth = request.headers.authorization;
		if (request.url === '/me') {
			if (auth === `Bearer ${GOOD_KEY}`) sendJson(res, 200, { ok: true });
			else sendJson(res, 401, { error: 'bad key' });
		} else if (request.url.startsWith('/echo')) {
			sendJson(res, 200, {
				path: request.url,
				auth,
				org: request.headers['x-org'],
				received: JSON.parse(request.body || '{}') as unknown,
			});
		} else if (request.url === '/fail') {
			sendJson(res, 500, { error: 'boom' });
		} else if (request.url === '/slow') {
			res.on('close', () => onSlowClose()); // never answered: only the client can end it
			onSlowRequest();
		} else {
			sendJson(res, 404, { error: 'no route' });
		}
	});
});

afterAll(async () => {
	await server.close();
});

function echoWorkflow(path: string, input: object[], extra: Partial<NodeSpec> = {}) {
	return linearWorkflow([
		manualTrigger(),
		fixedItems(input),
		{ name: 'Echo', type: ECHO_TYPE, parameters: { path }, credentials: ['testEchoApi'], ...extra },
	]);
}

function options() {
	return {
		nodeTypes: { [ECHO_TYPE]: new EchoNode() },
		credentials: { testEchoApi: { apiKey: GOOD_KEY, url: server.baseUrl } },
		credentialTypes: [echoCredential],
	};
}

// Item 'bad' goes to /fail, the others to /echo/<x>.
const MIXED_PATH = "={{ $json.x === 'bad' ? '/fail' : '/echo/' + $json.x }}";

describe('in-process workflow harness', () => {
	test('3 items: output order, pairedItem, auth header and credential defaults', async () => {
		const result = await runWorkflow({
			...echoWorkflow('/echo', [{ n: 1 }, { n: 2 }, { n: 3 }]),
			...options(),
		});

		expect(result.status).toBe('success');
		expect(result.executedNodes).toEqual(['Trigger', 'Items', 'Echo']);
		const items = result.items('Echo');
		expect(items.map((item) => item.json.received)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.auth).toBe(`Bearer ${GOOD_KEY}`);
		expect(items[0].json.org).toBe('default-org'); // default filled from the credential class
		expect(server.requests.filter((r) => r.url === '/echo')).toHaveLength(3);
	});

	test('expressions resolve per item', async () => {
		const result = await runWorkflow({
			...echoWorkflow('=/echo/{{ $json.x }}', [{ x: 'a' }, { x: 'b' }, { x: 'c' }]),
			...options(),
		});

		expect(result.items('Echo').map((item) => item.json.path)).toEqual([
			'/echo/a',
			'/echo/b',
			'/echo/c',
		]);
	});

	test('a node error makes the run fail with a NodeApiError-shaped error', async () => {
		const result = await runWorkflow({ ...echoWorkflow('/fail', [{ n: 1 }]), ...options() });

		expect(result.status).toBe('error');
		// n8n-core 2.41.1 stores a plain-object copy of the error ({ ...error, message, stack }),
		// not the NodeApiError instance: assert on its fields.
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '500',
			message: 'The service was not able to process your request',
			description: 'Request failed with status code 500',
		});
		expect(result.run.data.resultData.lastNodeExecuted).toBe('Echo');
		expect(result.nodeError('Echo')).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(result.items('Echo')).toEqual([]);
	});

	test("onError 'continueRegularOutput' keeps the failed item in place", async () => {
		const result = await runWorkflow({
			...echoWorkflow(MIXED_PATH, [{ x: 'a' }, { x: 'bad' }, { x: 'c' }], {
				onError: 'continueRegularOutput',
			}),
			...options(),
		});

		expect(result.status).toBe('success');
		const items = result.items('Echo');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.path).toBe('/echo/a');
		expect(items[1].json.error).toEqual(expect.any(String));
		expect(items[2].json.path).toBe('/echo/c');
	});

	test("onError 'continueErrorOutput' routes the failed item to output 1", async () => {
		const { nodes, connections } = linearWorkflow([
			manualTrigger(),
			fixedItems([{ x: 'a' }, { x: 'bad' }, { x: 'c' }]),
			{
				name: 'Echo',
				type: ECHO_TYPE,
				parameters: { path: MIXED_PATH },
				credentials: ['testEchoApi'],
				onError: 'continueErrorOutput',
			},
			{ name: 'Ok', type: 'test.collect' },
		]);
		nodes.push({ ...nodes[3], id: 'node-errors', name: 'Errors', position: [880, 200] });
		connect(connections, 'Echo', 'Errors', 1);

		const result = await runWorkflow({ nodes, connections, ...options() });

		expect(result.status).toBe('success');
		expect(result.items('Echo', 0).map((item) => item.json.path)).toEqual(['/echo/a', '/echo/c']);
		const errors = result.items('Echo', 1);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toEqual({ x: 'bad', error: expect.any(String) }); // merged with input
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(result.items('Errors')).toHaveLength(1);
		expect(result.items('Ok')).toHaveLength(2);
	});

	test('cancel aborts the in-flight request and the run ends canceled', async () => {
		armSlowRoute();
		const handle = startWorkflow({ ...echoWorkflow('/slow', [{ n: 1 }]), ...options() });
		await handle.nodeStarted('Echo');
		await slowRequestSeen; // the request is in flight now
		const started = Date.now();
		handle.cancel();

		const result = await handle.result;
		await slowSocketClosed; // the server saw the client go away
		expect(result.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	test('cancelAfterMs cancels on its own', async () => {
		armSlowRoute();
		const result = await runWorkflow({
			...echoWorkflow('/slow', [{ n: 1 }]),
			...options(),
			cancelAfterMs: 100,
		});
		await slowSocketClosed;
		expect(result.status).toBe('canceled');
	});

	test('testCredential: OK with a good key, Error otherwise', async () => {
		await expect(
			testCredential(echoCredential, { apiKey: GOOD_KEY, url: server.baseUrl }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		const meRequest = server.requests.filter((r) => r.url === '/me').at(-1);
		expect(meRequest?.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);

		await expect(
			testCredential(echoCredential, { apiKey: 'wrong', url: server.baseUrl }),
		).resolves.toEqual({ status: 'Error', message: 'Unauthorized' });

		// No url: the class default (http://127.0.0.1:9, nothing listening) is used.
		await expect(testCredential(echoCredential, { apiKey: GOOD_KEY })).resolves.toEqual({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});

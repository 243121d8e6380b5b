// Credentials for in-process workflow runs, modelled on n8n's CLI (packages/cli/src/
// credentials-helper.ts and services/credentials-tester.service.ts): plain test data instead of
// the encrypted database, but defaults, declarative `authenticate` and the credential `test`
// request are applied the way n8n applies them.
import { ExecuteContext, RoutingNode, getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	deepCopy,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsDecrypted,
	type ICredentialsExpressionResolveValues,
	type ICredentialType,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type IRequestOptionsSimplified,
	type IWorkflowDataProxyAdditionalKeys,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import { HarnessNodeTypes } from './node-types';
import { NO_OP_TYPE, NoOpStandIn } from './stand-in-nodes';

export type CredentialTypesInput = Record<string, ICredentialType> | ICredentialType[];

export function toCredentialTypeMap(input?: CredentialTypesInput): Record<string, ICredentialType> {
	if (input === undefined) return {};
	if (Array.isArray(input)) return Object.fromEntries(input.map((type) => [type.name, type]));
	return { ...input };
}

export interface CredentialUpdate {
	type: string;
	data: ICredentialDataDecryptedObject;
}

const mockNode: INode = {
	id: 'harness-credential-node',
	name: '',
	typeVersion: 1,
	type: NO_OP_TYPE,
	position: [0, 0],
	parameters: {},
};

/**
 * `ICredentialsHelper` over plain objects keyed by credential type name.
 * - `getDecrypted`: the test's data, with defaults from the credential type's properties and
 *   `=`-expressions resolved (as n8n's `applyDefaultsAndOverwrites`). Returns a fresh copy.
 * - `authenticate`: the credential type's function form, or its declarative `IAuthenticateGeneric`
 *   resolved through the workflow's expression engine with `$credentials`.
 * - `preAuthentication`: n8n's expirable-property logic; "persisted" updates go to `updates`.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly updates: CredentialUpdate[] = [];

	private readonly data: Record<string, ICredentialDataDecryptedObject>;

	private readonly types: Record<string, ICredentialType>;

	constructor(
		credentials: Record<string, ICredentialDataDecryptedObject> = {},
		credentialTypes?: CredentialTypesInput,
	) {
		super();
		this.data = deepCopy(credentials);
		this.types = toCredentialTypeMap(credentialTypes);
	}

	getCredentialType(typeName: string): ICredentialType {
		const type = this.types[typeName];
		if (type === undefined) {
			throw new Error(
				`Unknown credential type "${typeName}": pass its class in the harness's credentialTypes`,
			);
		}
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.types[typeName]?.extends ?? [];
		return [...parents, ...parents.flatMap((parent) => this.getParentTypes(parent))];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = this.getCredentialType(typeName);
		if (authenticate === undefined) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (!workflow || !node) {
			throw new Error('Workflow and node are required for declarative credential authentication');
		}
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const keyResolved = resolveValue(key, { $credentials: credentials }, workflow, node);
					const valueResolved = resolveValue(
						value as string,
						{ $credentials: credentials },
						workflow,
						node,
					);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types[typeName];
		if (typeof credentialType?.preAuthentication !== 'function') return undefined;
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined) return undefined;

		// Same test as n8n: the credential-test node is a noOp with a `temp` parameter.
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === NO_OP_TYPE;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) {
			return undefined;
		}
		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			await this.updateCredentials(node.credentials[typeName], typeName, {
				...(this.data[typeName] ?? {}),
				...output,
			});
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types[typeName];
		if (typeof credentialType?.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const data = this.storedData(nodeCredentials, type);
		return {
			id: nodeCredentials.id ?? type,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: () => deepCopy(data),
			getDataToSave: () => ({ id: nodeCredentials.id, name: nodeCredentials.name, type }),
			setData: (newData: ICredentialDataDecryptedObject) => {
				this.data[type] = deepCopy(newData);
			},
		} as unknown as ICredentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = deepCopy(this.storedData(nodeCredentials, type));
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** n8n's step between decryption and use: property defaults, then expressions. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		if (this.types[type] === undefined) return original; // no class given: data as is
		const properties = this.getCredentialsProperties(type);
		let data = NodeHelpers.getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) data.oauthTokenData = original.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			data = expressionResolveValues.workflow.expression.getParameterValue(
				data as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: new HarnessNodeTypes({ [NO_OP_TYPE]: new NoOpStandIn() }),
			});
			data = await workflow.expression.withIsolate(
				async () =>
					workflow.expression.getComplexParameterValue(
						mockNode,
						data as INodeParameters,
						mode,
						additionalKeys,
						undefined,
						undefined,
						data,
					) as ICredentialDataDecryptedObject,
			);
		}
		return data;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = deepCopy(data);
		this.updates.push({ type, data: deepCopy(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, {
			...(this.data[type] ?? {}),
			oauthTokenData: data.oauthTokenData,
		});
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getCredentialType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private storedData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): ICredentialDataDecryptedObject {
		const data = this.data[type];
		if (data === undefined) {
			throw new Error(
				`Credential "${nodeCredentials?.name ?? ''}" of type "${type}" is not available: pass it in the harness's credentials`,
			);
		}
		return data;
	}
}

function resolveValue(
	parameterValue: string,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(parameterValue)) return parameterValue;
	const returnValue = workflow.expression.getSimpleParameterValue(
		node,
		parameterValue,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	if (!returnValue) return '';
	return returnValue.toString();
}

export interface TestCredentialOptions {
	/** Parent credential types (for `extends`), as classes. */
	credentialTypes?: CredentialTypesInput;
}

interface ErrorWithResponse {
	message?: unknown;
	cause?: { response?: { status: number; statusText?: string }; code?: string };
}

/**
 * Runs the credential type's `test` request the way n8n's CredentialsTester does: a temporary
 * noOp-derived node whose only property routes `test.request`, executed by n8n-core's
 * `RoutingNode` through `httpRequestWithAuthentication` (so `authenticate` is applied), then the
 * same verdict: non-2xx → Error with the status text (or `responseCode` rule message),
 * network failure → Error with the error code, `responseSuccessBody` rules, else OK.
 * Not covered: `testedBy` node functions and OAuth.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: TestCredentialOptions = {},
): Promise<INodeCredentialTestResult> {
	const testRequest = credentialType.test;
	if (testRequest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const typeName = credentialType.name;
	const helper = new HarnessCredentialsHelper(
		{ [typeName]: data },
		{ ...toCredentialTypeMap(options.credentialTypes), [typeName]: credentialType },
	);
	const additionalData = createAdditionalData({
		credentialsHelper: helper,
		executionId: nextExecutionId(),
	});

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'harness-credential',
		name: 'Harness credential',
		type: typeName,
		data: deepCopy(data),
	};
	try {
		credentialsDecrypted.data = await helper.applyDefaultsAndOverwrites(
			additionalData,
			credentialsDecrypted.data!,
			typeName,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const noOp = new NoOpStandIn();
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: noOp.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOp.description,
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NO_OP_TYPE]: nodeTypeCopy }),
	});
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as ErrorWithResponse;
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return {
					status: 'Error',
					message: statusText || `Received HTTP status code: ${status}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function getPath(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) =>
				current !== null && typeof current === 'object'
					? (current as Record<string, unknown>)[key]
					: undefined,
			value,
		);
}

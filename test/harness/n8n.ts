/**
 * Runs the GoProxies Stats node the way n8n does: a real n8n-workflow `Workflow` executed by n8n-core's
 * `WorkflowExecute`, with a credentials helper that follows n8n's own (packages/cli credentials-helper):
 * `preAuthentication` when the expirable token is empty or the API answered 401, the token persisted
 * between executions, and the credential's generic `authenticate` resolved as an expression.
 */
import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	ExecutionError,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { GoProxiesApi } from '../../credentials/GoProxiesApi.credentials';
import { GoProxiesStats } from '../../nodes/GoProxiesStats/GoProxiesStats.node';

export const NODE_NAME = 'GoProxies Stats';
const SOURCE_NAME = 'Input Items';
export const CREDENTIAL = { id: 'cred-1', name: 'GoProxies sandbox' };

/** A start node that emits the items given in its `items` parameter, like a Code node would. */
class InputItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Input Items',
		name: 'inputItems',
		group: ['input'] as INodeTypeDescription['group'],
		version: 1,
		description: '',
		defaults: { name: SOURCE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' } as INodeProperties],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

const credentialType: ICredentialType = new GoProxiesApi();
const nodeType = new GoProxiesStats();
const nodeTypes: INodeTypes = {
	getByName: (type: string) => (type === 'test.inputItems' ? new InputItems() : nodeType) as INodeType,
	getByNameAndVersion: (type: string) => (type === 'test.inputItems' ? new InputItems() : nodeType) as INodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

function credentialDefaults(): ICredentialDataDecryptedObject {
	return Object.fromEntries(
		credentialType.properties.map((property) => [property.name, property.default]),
	) as ICredentialDataDecryptedObject;
}

/** A credential's parameter value, its expression (if it is one) resolved against the credential's data. */
function withCredentials(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
	if (!isExpression(value)) return value;
	return String(
		workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
	);
}

/** n8n's credential store and helper, in memory: one stored credential of type goProxiesApi. */
export class CredentialStore extends ICredentialsHelper {
	data: ICredentialDataDecryptedObject;

	preAuthenticationCalls = 0;

	/** How many times n8n read the stored credential (in n8n: a database query and a decryption each). */
	reads = 0;

	/** Every token this credential was given, so that tests can check none of them is ever shown. */
	tokens: string[] = [];

	constructor(data: ICredentialDataDecryptedObject) {
		super();
		this.data = { ...credentialDefaults(), ...data };
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialType.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate !== 'object' || authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: string) => withCredentials(value, credentials, workflow!, node!);
		requestOptions.headers ??= {};
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as IDataObject)[outerKey] ??= {}) as IDataObject;
			for (const [key, value] of Object.entries(outerValue as IDataObject)) {
				target[resolve(key)] = resolve(value as string);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		this.data = { ...this.data, [expirable.name]: output[expirable.name] };
		this.tokens.push(String(output[expirable.name]));
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return (await credentialType.preAuthentication!.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the node');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		return { ...this.data };
	}

	async updateCredentials(_details: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.data = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

export interface RunOptions {
	parameters: IDataObject;
	/** The JSON of the input items (default: one empty item). */
	items?: IDataObject[];
	store: CredentialStore;
	timezone?: string;
	continueOnFail?: boolean;
	/** More strings that must never be shown, besides the password and the tokens. */
	secrets?: string[];
}

export interface RunResult {
	items: INodeExecutionData[];
	error?: ExecutionError;
	run: IRun;
	/** What n8n logged while the workflow ran. */
	logs: string[];
}

function buildWorkflow({ parameters, items = [{}], timezone = 'UTC', continueOnFail = false }: Omit<RunOptions, 'store'>) {
	const nodes: INode[] = [
		{
			id: 'source',
			name: SOURCE_NAME,
			type: 'test.inputItems',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{
			id: 'goproxies',
			name: NODE_NAME,
			type: 'n8n-nodes-goproxies.goProxiesStats',
			typeVersion: 1,
			position: [200, 0],
			parameters: parameters as INode['parameters'],
			credentials: { goProxiesApi: CREDENTIAL },
			...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections = {
		[SOURCE_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	return workflowOf(nodes, connections, { timezone, executionOrder: 'v1' });
}

/** A workflow of Input Items (`test.inputItems`) and GoProxies Stats nodes, as n8n-workflow builds it. */
export function workflowOf(nodes: INode[], connections: IConnections, settings: IWorkflowSettings): Workflow {
	return new Workflow({ id: 'wf-1', name: 'GoProxies test', nodes, connections, active: false, nodeTypes, settings, staticData: {} });
}

export function additionalDataFor(workflow: Workflow, store: CredentialStore): IWorkflowExecuteAdditionalData {
	const workflowData = {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		settings: workflow.settings,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	return {
		credentialsHelper: store,
		hooks: new ExecutionLifecycleHooks('manual', 'exec-1', workflowData as never),
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * What n8n logs (node errors among it) while a run is under way, with its metadata in full, kept for the
 * secrets check instead of printed: n8n-core and the node log through @n8n/backend-common's Logger.
 * Each run collects its own lines and hands them over with its result; lines logged while no run is
 * under way are dropped, so a long-lived test runner (Stryker's, the benchmarks) does not grow.
 */
const runsLogs = new Set<string[]>();
(Logger.prototype as unknown as { log: (level: string, message: string, metadata: unknown) => void }).log = (
	level,
	message,
	metadata,
) => {
	if (runsLogs.size === 0) return;
	const line = `${level} ${message} ${inspect(metadata, { depth: 8 })}`;
	for (const logs of runsLogs) logs.push(line);
};

/** How many logged lines the harness holds right now. */
export const heldLogLines = () => [...runsLogs].reduce((sum, logs) => sum + logs.length, 0);

/** The secrets found in any of the texts. */
export function leakedSecrets(texts: string[], secrets: string[]): string[] {
	return secrets.filter((secret) => secret !== '' && texts.some((text) => text.includes(secret)));
}

/** Everything a user or an admin could see of a run: output items, the error, and the log lines. */
function visibleTexts(result: RunResult): string[] {
	const { error } = result;
	return [
		JSON.stringify(result.run.data), // holds the output items too
		...(error ? [error.message, String(error.description ?? ''), JSON.stringify(error), String(error.stack ?? '')] : []),
		...result.logs,
	];
}

/**
 * Executes a workflow with n8n-core from `startNode` and returns the output of `outputNode`. Every run of the
 * suite also checks that neither the password nor any token (nor `secrets`) appears in what the run shows.
 */
export async function runWorkflow(
	workflow: Workflow,
	{ store, startNode, outputNode, secrets = [] }: { store: CredentialStore; startNode: string; outputNode: string; secrets?: string[] },
): Promise<RunResult> {
	const logs: string[] = [];
	runsLogs.add(logs);
	let run: IRun;
	try {
		run = await new WorkflowExecute(additionalDataFor(workflow, store), 'manual').run({ workflow, startNode: workflow.getNode(startNode)! });
	} finally {
		runsLogs.delete(logs);
	}
	const taskData = run.data.resultData.runData[outputNode]?.[0];
	const result: RunResult = {
		items: taskData?.data?.main?.[0] ?? [],
		error: run.data.resultData.error ?? taskData?.error,
		run,
		logs,
	};
	const leaks = leakedSecrets(visibleTexts(result), [String(store.data.password ?? ''), ...store.tokens, ...secrets]);
	if (leaks.length > 0) throw new Error(`A secret was shown by the run: ${leaks.length} secret(s) leaked`);
	return result;
}

/** Executes Input Items → GoProxies Stats with n8n-core and returns what the node output. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	return await runWorkflow(buildWorkflow(options), { store: options.store, startNode: SOURCE_NAME, outputNode: NODE_NAME, secrets: options.secrets });
}

/** Calls a loadOptions method of the node the way the editor does. */
export async function loadOptions(method: string, store: CredentialStore, parameters: IDataObject = {}) {
	const workflow = buildWorkflow({ parameters });
	const node = workflow.getNode(NODE_NAME)!;
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(workflow, store), 'filters.country');
	const loader = (nodeType.methods!.loadOptions as Record<string, (this: unknown) => Promise<INodePropertyOptions[]>>)[method];
	return await loader.call(context as never);
}

/** Every string of a test request resolved against the credential, as n8n's routing node resolves it. */
function resolvedRequest(value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): unknown {
	if (typeof value === 'string') return withCredentials(value, credentials, workflow, node);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolvedRequest(inner, credentials, workflow, node)]));
}

/**
 * The credential's Test button, the way n8n 2.40 runs it: its test request, every expression resolved
 * against the credential as typed in the dialog (`typed`, over what is stored: the stored session token
 * goes along, as the editor sends it back), sent through n8n's authenticated request helper, which logs
 * in first only when there is no token and again after a 401.
 */
export async function testCredential(store: CredentialStore, typed: ICredentialDataDecryptedObject = {}) {
	const workflow = buildWorkflow({ parameters: {} });
	const node = workflow.getNode(NODE_NAME)!;
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(workflow, store), 'credentials');
	const credentials = { ...store.data, ...typed };
	const options = resolvedRequest(credentialType.test!.request, credentials, workflow, node) as IHttpRequestOptions;
	const credentialsDecrypted = { id: CREDENTIAL.id, name: CREDENTIAL.name, type: credentialType.name, data: credentials };
	return (await context.helpers.httpRequestWithAuthentication.call(context, credentialType.name, options, { credentialsDecrypted })) as IDataObject;
}

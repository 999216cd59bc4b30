/**
 * The node as the tool of an AI Agent, the way n8n-core runs it for the agent's executor (AI Agent up to
 * version 2.2): n8n-core's getInputConnectionData wraps the node's tool variant (what n8n makes of a
 * `usableAsTool` node: no inputs, an ai_tool output) with createNodeAsTool, and the agent invokes it
 * with the model's arguments. Stands in for the agent: a node that invokes one tool per input item and
 * outputs the string the model would be given, or the error the tool call was rejected with.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType, INodeTypeDescription, INodeTypes } from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { WorkflowExecute } from 'n8n-core';

import { GoProxiesStats } from '../../nodes/GoProxiesStats/GoProxiesStats.node';
import { additionalDataFor, CREDENTIAL, type CredentialStore } from './n8n';

const TOOL_NODE = 'GoProxies Traffic';
const AGENT_NODE = 'Agent';

interface Tool {
	name: string;
	invoke(args: IDataObject): Promise<string>;
}

class ToolCallingAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tool Calling Agent',
		name: 'toolCallingAgent',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: AGENT_NODE },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Tool[];
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as Array<{ tool: string; args: IDataObject }>;
		const results: INodeExecutionData[] = [];
		for (const call of calls) {
			const tool = tools.find((candidate) => candidate.name === call.tool);
			if (!tool) throw new Error(`no tool ${call.tool} among ${tools.map((t) => t.name).join(', ')}`);
			try {
				results.push({ json: { result: await tool.invoke(call.args) } });
			} catch (error) {
				results.push({ json: { rejected: (error as Error).message } });
			}
		}
		return [results];
	}
}

/** The node type n8n makes of a `usableAsTool` node when it loads it (packages/cli, convertNodeToAiTool). */
function toolVariant(): INodeType {
	const node = new GoProxiesStats();
	node.description = {
		...node.description,
		name: `${node.description.name}Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	return node;
}

/**
 * The tool variant as n8n 1.x's tool wrapper runs it: its context (a SupplyDataContext) has no
 * isToolExecution, and the node is not marked with rewireOutputLogTo.
 */
function toolVariantOfN8nV1(): INodeType {
	const node = toolVariant();
	const execute = node.execute!;
	node.execute = async function (this: IExecuteFunctions) {
		const context = new Proxy(this, {
			get: (target, key) => (key === 'isToolExecution' ? undefined : (Reflect.get(target, key, target) as unknown)),
		});
		return await execute.call(context);
	};
	return node;
}

const agentType = new ToolCallingAgent();
const toolTypes = { v2: toolVariant(), v1: toolVariantOfN8nV1() };
const nodeTypesOf = (toolType: INodeType) =>
	({
		getByName: (type: string) => (type === 'test.toolCallingAgent' ? agentType : toolType),
		getByNameAndVersion: (type: string) => (type === 'test.toolCallingAgent' ? agentType : toolType),
		getKnownTypes: () => ({}),
	}) as unknown as INodeTypes;

/**
 * Runs the agent with one GoProxies Stats tool whose parameters are given (use `$fromAI` in them) and
 * the tool calls to make; returns, per call, { result } (what the model reads) or { rejected }. With
 * `n8nV1`, the tool runs as n8n 1.x runs it (no isToolExecution on its context).
 */
export async function callTool(
	store: CredentialStore,
	parameters: IDataObject,
	calls: Array<{ args: IDataObject }>,
	timezone = 'UTC',
	{ n8nV1 = false }: { n8nV1?: boolean } = {},
): Promise<IDataObject[]> {
	const nodeTypes = nodeTypesOf(n8nV1 ? toolTypes.v1 : toolTypes.v2);
	const nodes: INode[] = [
		{
			id: 'agent',
			name: AGENT_NODE,
			type: 'test.toolCallingAgent',
			typeVersion: 1,
			position: [0, 0],
			parameters: { calls: JSON.stringify(calls.map((call) => ({ tool: 'GoProxies_Traffic', ...call }))) },
		},
		{
			id: 'tool',
			name: TOOL_NODE,
			type: 'n8n-nodes-goproxies.goProxiesStatsTool',
			typeVersion: 1,
			position: [0, 200],
			parameters: parameters as INode['parameters'],
			credentials: { goProxiesApi: CREDENTIAL },
		},
	];
	const workflow = new Workflow({
		id: 'wf-agent',
		name: 'GoProxies as a tool',
		nodes,
		connections: { [TOOL_NODE]: { ai_tool: [[{ node: AGENT_NODE, type: NodeConnectionTypes.AiTool, index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { timezone, executionOrder: 'v1' },
		staticData: {},
	});
	const run = await new WorkflowExecute(additionalDataFor(workflow, store), 'manual').run({
		workflow,
		startNode: workflow.getNode(AGENT_NODE)!,
	});
	const task = run.data.resultData.runData[AGENT_NODE]?.[0];
	const error = run.data.resultData.error ?? task?.error;
	if (error) throw new Error(`the agent failed: ${error.message}`);
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

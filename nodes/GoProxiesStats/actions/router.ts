import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as country from './country';
import * as request from './request';
import * as subuser from './subuser';
import * as traffic from './traffic';

type Operation = (this: IExecuteFunctions, i: number) => Promise<IDataObject[]>;

/** The end of the name of the node type n8n makes of this node for AI Agents: goProxiesStatsTool. */
const TOOL_TYPE_SUFFIX = '.goProxiesStatsTool';

const operations: Record<string, Record<string, Operation | undefined> | undefined> = {
	traffic: {
		get: traffic.get.execute,
		getByCountry: traffic.getByCountry.execute,
		getBySubuser: traffic.getBySubuser.execute,
		getHistory: traffic.getHistory.execute,
	},
	request: { getHistory: request.getHistory.execute },
	country: { getAll: country.getAll.execute },
	subuser: { getAll: subuser.getAll.execute },
};

/**
 * Whether an AI Agent runs this node as its tool: called through n8n-core's tool wrapper (agents up to
 * version 2.2, the MCP Server Trigger), or run by the engine on the agent's request (version 3 on), which
 * marks the node so. Before n8n 2.3 (1.x included) the context has no isToolExecution: there the tool wrapper
 * runs the node's tool variant (the type n8n makes of a `usableAsTool` node, named with "Tool" at the end),
 * which runs only as a tool.
 */
function runsAsTool(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	if (node.rewireOutputLogTo === NodeConnectionTypes.AiTool) return true;
	if (typeof context.isToolExecution === 'function') return context.isToolExecution() === true;
	return node.type.endsWith(TOOL_TYPE_SUFFIX);
}

/**
 * What the agent's model reads when a tool call fails: the message and its hint, as a result. Thrown,
 * the error reaches the model empty (agent 2.2's executor drops it) or without its hint (agent 3).
 */
function toolErrorOf(error: Pick<NodeOperationError, 'message' | 'description'>): IDataObject {
	return error.description ? { error: error.message, description: error.description } : { error: error.message };
}

/** Runs the chosen operation once per input item; every output item is paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const execute = operations[resource]?.[operation];
			if (!execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
					itemIndex: i,
				});
			}
			for (const json of await execute.call(this, i)) {
				returnData.push({ json, pairedItem: { item: i } });
			}
		} catch (error) {
			if (runsAsTool(this)) {
				returnData.push({ json: toolErrorOf(error as NodeOperationError), pairedItem: { item: i } });
				continue;
			}
			if (this.continueOnFail()) {
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			// NodeOperationError hands back an error that is already one, unchanged.
			throw error instanceof NodeApiError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}

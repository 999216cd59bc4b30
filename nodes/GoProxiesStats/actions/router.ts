import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as country from './country';
import * as request from './request';
import * as subuser from './subuser';
import * as traffic from './traffic';

type Operation = (this: IExecuteFunctions, i: number) => Promise<IDataObject[]>;

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

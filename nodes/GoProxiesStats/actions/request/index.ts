import type { INodeProperties } from 'n8n-workflow';

import * as getHistory from './getHistory.operation';

export { getHistory };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get the number of proxy requests of a period split by hour, day or week, one item per bucket',
				action: 'Get requests history',
			},
		],
		default: 'getHistory',
	},
	...getHistory.description,
];

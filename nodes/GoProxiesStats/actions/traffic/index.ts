import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getByCountry from './getByCountry.operation';
import * as getBySubuser from './getBySubuser.operation';
import * as getHistory from './getHistory.operation';

export { get, getByCountry, getBySubuser, getHistory };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['traffic'] } },
		options: [
			{
				name: 'Get Total',
				value: 'get',
				description: 'Get the total traffic of a period',
				action: 'Get total traffic',
			},
			{
				name: 'Get by Country',
				value: 'getByCountry',
				description: 'Get the total traffic of a period for each used country, largest first',
				action: 'Get traffic by country',
			},
			{
				name: 'Get by Subuser',
				value: 'getBySubuser',
				description: 'Get the total traffic of a period for each subuser, largest first',
				action: 'Get traffic by subuser',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get the traffic of a period split by hour, day or week, one item per bucket',
				action: 'Get traffic history',
			},
		],
		default: 'get',
	},
	...get.description,
	...getByCountry.description,
	...getBySubuser.description,
	...getHistory.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['country'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the countries your traffic went through',
				action: 'Get many used countries',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];

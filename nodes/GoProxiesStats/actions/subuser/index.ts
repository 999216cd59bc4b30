import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subuser'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: "Get the account's subusers, each with its usage against its traffic limit",
				action: 'Get many subusers',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];

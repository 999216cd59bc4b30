import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as country from './actions/country';
import * as request from './actions/request';
import { router } from './actions/router';
import * as subuser from './actions/subuser';
import * as traffic from './actions/traffic';
import * as loadOptions from '../shared/loadOptions';

export class GoProxiesStats implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GoProxies Stats',
		name: 'goProxiesStats',
		icon: { light: 'file:goproxies.svg', dark: 'file:goproxies.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Get traffic and request statistics and the subusers of your GoProxies account',
		defaults: { name: 'GoProxies Stats' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'goProxiesApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Country', value: 'country' },
					{ name: 'Request', value: 'request' },
					{ name: 'Subuser', value: 'subuser' },
					{ name: 'Traffic', value: 'traffic' },
				],
				default: 'traffic',
			},
			...traffic.description,
			...request.description,
			...country.description,
			...subuser.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

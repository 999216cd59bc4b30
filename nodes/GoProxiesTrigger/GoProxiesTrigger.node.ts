import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as loadOptions from '../shared/loadOptions';
import { choiceOf, pollParameters } from '../shared/parameters';
import { startRun } from '../shared/transport';
import { EVENTS } from './events';

export class GoProxiesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GoProxies Trigger',
		name: 'goProxiesTrigger',
		icon: { light: 'file:goproxies.svg', dark: 'file:goproxies.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when a subuser reaches a share of its limit or is projected to reach it, traffic passes a threshold, or a history bucket is complete',
		defaults: { name: 'GoProxies Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'goProxiesApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New History Bucket',
						value: 'newHistoryBucket',
						description: 'Each completed hour or day of traffic or requests, once, oldest first',
					},
					{
						name: 'Subuser Reached a Share of Its Limit',
						value: 'subuserLimitReached',
						description: 'A subuser used a percentage of its traffic limit; once per limit period',
					},
					{
						name: 'Subuser Projected to Reach Its Limit',
						value: 'subuserProjectedToReachLimit',
						description: 'A subuser will reach its traffic limit within some days at its average rate; once per limit period and limit',
					},
					{
						name: 'Traffic Passed a Threshold',
						value: 'trafficThresholdReached',
						description: "Today's or this month's traffic reached an amount; once per period",
					},
				],
				default: 'subuserLimitReached',
			},
			...EVENTS.subuserLimitReached.description,
			...EVENTS.subuserProjectedToReachLimit.description,
			...EVENTS.trafficThresholdReached.description,
			...EVENTS.newHistoryBucket.description,
		],
	};

	methods = { loadOptions };

	/**
	 * One poll: the event decides from the API and its state. The new state replaces the old one only
	 * after every call succeeded, and never in manual mode (Fetch Test Event).
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		startRun(this);
		const params = pollParameters.call(this);
		const event = choiceOf(params, 'event', 'Event', Object.keys(EVENTS), 'subuserLimitReached');
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const previous = (staticData[event] ?? {}) as typeof staticData;
		const { items, state } = await EVENTS[event].poll.call(this, params, previous, manual);
		if (!manual) staticData[event] = state;
		return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
	}
}

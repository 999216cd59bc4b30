import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { NodeParameters } from '../../shared/parameters';

/** What one poll found: the items to emit and the event's state after it. */
export interface PollResult {
	items: IDataObject[];
	state: IDataObject;
}

export interface TriggerEvent {
	description: INodeProperties[];
	/**
	 * Reads the API and decides. `state` is what the last polls kept (never changed in place); in manual
	 * mode (Fetch Test Event) the items are what would fire now, or else the closest candidate.
	 */
	poll(this: IPollFunctions, params: NodeParameters, state: IDataObject, manual: boolean): Promise<PollResult>;
}

export type EventPoll = TriggerEvent['poll'];

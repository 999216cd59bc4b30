import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

function refuse(params: NodeParameters, message: string, description: string): never {
	throw new NodeOperationError(params.node, message, { description });
}

/** A number parameter, checked: finite, within [min, max], above `above` when given. */
export function numberOf(
	params: NodeParameters,
	name: string,
	label: string,
	fallback: number,
	range: { min?: number; max?: number; above?: number; integer?: boolean; hint: string },
): number {
	const value = params.get(name, fallback);
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const ok =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		(range.min === undefined || number >= range.min) &&
		(range.max === undefined || number <= range.max) &&
		(range.above === undefined || number > range.above) &&
		(!range.integer || Number.isInteger(number));
	if (!ok) refuse(params, `${label} (${name}) must be ${range.hint}: got ${JSON.stringify(value)}`, `Set "${label}" to ${range.hint}`);
	return number as number;
}

/** An options parameter, checked against the values this event accepts. */
export function choiceOf<T extends string>(params: NodeParameters, name: string, label: string, allowed: readonly T[], fallback: T): T {
	const value = params.get(name, fallback);
	if (!(allowed as readonly unknown[]).includes(value)) {
		refuse(params, `Unknown ${label} "${String(value)}"`, `Choose one of: ${allowed.join(', ')}`);
	}
	return value as T;
}

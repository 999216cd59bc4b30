import type { IDataObject, IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The parameters of one item (Stats node) or of the node (Trigger), read the same way by both. */
export interface NodeParameters {
	node: INode;
	/** The item the values belong to; absent in a trigger. */
	itemIndex?: number;
	timeZone: string;
	get(name: string, fallback?: unknown): unknown;
}

export function itemParameters(this: IExecuteFunctions, i: number): NodeParameters {
	return {
		node: this.getNode(),
		itemIndex: i,
		timeZone: this.getTimezone(),
		get: (name, fallback) => this.getNodeParameter(name, i, fallback),
	};
}

export function pollParameters(this: IPollFunctions): NodeParameters {
	return {
		node: this.getNode(),
		timeZone: this.getTimezone(),
		get: (name, fallback) => this.getNodeParameter(name, fallback),
	};
}

/** The values of a collection parameter (Filters, Options), read as parameters of their own. */
export function collectionParameters(params: NodeParameters, collection: string): NodeParameters {
	const values = params.get(collection, {}) as IDataObject;
	return { ...params, get: (name, fallback) => values[name] ?? fallback };
}

function refuse(params: NodeParameters, message: string, description: string): never {
	throw new NodeOperationError(params.node, message, { itemIndex: params.itemIndex, description });
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

/** An options parameter, checked against the values accepted. */
export function choiceOf<T extends string>(params: NodeParameters, name: string, label: string, allowed: readonly T[], fallback: T): T {
	const value = params.get(name, fallback);
	if (!(allowed as readonly unknown[]).includes(value)) {
		refuse(params, `Unknown ${label} "${String(value)}"`, `Choose one of: ${allowed.join(', ')}`);
	}
	return value as T;
}

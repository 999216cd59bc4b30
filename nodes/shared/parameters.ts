import type { IExecuteFunctions, INode, IPollFunctions } from 'n8n-workflow';

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

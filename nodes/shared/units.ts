import { NodeOperationError } from 'n8n-workflow';

import type { NodeParameters } from './parameters';

/** Bytes in one of each unit: decimal (SI) and binary (IEC). */
export const UNIT_BYTES = {
	bytes: 1,
	KB: 1e3,
	MB: 1e6,
	GB: 1e9,
	TB: 1e12,
	KiB: 2 ** 10,
	MiB: 2 ** 20,
	GiB: 2 ** 30,
	TiB: 2 ** 40,
} as const;
export type Unit = keyof typeof UNIT_BYTES;

/** Bytes in the unit, rounded to 3 decimals. */
export function trafficIn(bytes: number, unit: Unit): number {
	return Math.round((bytes / UNIT_BYTES[unit]) * 1000) / 1000;
}

/** A Unit parameter value, checked. */
export function unitOf(params: NodeParameters, value: unknown): Unit {
	if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(UNIT_BYTES, value)) {
		throw new NodeOperationError(params.node, `Unknown Unit "${String(value)}"`, {
			itemIndex: params.itemIndex,
			description: `Choose one of: ${Object.keys(UNIT_BYTES).join(', ')}`,
		});
	}
	return value as Unit;
}

/** `part / whole` to 4 decimals; 0 when the whole is 0. */
export function shareOf(part: number, whole: number): number {
	return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

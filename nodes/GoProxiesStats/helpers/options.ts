import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface OutputOptions {
	simplify: boolean;
	unit: Unit;
	timeout: number;
}

/** Bytes in the unit, rounded to 3 decimals. */
export function trafficIn(bytes: number, unit: Unit): number {
	return Math.round((bytes / UNIT_BYTES[unit]) * 1000) / 1000;
}

export function outputOptionsOf(this: IExecuteFunctions, i: number): OutputOptions {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const unit = (options.unit ?? 'GB') as string;
	if (!Object.prototype.hasOwnProperty.call(UNIT_BYTES, unit)) {
		throw new NodeOperationError(this.getNode(), `Unknown Unit "${unit}"`, {
			itemIndex: i,
			description: `Choose one of: ${Object.keys(UNIT_BYTES).join(', ')}`,
		});
	}
	const timeout = Number(options.timeout ?? DEFAULT_TIMEOUT_MS);
	if (!Number.isInteger(timeout) || timeout < 1) {
		throw new NodeOperationError(
			this.getNode(),
			`Option "Timeout" must be a whole number of milliseconds above 0: got ${JSON.stringify(options.timeout)}`,
			{ itemIndex: i, description: `For example ${DEFAULT_TIMEOUT_MS} for 30 seconds` },
		);
	}
	return { simplify: options.simplify !== false, unit: unit as Unit, timeout };
}

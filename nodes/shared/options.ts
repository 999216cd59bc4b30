import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeParameters } from './parameters';
import type { Unit } from './units';
import { unitOf } from './units';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface OutputOptions {
	simplify: boolean;
	unit: Unit;
	timeout: number;
}

export function outputOptionsOf(params: NodeParameters): OutputOptions {
	const options = params.get('options', {}) as IDataObject;
	const unit = unitOf(params, options.unit ?? 'GB');
	const timeout = Number(options.timeout ?? DEFAULT_TIMEOUT_MS);
	if (!Number.isInteger(timeout) || timeout < 1) {
		throw new NodeOperationError(
			params.node,
			`Option "Timeout" must be a whole number of milliseconds above 0: got ${JSON.stringify(options.timeout)}`,
			{ itemIndex: params.itemIndex, description: `For example ${DEFAULT_TIMEOUT_MS} for 30 seconds` },
		);
	}
	return { simplify: options.simplify !== false, unit, timeout };
}

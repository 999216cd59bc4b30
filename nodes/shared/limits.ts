import { NodeOperationError } from 'n8n-workflow';

import type { NodeParameters } from './parameters';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 20;

/** Option "Concurrency": how many API calls may be under way at once. */
export function concurrencyOf(params: NodeParameters): number {
	const value = (params.get('options', {}) as { concurrency?: unknown }).concurrency ?? DEFAULT_CONCURRENCY;
	if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			params.node,
			`Option "Concurrency" must be a whole number from 1 to ${MAX_CONCURRENCY}: got ${JSON.stringify(value)}`,
			{ itemIndex: params.itemIndex, description: `Use ${DEFAULT_CONCURRENCY} unless the API asks you to slow down` },
		);
	}
	return value as number;
}

/** "Return All" and "Limit": how many results to return at most (Infinity for all). */
export function limitOf(params: NodeParameters): number {
	if (params.get('returnAll', true) as boolean) return Infinity;
	const limit = params.get('limit', 50);
	if (!Number.isInteger(limit) || (limit as number) < 1) {
		throw new NodeOperationError(params.node, `"Limit" must be a whole number above 0: got ${JSON.stringify(limit)}`, {
			itemIndex: params.itemIndex,
			description: 'Or turn on "Return All"',
		});
	}
	return limit as number;
}

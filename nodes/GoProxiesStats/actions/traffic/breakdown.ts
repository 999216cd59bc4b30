import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import type { StatsQuery } from '../../../shared/statsQuery';
import type { RequestSettings } from '../../../shared/transport';
import { goProxiesApiRequest } from '../../../shared/transport';

export interface Part {
	key: string;
	bytes: number;
	body: IDataObject;
}

/**
 * The period's traffic split by one filter (`country` or `username`): one call per key, `concurrency`
 * at a time, largest first, with the sum. The first failing call fails it all, named by `subjectOf`.
 */
export async function trafficBreakdown(
	this: IExecuteFunctions,
	by: 'country' | 'username',
	keys: string[],
	query: StatsQuery,
	settings: Omit<RequestSettings, 'subject'> & { concurrency: number; subjectOf: (key: string) => string },
): Promise<{ parts: Part[]; totalBytes: number }> {
	const { concurrency, subjectOf, ...request } = settings;
	const bodies = await mapWithConcurrency(keys, concurrency, async (key) =>
		await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', { ...query, [by]: key }, { ...request, subject: subjectOf(key) }),
	);
	const parts = keys
		.map((key, index) => ({ key, bytes: bodies[index].bytes as number, body: bodies[index] }))
		.sort((a, b) => b.bytes - a.bytes);
	return { parts, totalBytes: parts.reduce((sum, { bytes }) => sum + bytes, 0) };
}

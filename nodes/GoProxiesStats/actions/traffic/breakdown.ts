import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import type { StatsQuery } from '../../../shared/statsQuery';
import type { RequestSettings } from '../../../shared/transport';
import { goProxiesApiRequest } from '../../../shared/transport';

interface Traffic {
	bytes: number;
	body: IDataObject;
}

export interface Part extends Traffic {
	key: string;
	/** The key's traffic in the period before, when Compare With asks for it. */
	previous?: Traffic;
}

const totalOf = (bodies: IDataObject[]) => bodies.reduce((total, body) => total + (body.bytes as number), 0);

/**
 * The period's traffic split by one filter (`country` or `username`): one call per key, and per key again for
 * the `previous` period when given, all `concurrency` at a time; largest first (now), with the sums. The first
 * failing call fails it all, named by `subjectOf`.
 */
export async function trafficBreakdown(
	this: IExecuteFunctions,
	by: 'country' | 'username',
	keys: string[],
	query: StatsQuery,
	settings: Omit<RequestSettings, 'subject'> & { concurrency: number; subjectOf: (key: string) => string; previous?: StatsQuery },
): Promise<{ parts: Part[]; totalBytes: number; previousTotalBytes: number }> {
	const { concurrency, subjectOf, previous, ...request } = settings;
	const calls = [
		...keys.map((key) => ({ key, period: query, subject: subjectOf(key) })),
		...(previous ? keys.map((key) => ({ key, period: previous, subject: `${subjectOf(key)} in the previous period` })) : []),
	];
	const bodies = await mapWithConcurrency(calls, concurrency, async ({ key, period, subject }) =>
		await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', { ...period, [by]: key }, { ...request, subject }),
	);
	const trafficAt = (index: number): Traffic => ({ bytes: bodies[index].bytes as number, body: bodies[index] });
	const parts: Part[] = keys
		.map((key, index) => ({ key, ...trafficAt(index), ...(previous ? { previous: trafficAt(keys.length + index) } : {}) }))
		.sort((a, b) => b.bytes - a.bytes);
	return { parts, totalBytes: totalOf(bodies.slice(0, keys.length)), previousTotalBytes: totalOf(bodies.slice(keys.length)) };
}

import type { IDataObject } from 'n8n-workflow';

import type { StatsQuery } from './statsQuery';
import { filterOf } from './statsQuery';
import type { Unit } from './units';
import { trafficIn } from './units';

export const HISTORY_PATHS = {
	traffic: '/api/v1/stats/traffic/history',
	request: '/api/v1/stats/requests/history',
} as const;
export type HistoryResource = keyof typeof HISTORY_PATHS;

/** A history answer as Get History shows it: one item per bucket, oldest first, with the filter it was asked for. */
export function historyItems(resource: HistoryResource, body: IDataObject, query: StatsQuery, unit: Unit): IDataObject[] {
	const filter = filterOf(body, query);
	return (body.values as IDataObject[]).map(({ start_at, end_at, bytes, count, amount }) =>
		resource === 'traffic'
			? { start_at, end_at, bytes, traffic: trafficIn(bytes as number, unit), unit, ...filter }
			: { start_at, end_at, ...(count === undefined ? {} : { count }), amount, ...filter },
	);
}

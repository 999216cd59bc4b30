import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FilterQuery } from './filters';
import { filtersOf } from './filters';
import type { OutputOptions } from './options';
import { outputOptionsOf } from './options';
import type { NodeParameters } from './parameters';
import type { DateRange } from './period';
import { dateRangeOf } from './period';

export const INTERVALS = ['hour', 'day', 'week', 'auto'] as const;

export type StatsQuery = DateRange & FilterQuery & { interval?: string } & IDataObject;

/** Everything the parameters ask of a statistics endpoint, checked before any request is sent. */
export function statsRequestOf(
	params: NodeParameters,
	accepts: { interval?: boolean } = {},
): { query: StatsQuery; options: OutputOptions } {
	const options = outputOptionsOf(params);
	const filters = filtersOf(params);
	const query: StatsQuery = { ...dateRangeOf(params), ...filters };
	if (accepts.interval) {
		const interval = params.get('interval', 'day') as string;
		if (!(INTERVALS as readonly string[]).includes(interval)) {
			throw new NodeOperationError(params.node, `Unknown Interval "${interval}"`, {
				itemIndex: params.itemIndex,
				description: `Choose one of: ${INTERVALS.join(', ')}`,
			});
		}
		query.interval = interval;
	}
	return { query, options };
}

const FILTER_KEYS = ['country', 'username', 'status', 'status_not', 'interval'] as const;

/** The filter a result was computed for: the API's echo of it when given, else what was asked. */
export function filterOf(body: IDataObject, query: StatsQuery): IDataObject {
	const echo = (typeof body.filter === 'object' && body.filter !== null ? body.filter : query) as IDataObject;
	const filter: IDataObject = {};
	for (const key of FILTER_KEYS) {
		if (echo[key] !== undefined && echo[key] !== '') filter[key] = echo[key];
	}
	return filter;
}

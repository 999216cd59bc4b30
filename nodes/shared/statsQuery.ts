import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FilterQuery } from './filters';
import { filtersOf } from './filters';
import type { OutputOptions } from './options';
import { outputOptionsOf } from './options';
import type { NodeParameters } from './parameters';
import { choiceOf, collectionParameters } from './parameters';
import type { DateRange } from './period';
import { dateRangeOf, periodOf, previousRange } from './period';

export const INTERVALS = ['hour', 'day', 'week', 'auto'] as const;
const COMPARISONS = ['none', 'previousPeriod'] as const;

export type StatsQuery = DateRange & FilterQuery & { interval?: string } & IDataObject;

/**
 * Everything the parameters ask of a statistics endpoint, checked before any request is sent; with Options →
 * Compare With → Previous Period also the query of the period before (`previous`), with the same filters.
 */
export function statsRequestOf(
	params: NodeParameters,
	accepts: { interval?: boolean; compareWith?: boolean } = {},
): { query: StatsQuery; options: OutputOptions; previous?: StatsQuery } {
	const options = outputOptionsOf(params);
	const filters = filtersOf(params);
	const now = new Date();
	const query: StatsQuery = { ...dateRangeOf(params, now), ...filters };
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
	const compareWith = accepts.compareWith ? choiceOf(collectionParameters(params, 'options'), 'compareWith', 'Compare With', COMPARISONS, 'none') : 'none';
	if (compareWith === 'none') return { query, options };
	return { query, options, previous: { ...query, ...previousRange(periodOf(params), query, now, params.timeZone) } };
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

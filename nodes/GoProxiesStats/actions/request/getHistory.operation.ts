import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filterOf, statsRequestOf } from '../../../shared/statsQuery';
import { itemParameters } from '../../../shared/parameters';
import { goProxiesApiRequest } from '../../../shared/transport';
import {
	countryFilter,
	filtersCollection,
	intervalField,
	optionsCollection,
	periodFields,
	simplifyOption,
	statusFilters,
	timeoutOption,
	usernameFilter,
} from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	...periodFields,
	intervalField,
	filtersCollection([countryFilter, ...statusFilters, usernameFilter]),
	optionsCollection([simplifyOption, timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['request'], operation: ['getHistory'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { query, options } = statsRequestOf(itemParameters.call(this, i), { interval: true, status: true });
	const body = await goProxiesApiRequest.call(this, '/api/v1/stats/requests/history', query, {
		timeout: options.timeout,
		itemIndex: i,
	});
	if (!options.simplify) return [body];

	const filter = filterOf(body, query);
	return (body.values as IDataObject[]).map(({ start_at, end_at, count, amount }) => ({
		start_at,
		end_at,
		...(count === undefined ? {} : { count }),
		amount,
		...filter,
	}));
}

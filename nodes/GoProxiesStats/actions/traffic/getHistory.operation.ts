import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { trafficIn } from '../../../shared/units';
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
	timeoutOption,
	unitOption,
	usernameFilter,
} from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	...periodFields,
	intervalField,
	filtersCollection([countryFilter, usernameFilter]),
	optionsCollection([simplifyOption, timeoutOption, unitOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['getHistory'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { query, options } = statsRequestOf(itemParameters.call(this, i), { interval: true });
	const body = await goProxiesApiRequest.call(this, '/api/v1/stats/traffic/history', query, {
		timeout: options.timeout,
		itemIndex: i,
	});
	if (!options.simplify) return [body];

	const filter = filterOf(body, query);
	return (body.values as IDataObject[]).map(({ start_at, end_at, bytes }) => ({
		start_at,
		end_at,
		bytes,
		traffic: trafficIn(bytes as number, options.unit),
		unit: options.unit,
		...filter,
	}));
}

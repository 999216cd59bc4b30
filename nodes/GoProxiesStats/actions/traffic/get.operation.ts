import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { trafficIn } from '../../../shared/units';
import type { StatsQuery } from '../../../shared/statsQuery';
import { filterOf, statsRequestOf } from '../../../shared/statsQuery';
import { itemParameters } from '../../../shared/parameters';
import { goProxiesApiRequest } from '../../../shared/transport';
import {
	compareWithOption,
	countryFilter,
	filtersCollection,
	optionsCollection,
	periodFields,
	simplifyOption,
	timeoutOption,
	unitOption,
	usernameFilter,
} from '../../../shared/descriptions';

import { comparisonOf } from './comparison';

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([countryFilter, usernameFilter]),
	optionsCollection([compareWithOption, simplifyOption, timeoutOption, unitOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { query, options, previous } = statsRequestOf(itemParameters.call(this, i), { compareWith: true });
	const trafficOf = async (period: StatsQuery, subject?: string) =>
		await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', period, { timeout: options.timeout, itemIndex: i, subject });
	const body = await trafficOf(query);
	const previousBody = previous && (await trafficOf(previous, 'Traffic of the previous period'));
	if (!options.simplify) return [previousBody ? { ...body, previous: previousBody } : body];

	const { start_at, end_at, ...filter } = { ...query, ...filterOf(body, query) };
	const bytes = body.bytes as number;
	return [
		{
			start_at,
			end_at,
			bytes,
			traffic: trafficIn(bytes, options.unit),
			unit: options.unit,
			...filter,
			...(previous && previousBody ? comparisonOf(bytes, previousBody.bytes as number, previous, options.unit) : {}),
		},
	];
}

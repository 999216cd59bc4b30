import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import { countryName } from '../../../shared/countryName';
import {
	concurrencyOption,
	filtersCollection,
	optionsCollection,
	periodFields,
	returnAllFields,
	simplifyOption,
	timeoutOption,
	unitOption,
	usernameFilter,
} from '../../../shared/descriptions';
import { concurrencyOf, limitOf } from '../../../shared/limits';
import { itemParameters } from '../../../shared/parameters';
import { statsRequestOf } from '../../../shared/statsQuery';
import { goProxiesApiRequest } from '../../../shared/transport';
import { shareOf, trafficIn } from '../../../shared/units';

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([usernameFilter]),
	...returnAllFields,
	optionsCollection([concurrencyOption('countries'), simplifyOption, timeoutOption, unitOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['getByCountry'] } },
	properties,
);

/** The used countries' traffic over the period, one API call per country, `concurrency` at a time. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const params = itemParameters.call(this, i);
	const concurrency = concurrencyOf(params);
	const limit = limitOf(params);
	const { query, options } = statsRequestOf(params);
	const settings = { timeout: options.timeout, itemIndex: i };

	const { countries } = await goProxiesApiRequest.call(this, '/api/v1/stats/countries', {}, settings);
	const bodies = await mapWithConcurrency(countries as string[], concurrency, async (country) =>
		await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', { ...query, country }, {
			...settings,
			subject: `Traffic of ${countryName(country)} (${country})`,
		}),
	);
	const totals = (countries as string[])
		.map((country, index) => ({ country, bytes: bodies[index].bytes as number, body: bodies[index] }))
		.sort((a, b) => b.bytes - a.bytes);
	const totalBytes = totals.reduce((sum, { bytes }) => sum + bytes, 0);
	const shown = totals.slice(0, limit);

	if (!options.simplify) {
		return [{ countries: shown.map(({ body }) => body), total_bytes: totalBytes, filter: query }];
	}
	return shown.map(({ country, bytes }) => ({
		country,
		name: countryName(country),
		bytes,
		traffic: trafficIn(bytes, options.unit),
		unit: options.unit,
		share: shareOf(bytes, totalBytes),
		start_at: query.start_at,
		end_at: query.end_at,
		...(query.username === undefined ? {} : { username: query.username }),
	}));
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countryName } from '../../../shared/countryName';
import {
	compareWithOption,
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

import { trafficBreakdown } from './breakdown';
import { comparisonOf } from './comparison';

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([usernameFilter]),
	...returnAllFields,
	optionsCollection([compareWithOption, concurrencyOption('countries'), simplifyOption, timeoutOption, unitOption]),
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
	const { query, options, previous } = statsRequestOf(params, { compareWith: true });
	const settings = { timeout: options.timeout, itemIndex: i };

	const { countries } = await goProxiesApiRequest.call(this, '/api/v1/stats/countries', {}, settings);
	const { parts, totalBytes, previousTotalBytes } = await trafficBreakdown.call(this, 'country', countries as string[], query, {
		...settings,
		concurrency,
		previous,
		subjectOf: (country) => `Traffic of ${countryName(country)} (${country})`,
	});
	const shown = parts.slice(0, limit);

	if (!options.simplify) {
		const report = { countries: shown.map(({ body }) => body), total_bytes: totalBytes, filter: query };
		if (!previous) return [report];
		return [{ ...report, previous: { countries: shown.map((part) => part.previous?.body), total_bytes: previousTotalBytes, filter: previous } }];
	}
	return shown.map(({ key: country, bytes, previous: before }) => ({
		country,
		name: countryName(country),
		bytes,
		traffic: trafficIn(bytes, options.unit),
		unit: options.unit,
		share: shareOf(bytes, totalBytes),
		start_at: query.start_at,
		end_at: query.end_at,
		...(query.username === undefined ? {} : { username: query.username }),
		...(previous && before ? comparisonOf(bytes, before.bytes, previous, options.unit) : {}),
	}));
}

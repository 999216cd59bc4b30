import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	compareWithOption,
	concurrencyOption,
	countryFilter,
	filtersCollection,
	optionsCollection,
	periodFields,
	returnAllFields,
	simplifyOption,
	timeoutOption,
	unitOption,
} from '../../../shared/descriptions';
import { concurrencyOf, limitOf } from '../../../shared/limits';
import { itemParameters } from '../../../shared/parameters';
import { statsRequestOf } from '../../../shared/statsQuery';
import { listSubusers } from '../../../shared/subusers';
import { shareOf, trafficIn } from '../../../shared/units';

import { trafficBreakdown } from './breakdown';
import { comparisonOf } from './comparison';

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([countryFilter]),
	...returnAllFields,
	optionsCollection([compareWithOption, concurrencyOption('subusers'), simplifyOption, timeoutOption, unitOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['getBySubuser'] } },
	properties,
);

/** Every subuser's traffic over the period (disabled ones too), one API call each, largest first. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const params = itemParameters.call(this, i);
	const concurrency = concurrencyOf(params);
	const limit = limitOf(params);
	const { query, options, previous } = statsRequestOf(params, { compareWith: true });
	const settings = { timeout: options.timeout, itemIndex: i };

	const usernames = (await listSubusers.call(this, {}, settings)).map(({ username }) => username as string);
	const { parts, totalBytes, previousTotalBytes } = await trafficBreakdown.call(this, 'username', usernames, query, {
		...settings,
		concurrency,
		previous,
		subjectOf: (username) => `Traffic of subuser "${username}"`,
	});
	const shown = parts.slice(0, limit);

	if (!options.simplify) {
		const report = { subusers: shown.map(({ key: username, body }) => ({ username, ...body })), total_bytes: totalBytes, filter: query };
		if (!previous) return [report];
		const previousSubusers = shown.map(({ key: username, previous: before }) => ({ username, ...before?.body }));
		return [{ ...report, previous: { subusers: previousSubusers, total_bytes: previousTotalBytes, filter: previous } }];
	}
	return shown.map(({ key: username, bytes, previous: before }) => ({
		username,
		bytes,
		traffic: trafficIn(bytes, options.unit),
		unit: options.unit,
		share: shareOf(bytes, totalBytes),
		start_at: query.start_at,
		end_at: query.end_at,
		...(query.country === undefined ? {} : { country: query.country }),
		...(previous && before ? comparisonOf(bytes, before.bytes, previous, options.unit) : {}),
	}));
}

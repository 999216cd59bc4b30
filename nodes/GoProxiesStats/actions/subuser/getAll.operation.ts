import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	filtersCollection,
	optionsCollection,
	returnAllFields,
	simplifyOption,
	timeoutOption,
	usernameFilter,
} from '../../../shared/descriptions';
import { filtersOf } from '../../../shared/filters';
import { limitOf } from '../../../shared/limits';
import { outputOptionsOf } from '../../../shared/options';
import { choiceOf, collectionParameters, itemParameters, numberOf } from '../../../shared/parameters';
import { isWithin, listSubusers, MAX_PROJECTION_DAYS, PROJECTION_DAYS, projectedLimitAt, projectedSubuser, usedPercent } from '../../../shared/subusers';

const SORTS = ['apiOrder', 'usedShare'] as const;

const minUsedShareFilter: INodeProperties = {
	displayName: 'Minimum Used Share (%)',
	name: 'minUsedShare',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1000 },
	default: 80,
	description:
		'Only the subusers that used at least this percentage of their traffic limit (0 to 1000); subusers without a limit never match',
};

const projectedWithinDaysFilter: INodeProperties = {
	displayName: 'Projected to Reach Its Limit Within (Days)',
	name: 'projectedWithinDays',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_PROJECTION_DAYS },
	default: 3,
	description:
		'Only the subusers that, at their average rate since their limit period started, reach their limit within this many days from now (0 to 366, decimals allowed), those that already did included',
};

const sortByOption: INodeProperties = {
	displayName: 'Sort By',
	name: 'sortBy',
	type: 'options',
	options: [
		{ name: 'API Order', value: 'apiOrder', description: 'As the API lists them' },
		{ name: 'Used Share', value: 'usedShare', description: 'The highest share of its limit first; subusers without a limit last' },
	],
	default: 'apiOrder',
	description: 'The order of the subusers, before Limit applies',
};

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([minUsedShareFilter, projectedWithinDaysFilter, usernameFilter]),
	optionsCollection([simplifyOption, sortByOption, timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['subuser'], operation: ['getAll'] } },
	properties,
);

/**
 * One item per subuser: simplified, or the API's object as it came (never its `secret`). With Minimum
 * Used Share, Projected to Reach Its Limit Within or Sort By Used Share every page is read, then filtered,
 * sorted and cut to Limit.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const params = itemParameters.call(this, i);
	const limit = limitOf(params);
	const { username } = filtersOf(params);
	const filters = collectionParameters(params, 'filters');
	const optionalFilter = (name: string, label: string, range: Parameters<typeof numberOf>[4]) =>
		[undefined, null, ''].includes(filters.get(name) as string) ? undefined : numberOf(filters, name, label, 0, range);
	const minUsedShare = optionalFilter('minUsedShare', 'Minimum Used Share (%)', { min: 0, max: 1000, hint: 'a percentage from 0 to 1000' });
	const projectedWithinDays = optionalFilter('projectedWithinDays', 'Projected to Reach Its Limit Within (Days)', PROJECTION_DAYS);
	const sortBy = choiceOf(collectionParameters(params, 'options'), 'sortBy', 'Sort By', SORTS, 'apiOrder');
	const options = outputOptionsOf(params);
	const readAll = minUsedShare !== undefined || projectedWithinDays !== undefined || sortBy === 'usedShare';

	let subusers = await listSubusers.call(this, username === undefined ? {} : { username }, {
		timeout: options.timeout,
		itemIndex: i,
	}, readAll ? Infinity : limit);
	// A subuser without a limit ranks below every share, so that it never matches and sorts last.
	const rank = (subuser: IDataObject) => usedPercent(subuser) ?? -1;
	const now = DateTime.now();
	const projections = new Map(subusers.map((subuser) => [subuser, projectedLimitAt(subuser, params.timeZone, now)]));
	if (minUsedShare !== undefined) subusers = subusers.filter((subuser) => rank(subuser) >= minUsedShare);
	if (projectedWithinDays !== undefined) subusers = subusers.filter((subuser) => isWithin(projections.get(subuser), projectedWithinDays, now));
	if (sortBy === 'usedShare') subusers = [...subusers].sort((a, b) => rank(b) - rank(a));
	subusers = subusers.slice(0, limit);
	if (!options.simplify) return subusers;
	return subusers.map((subuser) => projectedSubuser(subuser, params.timeZone, projections.get(subuser)));
}

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
import { listSubusers, simplifySubuser, usedPercent } from '../../../shared/subusers';

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
	filtersCollection([minUsedShareFilter, usernameFilter]),
	optionsCollection([simplifyOption, sortByOption, timeoutOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['subuser'], operation: ['getAll'] } },
	properties,
);

/**
 * One item per subuser: simplified, or the API's object as it came (never its `secret`). With Minimum
 * Used Share or Sort By Used Share every page is read, then filtered, sorted and cut to Limit.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const params = itemParameters.call(this, i);
	const limit = limitOf(params);
	const { username } = filtersOf(params);
	const filters = collectionParameters(params, 'filters');
	const minUsedShareSet = ![undefined, null, ''].includes(filters.get('minUsedShare') as string);
	const minUsedShare = minUsedShareSet
		? numberOf(filters, 'minUsedShare', 'Minimum Used Share (%)', 80, { min: 0, max: 1000, hint: 'a percentage from 0 to 1000' })
		: undefined;
	const sortBy = choiceOf(collectionParameters(params, 'options'), 'sortBy', 'Sort By', SORTS, 'apiOrder');
	const options = outputOptionsOf(params);
	const readAll = minUsedShareSet || sortBy === 'usedShare';

	let subusers = await listSubusers.call(this, username === undefined ? {} : { username }, {
		timeout: options.timeout,
		itemIndex: i,
	}, readAll ? Infinity : limit);
	// A subuser without a limit ranks below every share, so that it never matches and sorts last.
	const rank = (subuser: IDataObject) => usedPercent(subuser) ?? -1;
	if (minUsedShare !== undefined) subusers = subusers.filter((subuser) => rank(subuser) >= minUsedShare);
	if (sortBy === 'usedShare') subusers = [...subusers].sort((a, b) => rank(b) - rank(a));
	subusers = subusers.slice(0, limit);
	if (!options.simplify) return subusers;
	return subusers.map((subuser) => simplifySubuser(subuser, params.timeZone));
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { HISTORY_PATHS, historyItems } from '../../../shared/history';
import { statsRequestOf } from '../../../shared/statsQuery';
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
	const { query, options } = statsRequestOf(itemParameters.call(this, i), { interval: true });
	const body = await goProxiesApiRequest.call(this, HISTORY_PATHS.request, query, {
		timeout: options.timeout,
		itemIndex: i,
	});
	return options.simplify ? historyItems('request', body, query, options.unit) : [body];
}

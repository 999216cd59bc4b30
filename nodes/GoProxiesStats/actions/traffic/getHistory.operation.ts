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
	const body = await goProxiesApiRequest.call(this, HISTORY_PATHS.traffic, query, {
		timeout: options.timeout,
		itemIndex: i,
	});
	return options.simplify ? historyItems('traffic', body, query, options.unit) : [body];
}

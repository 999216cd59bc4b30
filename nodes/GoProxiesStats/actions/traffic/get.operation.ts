import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { trafficIn } from '../../../shared/units';
import { filterOf, statsRequestOf } from '../../../shared/statsQuery';
import { itemParameters } from '../../../shared/parameters';
import { goProxiesApiRequest } from '../../../shared/transport';
import {
	countryFilter,
	filtersCollection,
	optionsCollection,
	periodFields,
	simplifyOption,
	timeoutOption,
	unitOption,
	usernameFilter,
} from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([countryFilter, usernameFilter]),
	optionsCollection([simplifyOption, timeoutOption, unitOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { query, options } = statsRequestOf(itemParameters.call(this, i));
	const body = await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', query, {
		timeout: options.timeout,
		itemIndex: i,
	});
	if (!options.simplify) return [body];

	const { start_at, end_at, ...filter } = { ...query, ...filterOf(body, query) };
	const bytes = body.bytes as number;
	return [{ start_at, end_at, bytes, traffic: trafficIn(bytes, options.unit), unit: options.unit, ...filter }];
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countryName } from '../../../shared/countryName';
import { outputOptionsOf } from '../../../shared/options';
import { itemParameters } from '../../../shared/parameters';
import { goProxiesApiRequest } from '../../../shared/transport';
import { optionsCollection, simplifyOption, timeoutOption } from '../../../shared/descriptions';

const properties: INodeProperties[] = [optionsCollection([simplifyOption, timeoutOption])];

export const description = updateDisplayOptions(
	{ show: { resource: ['country'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const options = outputOptionsOf(itemParameters.call(this, i));
	const body = await goProxiesApiRequest.call(this, '/api/v1/stats/countries', {}, {
		timeout: options.timeout,
		itemIndex: i,
	});
	if (!options.simplify) return [body];
	return (body.countries as string[]).map((country) => ({ country, name: countryName(country) }));
}

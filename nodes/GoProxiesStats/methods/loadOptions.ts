import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { countryName } from '../../shared/countryName';
import { goProxiesApiRequest } from '../../shared/transport';

/** The countries used in traffic, as "United States (US)", for the Country filter. */
export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { countries } = await goProxiesApiRequest.call(this, '/api/v1/stats/countries');
	return (countries as string[])
		.map((code) => ({ name: `${countryName(code)} (${code})`, value: code }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

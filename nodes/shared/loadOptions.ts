import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { countryName } from './countryName';
import { listSubusers } from './subusers';
import { goProxiesApiRequest } from './transport';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** The countries used in traffic, as "United States (US)", for the Country filter. */
export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { countries } = await goProxiesApiRequest.call(this, '/api/v1/stats/countries');
	return (countries as string[]).map((code) => ({ name: `${countryName(code)} (${code})`, value: code })).sort(byName);
}

/** Every subuser of the account (all pages), for the Subuser filter; disabled ones say so. */
export async function getSubusers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await listSubusers.call(this))
		.map(({ username, enabled }) => ({
			name: String(username),
			value: String(username),
			...(enabled === false ? { description: 'Disabled' } : {}),
		}))
		.sort(byName);
}

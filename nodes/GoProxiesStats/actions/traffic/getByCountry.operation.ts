import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import { countryName } from '../../../shared/countryName';
import { trafficIn } from '../../../shared/units';
import { statsRequestOf } from '../../../shared/statsQuery';
import { itemParameters } from '../../../shared/parameters';
import { goProxiesApiRequest } from '../../../shared/transport';
import {
	filtersCollection,
	optionsCollection,
	periodFields,
	simplifyOption,
	timeoutOption,
	unitOption,
	usernameFilter,
} from '../../../shared/descriptions';

const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = 20;

const properties: INodeProperties[] = [
	...periodFields,
	filtersCollection([usernameFilter]),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	optionsCollection([
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
			default: DEFAULT_CONCURRENCY,
			description: `How many countries to ask the API about at the same time (1 to ${MAX_CONCURRENCY})`,
		},
		simplifyOption,
		timeoutOption,
		unitOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['traffic'], operation: ['getByCountry'] } },
	properties,
);

function concurrencyOf(this: IExecuteFunctions, i: number): number {
	const value = (this.getNodeParameter('options', i, {}) as IDataObject).concurrency ?? DEFAULT_CONCURRENCY;
	if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_CONCURRENCY) {
		throw new NodeOperationError(
			this.getNode(),
			`Option "Concurrency" must be a whole number from 1 to ${MAX_CONCURRENCY}: got ${JSON.stringify(value)}`,
			{ itemIndex: i, description: `Use ${DEFAULT_CONCURRENCY} unless the API asks you to slow down` },
		);
	}
	return value as number;
}

function limitOf(this: IExecuteFunctions, i: number): number {
	if (this.getNodeParameter('returnAll', i, true) as boolean) return Infinity;
	const limit = this.getNodeParameter('limit', i, 50);
	if (!Number.isInteger(limit) || (limit as number) < 1) {
		throw new NodeOperationError(this.getNode(), `"Limit" must be a whole number above 0: got ${JSON.stringify(limit)}`, {
			itemIndex: i,
			description: 'Or turn on "Return All"',
		});
	}
	return limit as number;
}

/** The used countries' traffic over the period, one API call per country, `concurrency` at a time. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const concurrency = concurrencyOf.call(this, i);
	const limit = limitOf.call(this, i);
	const { query, options } = statsRequestOf(itemParameters.call(this, i));
	const settings = { timeout: options.timeout, itemIndex: i };

	const { countries } = await goProxiesApiRequest.call(this, '/api/v1/stats/countries', {}, settings);
	const bodies = await mapWithConcurrency(countries as string[], concurrency, async (country) =>
		await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', { ...query, country }, {
			...settings,
			subject: `Traffic of ${countryName(country)} (${country})`,
		}),
	);
	const totals = (countries as string[])
		.map((country, index) => ({ country, bytes: bodies[index].bytes as number, body: bodies[index] }))
		.sort((a, b) => b.bytes - a.bytes);
	const totalBytes = totals.reduce((sum, { bytes }) => sum + bytes, 0);
	const shown = totals.slice(0, limit);

	if (!options.simplify) {
		return [{ countries: shown.map(({ body }) => body), total_bytes: totalBytes, filter: query }];
	}
	return shown.map(({ country, bytes }) => ({
		country,
		name: countryName(country),
		bytes,
		traffic: trafficIn(bytes, options.unit),
		unit: options.unit,
		share: totalBytes === 0 ? 0 : Math.round((bytes / totalBytes) * 10_000) / 10_000,
		start_at: query.start_at,
		end_at: query.end_at,
		...(query.username === undefined ? {} : { username: query.username }),
	}));
}

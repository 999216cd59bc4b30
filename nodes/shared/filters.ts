import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeParameters } from './parameters';

/** Query parameters of the `filters` collection, checked; empty ones are left out. */
export interface FilterQuery {
	country?: string;
	username?: string;
	status?: number;
	status_not?: number;
}

function statusCode(params: NodeParameters, name: 'status' | 'statusNot', value: unknown) {
	const label = name === 'status' ? 'Status' : 'Status Not';
	const text = typeof value === 'string' ? value.trim() : value;
	const code = typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
	if (!Number.isInteger(code) || code < 100 || code > 599) {
		throw new NodeOperationError(
			params.node,
			`Filter "${label}" (${name}) must be an HTTP status code, a whole number from 100 to 599: got ${JSON.stringify(value)}`,
			{ itemIndex: params.itemIndex, description: 'For example 200 for successful requests, or 407 for proxy authentication failures' },
		);
	}
	return code;
}

/**
 * The filters, checked; empty ones are left out. Only the filters the operation declares arrive here: n8n
 * drops a collection's values that its options do not declare (a Status left over from request history).
 */
export function filtersOf(params: NodeParameters): FilterQuery {
	const filters = params.get('filters', {}) as IDataObject;
	const query: FilterQuery = {};
	const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

	if (isSet(filters.country)) {
		const country = String(filters.country).trim();
		if (!/^[A-Za-z]{2}$/.test(country)) {
			throw new NodeOperationError(
				params.node,
				`Filter "Country" must be a two-letter ISO 3166-1 country code: got ${JSON.stringify(filters.country)}`,
				{ itemIndex: params.itemIndex, description: 'Pick a country from the list, or use a code such as US, DE or LT' },
			);
		}
		query.country = country.toUpperCase();
	}
	if (isSet(filters.username)) query.username = String(filters.username);
	if (isSet(filters.status)) query.status = statusCode(params, 'status', filters.status);
	if (isSet(filters.statusNot)) query.status_not = statusCode(params, 'statusNot', filters.statusNot);
	return query;
}

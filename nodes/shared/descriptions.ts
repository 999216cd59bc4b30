import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './limits';
import { DEFAULT_TIMEOUT_MS } from './options';

export const periodFields: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Custom', value: 'custom', description: 'Choose the start and end yourself' },
			{ name: 'Last 30 Days', value: 'last30Days', description: 'Today and the 29 days before it' },
			{ name: 'Last 7 Days', value: 'last7Days', description: 'Today and the six days before it' },
			{ name: 'Last Month', value: 'lastMonth', description: 'The whole previous calendar month' },
			{ name: 'This Month', value: 'thisMonth', description: 'From the 1st of this month to the end of today' },
			{ name: 'Today', value: 'today', description: 'From 00:00:00 to 23:59:59 today' },
			{ name: 'Yesterday', value: 'yesterday', description: 'The whole previous day' },
		],
		default: 'thisMonth',
		description:
			"The time range to report on, in the workflow's time zone: from 00:00:00 of the first day to 23:59:59 of the last",
	},
	{
		displayName: 'Start',
		name: 'startAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { period: ['custom'] } },
		description: "Start of the range (read in the workflow's time zone unless it has an offset)",
	},
	{
		displayName: 'End',
		name: 'endAt',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: { period: ['custom'] } },
		description: "End of the range (read in the workflow's time zone unless it has an offset)",
	},
];

export const intervalField: INodeProperties = {
	displayName: 'Interval',
	name: 'interval',
	type: 'options',
	options: [
		{ name: 'Hour', value: 'hour' },
		{ name: 'Day', value: 'day' },
		{ name: 'Week', value: 'week' },
		{ name: 'Auto', value: 'auto', description: 'Let GoProxies choose from the length of the period' },
	],
	default: 'day',
	description: 'Length of each bucket of the history: one output item per bucket',
};

export const countryFilter: INodeProperties = {
	displayName: 'Country Name or ID',
	name: 'country',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCountries' },
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const usernameFilter: INodeProperties = {
	displayName: 'Subuser Name or ID',
	name: 'username',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSubusers' },
	default: '',
	description:
		'Only this subuser. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const statusFilters: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 599, numberPrecision: 0 },
		default: 200,
		description: 'Only count requests that ended with this HTTP status code (100 to 599)',
	},
	{
		displayName: 'Status Not',
		name: 'statusNot',
		type: 'number',
		typeOptions: { minValue: 100, maxValue: 599, numberPrecision: 0 },
		default: 200,
		description: 'Only count requests that did not end with this HTTP status code (100 to 599)',
	},
];

export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filters,
	};
}

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: "Whether to return a simplified version of the response instead of the API's raw JSON",
};

export const unitOption: INodeProperties = {
	displayName: 'Unit',
	name: 'unit',
	type: 'options',
	options: [
		{ name: 'Bytes', value: 'bytes' },
		{ name: 'GB (1,000³ Bytes)', value: 'GB' },
		{ name: 'GiB (1,024³ Bytes)', value: 'GiB' },
		{ name: 'KB (1,000 Bytes)', value: 'KB' },
		{ name: 'KiB (1,024 Bytes)', value: 'KiB' },
		{ name: 'MB (1,000² Bytes)', value: 'MB' },
		{ name: 'MiB (1,024² Bytes)', value: 'MiB' },
		{ name: 'TB (1,000⁴ Bytes)', value: 'TB' },
		{ name: 'TiB (1,024⁴ Bytes)', value: 'TiB' },
	],
	default: 'GB',
	description: 'Unit of the "traffic" field of simplified output, rounded to 3 decimals',
};

export const compareWithOption: INodeProperties = {
	displayName: 'Compare With',
	name: 'compareWith',
	type: 'options',
	options: [
		{ name: 'None', value: 'none' },
		{
			name: 'Previous Period',
			value: 'previousPeriod',
			description: 'The period just before, of the same length; for Today and This Month only up to the same point',
		},
	],
	default: 'none',
	description: 'Whether to add the traffic of the period before and the change to every item',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'Time in milliseconds to wait for each answer of the API before failing the item',
};

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** n8n's usual "Return All" and "Limit" pair. */
export const returnAllFields: INodeProperties[] = [
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
];

/** Option "Concurrency"; `subject` says what each call asks about, e.g. "countries". */
export function concurrencyOption(subject: string): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
		default: DEFAULT_CONCURRENCY,
		description: `How many ${subject} to ask the API about at the same time (1 to ${MAX_CONCURRENCY})`,
	};
}

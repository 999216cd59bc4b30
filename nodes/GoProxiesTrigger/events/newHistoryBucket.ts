import { DateTime } from 'luxon';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	countryFilter,
	filtersCollection,
	intervalField,
	optionsCollection,
	statusFilters,
	unitOption,
	usernameFilter,
} from '../../shared/descriptions';
import { filtersOf } from '../../shared/filters';
import type { HistoryResource } from '../../shared/history';
import { HISTORY_PATHS, historyItems } from '../../shared/history';
import type { NodeParameters } from '../../shared/parameters';
import { choiceOf, collectionParameters, numberOf } from '../../shared/parameters';
import { parseDateTime, toRfc3339 } from '../../shared/period';
import type { StatsQuery } from '../../shared/statsQuery';
import { goProxiesApiRequest } from '../../shared/transport';
import { unitOf } from '../../shared/units';
import type { EventPoll } from './event';

/** The most buckets one poll emits; a longer catch-up goes on at the next poll. */
export const MAX_BUCKETS_PER_POLL = 1000;
const RESOURCES = ['traffic', 'request'] as const;
const INTERVALS = ['hour', 'day'] as const;
type Interval = (typeof INTERVALS)[number];
const STEP = { hour: { hours: 1 }, day: { days: 1 } } as const;

const startAtOption: INodeProperties = {
	displayName: 'Start At',
	name: 'startAt',
	type: 'dateTime',
	default: '',
	description:
		"The first bucket to emit is the one holding this moment (read in the workflow's time zone unless it has an offset). Default: the bucket in progress when the workflow is activated. Read only while the trigger has no position yet.",
};
const delayOption: INodeProperties = {
	displayName: 'Delay (Minutes)',
	name: 'delayMinutes',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 10,
	description: 'Emit a bucket only this long after it ended, since usage figures can arrive late',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Request', value: 'request', description: 'The number of requests in each bucket' },
			{ name: 'Traffic', value: 'traffic', description: 'The traffic in each bucket' },
		],
		default: 'traffic',
	},
	{ ...intervalField, options: intervalField.options!.slice(0, 2), description: "Length of each bucket, aligned in the workflow's time zone: one item per bucket" },
	...updateDisplayOptions({ show: { resource: ['traffic'] } }, [
		filtersCollection([countryFilter, usernameFilter]),
		optionsCollection([delayOption, startAtOption, unitOption]),
	]),
	...updateDisplayOptions({ show: { resource: ['request'] } }, [
		filtersCollection([countryFilter, ...statusFilters, usernameFilter]),
		optionsCollection([delayOption, startAtOption]),
	]),
];

export const description = updateDisplayOptions({ show: { event: ['newHistoryBucket'] } }, properties);

function settingsOf(params: NodeParameters) {
	const resource = choiceOf(params, 'resource', 'Resource', RESOURCES, 'traffic');
	const interval = choiceOf<Interval>(params, 'interval', 'Interval', INTERVALS, 'day');
	const filters = filtersOf(params);
	const options = params.get('options', {}) as IDataObject;
	const delayMinutes = numberOf(collectionParameters(params, 'options'), 'delayMinutes', 'Delay (Minutes)', 10, { min: 0, integer: true, hint: 'a whole number of minutes, 0 or more' });
	let startAt: DateTime | undefined;
	if (options.startAt !== undefined && options.startAt !== '' && options.startAt !== null) {
		startAt = parseDateTime(options.startAt, params.timeZone);
		if (!startAt) {
			throw new NodeOperationError(params.node, `Start At (startAt) is not a valid date and time: ${JSON.stringify(String(options.startAt))}`, {
				description: 'Use an ISO 8601 date and time such as 2026-01-31T00:00:00, or an expression giving a date such as {{ $now.minus(3, "days") }}',
			});
		}
	}
	const unit = unitOf(params, options.unit ?? 'GB');
	return { resource: resource as HistoryResource, interval, filters, delayMinutes, startAt, unit };
}

/** The start of the bucket after `from` that the catch-up stops at: at most MAX_BUCKETS_PER_POLL on, never past `completeUntil`. */
function catchUpEnd(from: DateTime, completeUntil: DateTime, interval: Interval): DateTime | undefined {
	let until: DateTime | undefined;
	let end = from.startOf(interval).plus(STEP[interval]);
	for (let count = 0; end <= completeUntil && count < MAX_BUCKETS_PER_POLL; count++) {
		until = end;
		end = end.plus(STEP[interval]);
	}
	return until;
}

/**
 * State: `cursor`, the start of the first bucket not emitted yet (RFC 3339). It is set by the poll n8n runs
 * when it activates the workflow, and moves only past buckets a poll emits: n8n saves it after both.
 */
export const poll: EventPoll = async function (params, state, manual) {
	const { resource, interval, filters, delayMinutes, startAt, unit } = settingsOf(params);
	const bucketOf = (instant: DateTime) => instant.setZone(params.timeZone).startOf(interval);
	const now = DateTime.now();
	// A bucket is complete once `delayMinutes` have passed since its end.
	const completeUntil = bucketOf(now.minus({ minutes: delayMinutes }));
	const bucketsBetween = async (from: DateTime, until: DateTime) => {
		const query: StatsQuery = { start_at: toRfc3339(from), end_at: toRfc3339(until.minus({ seconds: 1 })), interval, ...filters };
		return historyItems(resource, await goProxiesApiRequest.call(this, HISTORY_PATHS[resource], query), query, unit);
	};
	const latestBucket = async () => await bucketsBetween(completeUntil.minus(STEP[interval]), completeUntil);

	const stored = parseDateTime(state.cursor, params.timeZone);
	const from = stored ?? (startAt ? bucketOf(startAt) : undefined);
	if (!from) {
		// Activated without Start At: begin with the bucket in progress, emit nothing old.
		return manual ? { items: await latestBucket(), state } : { items: [], state: { cursor: toRfc3339(bucketOf(now)) } };
	}
	const until = catchUpEnd(from, completeUntil, interval);
	if (!until) return manual ? { items: await latestBucket(), state } : { items: [], state: { cursor: toRfc3339(from) } };
	const items = await bucketsBetween(from, until);
	return { items, state: manual ? state : { cursor: toRfc3339(until) } };
};

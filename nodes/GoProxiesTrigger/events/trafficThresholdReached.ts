import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countryFilter, filtersCollection, periodFields, unitOption, usernameFilter } from '../../shared/descriptions';
import { filtersOf } from '../../shared/filters';
import { numberOf } from '../../shared/parameters';
import type { PresetPeriod } from '../../shared/period';
import { periodOf, presetRange } from '../../shared/period';
import { filterOf } from '../../shared/statsQuery';
import { goProxiesApiRequest } from '../../shared/transport';
import { trafficIn, UNIT_BYTES, unitOf } from '../../shared/units';
import type { EventPoll } from './event';

const PERIODS = ['today', 'thisMonth'] as const;
const [periodField] = periodFields;

const properties: INodeProperties[] = [
	{
		...periodField,
		options: periodField.options!.filter((option) => (PERIODS as readonly unknown[]).includes((option as { value: unknown }).value)),
		description: "The period whose total is watched, in the workflow's time zone; the trigger fires again in the next one",
	},
	{
		displayName: 'Threshold',
		name: 'threshold',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 100,
		description: "Fire when the period's traffic reaches this amount, in the unit below (a number above 0)",
	},
	{ ...unitOption, description: 'Unit of the threshold and of the "traffic" field, rounded to 3 decimals' },
	filtersCollection([countryFilter, usernameFilter]),
];

export const description = updateDisplayOptions({ show: { event: ['trafficThresholdReached'] } }, properties);

/** State: `reported`, the period (name and start) whose total was last reported. */
export const poll: EventPoll = async function (params, state, manual) {
	const period = periodOf(params, PERIODS) as PresetPeriod;
	const threshold = numberOf(params, 'threshold', 'Threshold', 100, { above: 0, hint: 'a number above 0' });
	const unit = unitOf(params, params.get('unit', 'GB'));
	const filters = filtersOf(params);
	const range = presetRange(period, new Date(), params.timeZone);
	const query = { ...range, ...filters };
	const body = await goProxiesApiRequest.call(this, '/api/v1/stats/traffic', query);

	const bytes = body.bytes as number;
	const item = { ...range, bytes, traffic: trafficIn(bytes, unit), unit, threshold, ...filterOf(body, query) };
	const key = `${period} ${range.start_at}`;
	const reached = bytes >= threshold * UNIT_BYTES[unit];
	if (manual) return { items: [item], state };
	return reached && state.reported !== key ? { items: [item], state: { reported: key } } : { items: [], state };
};

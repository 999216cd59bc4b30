import { DateTime } from 'luxon';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, usernameFilter } from '../../shared/descriptions';
import { filtersOf } from '../../shared/filters';
import { numberOf } from '../../shared/parameters';
import { listSubusers, MAX_PROJECTION_DAYS, PROJECTION_DAYS, projectedLimitAt, projectedSubuser, projectedWithin } from '../../shared/subusers';
import type { EventPoll } from './event';

const properties: INodeProperties[] = [
	{
		displayName: 'Within (Days)',
		name: 'withinDays',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_PROJECTION_DAYS },
		default: 3,
		description:
			'Fire when a subuser, at its average rate since its limit period started, reaches its limit within this many days from now (0 to 366, decimals allowed), or already did',
	},
	filtersCollection([usernameFilter]),
];

export const description = updateDisplayOptions({ show: { event: ['subuserProjectedToReachLimit'] } }, properties);

/**
 * State: `reported`, per subuser the limit period and limit it was reported for (`period_started_at` and
 * `traffic_limit_amount`), kept while they last: a subuser fires once per period and limit, and again in a new
 * period or after its limit changed.
 */
export const poll: EventPoll = async function (params, state, manual) {
	const withinDays = numberOf(params, 'withinDays', 'Within (Days)', 3, PROJECTION_DAYS);
	const { username } = filtersOf(params);
	const subusers = await listSubusers.call(this, username === undefined ? {} : { username });
	const now = DateTime.now();

	const reported = (state.reported ?? {}) as Record<string, string>;
	const stillReported: Record<string, string> = {};
	const firing: IDataObject[] = [];
	let closest: { item: IDataObject; projected: DateTime } | undefined;
	for (const subuser of subusers) {
		const name = String(subuser.username);
		const key = `${String(subuser.period_started_at)} ${String(subuser.traffic_limit_amount)}`;
		if (reported[name] === key) stillReported[name] = key;
		const projected = projectedLimitAt(subuser, params.timeZone, now);
		if (!projected) continue;
		const item = { ...projectedSubuser(subuser, params.timeZone, now), within_days: withinDays };
		if (reported[name] !== key && projectedWithin(subuser, withinDays, params.timeZone, now)) {
			firing.push(item);
			stillReported[name] = key;
		}
		if (!closest || projected < closest.projected) closest = { item, projected };
	}
	const items = manual && firing.length === 0 && closest ? [closest.item] : firing;
	return { items, state: { reported: stillReported } };
};

import { DateTime } from 'luxon';
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, usernameFilter } from '../../shared/descriptions';
import { filtersOf } from '../../shared/filters';
import { numberOf } from '../../shared/parameters';
import { isWithin, listSubusers, MAX_PROJECTION_DAYS, PROJECTION_DAYS, projectedLimitAt, projectedSubuser } from '../../shared/subusers';
import type { EventPoll } from './event';
import type { Candidate } from './oncePerSubuser';
import { oncePerSubuser } from './oncePerSubuser';

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
	const candidates = subusers.map((subuser): Candidate => {
		const projected = projectedLimitAt(subuser, params.timeZone, now);
		return {
			name: String(subuser.username),
			key: `${String(subuser.period_started_at)} ${String(subuser.traffic_limit_amount)}`,
			item: { ...projectedSubuser(subuser, params.timeZone, projected), within_days: withinDays },
			fires: isWithin(projected, withinDays, now),
			// the earliest projection is the closest
			rank: projected && -projected.toMillis(),
		};
	});
	return oncePerSubuser(candidates, state, manual, { whileKeyHolds: true });
};

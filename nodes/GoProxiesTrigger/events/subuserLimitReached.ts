import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, usernameFilter } from '../../shared/descriptions';
import { filtersOf } from '../../shared/filters';
import { numberOf } from '../../shared/parameters';
import { listSubusers, simplifySubuser, usedPercent } from '../../shared/subusers';
import type { EventPoll } from './event';
import type { Candidate } from './oncePerSubuser';
import { oncePerSubuser } from './oncePerSubuser';

const properties: INodeProperties[] = [
	{
		displayName: 'Threshold (%)',
		name: 'threshold',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 80,
		description: 'Fire when a subuser has used this percentage of its traffic limit (1 to 1000)',
	},
	filtersCollection([usernameFilter]),
];

export const description = updateDisplayOptions({ show: { event: ['subuserLimitReached'] } }, properties);

/**
 * State: `reported`, the subusers at or above the threshold when last seen, each with the limit period
 * (`period_started_at`) it was reported in. A subuser seen below the threshold leaves it (a raised limit
 * re-arms it); one seen in another period than recorded is reported again.
 */
export const poll: EventPoll = async function (params, state, manual) {
	const threshold = numberOf(params, 'threshold', 'Threshold', 80, { min: 1, max: 1000, hint: 'a percentage from 1 to 1000' });
	const { username } = filtersOf(params);
	const subusers = await listSubusers.call(this, username === undefined ? {} : { username });
	const candidates = subusers.flatMap((subuser): Candidate[] => {
		const percent = usedPercent(subuser);
		if (percent === undefined) return []; // no limit: never fires
		const item = { ...simplifySubuser(subuser, params.timeZone), threshold };
		return [{ name: String(subuser.username), key: String(subuser.period_started_at ?? ''), item, fires: percent >= threshold, rank: percent }];
	});
	return oncePerSubuser(candidates, state, manual);
};

import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { toRfc3339 } from './period';
import type { RequestSettings, RunContext } from './transport';
import { goProxiesApiRequest } from './transport';
import { shareOf } from './units';

export const SUBUSERS_PATH = '/api/v1/reseller/subusers';
/** The largest page the API gives (its default `limit`). */
export const SUBUSER_PAGE = 1000;

/**
 * The account's subusers (those named `username` only, when given), every page, `secret` dropped by the
 * transport. Stops once `max` are read.
 */
export async function listSubusers(
	this: RunContext,
	filter: { username?: string } = {},
	settings: RequestSettings = {},
	max = Infinity,
): Promise<IDataObject[]> {
	const subusers: IDataObject[] = [];
	for (let offset = 0; subusers.length < max; offset += SUBUSER_PAGE) {
		const limit = Math.min(SUBUSER_PAGE, max - subusers.length);
		const body = await goProxiesApiRequest.call(this, SUBUSERS_PATH, { ...filter, limit, offset }, settings);
		const page = body.subusers as IDataObject[];
		subusers.push(...page);
		// A shorter page is the last; a longer one means the API gave the whole list at once.
		if (page.length !== limit) break;
	}
	return subusers.slice(0, max);
}

/** The subuser's usage as a percentage of its limit; undefined without a limit (0) or a usable figure. */
export function usedPercent(subuser: IDataObject): number | undefined {
	const limit = Number(subuser.traffic_limit_amount);
	const percent = (Number(subuser.traffic_used) / limit) * 100;
	return limit > 0 && Number.isFinite(percent) ? percent : undefined;
}

function instantIn(value: unknown, timeZone: string): DateTime | undefined {
	if (typeof value !== 'string') return undefined;
	const instant = DateTime.fromISO(value, { zone: timeZone });
	return instant.isValid ? instant : undefined;
}

/** A subuser as Subuser → Get Many shows it: its usage against its limit, dates in the zone. */
export function simplifySubuser(subuser: IDataObject, timeZone: string): IDataObject {
	const used = Number(subuser.traffic_used);
	const limit = Number(subuser.traffic_limit_amount);
	const started = instantIn(subuser.period_started_at, timeZone);
	const seconds = subuser.period_seconds;
	const unit = subuser.traffic_limit_unit;
	return {
		username: subuser.username,
		enabled: subuser.enabled,
		traffic_used: subuser.traffic_used,
		traffic_limit: subuser.traffic_limit_amount,
		unit: typeof unit === 'string' && unit !== '' ? unit : 'GB',
		used_share: limit > 0 && Number.isFinite(used) ? shareOf(used, limit) : null,
		period_started_at: started ? toRfc3339(started) : null,
		period_ends_at:
			started && typeof seconds === 'number' && Number.isFinite(seconds) ? toRfc3339(started.plus({ seconds })) : null,
		recurring: subuser.recurring,
	};
}

export const MAX_PROJECTION_DAYS = 366;
/** The range of a number of days to look ahead for projected limit dates, as `numberOf` checks it. */
export const PROJECTION_DAYS = { min: 0, max: MAX_PROJECTION_DAYS, hint: `a number of days from 0 to ${MAX_PROJECTION_DAYS}` };
const DAY_MS = 86_400_000;

/**
 * When the subuser reaches its limit at its average rate since its limit period started (linear: start +
 * elapsed × limit ÷ used, so a subuser over its limit gets the moment it crossed it), in the zone. `traffic_used`
 * is read in the unit of the limit. Undefined without a limit, usage or period start, or after the period's end.
 */
export function projectedLimitAt(subuser: IDataObject, timeZone: string, now: DateTime): DateTime | undefined {
	const used = Number(subuser.traffic_used);
	const limit = Number(subuser.traffic_limit_amount);
	const started = instantIn(subuser.period_started_at, timeZone);
	if (!(limit > 0 && used > 0) || !started) return undefined;
	const projected = started.plus({ milliseconds: ((now.toMillis() - started.toMillis()) * limit) / used });
	const seconds = subuser.period_seconds;
	const ended = typeof seconds === 'number' && projected > started.plus({ seconds });
	return ended ? undefined : projected;
}

/** Whether a projected limit date is no later than `days` (of 24 hours) from now; dates already passed too. */
export function isWithin(projected: DateTime | undefined, days: number, now: DateTime): boolean {
	return projected !== undefined && projected.toMillis() <= now.toMillis() + days * DAY_MS;
}

/** A subuser as Subuser → Get Many shows it: simplified, with its projected limit date as `projected_limit_at`. */
export function projectedSubuser(subuser: IDataObject, timeZone: string, projected: DateTime | undefined): IDataObject {
	return { ...simplifySubuser(subuser, timeZone), projected_limit_at: projected ? toRfc3339(projected) : null };
}

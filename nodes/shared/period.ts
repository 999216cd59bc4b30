import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeParameters } from './parameters';

export const PERIODS = ['today', 'yesterday', 'last7Days', 'last30Days', 'thisMonth', 'lastMonth', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export type PresetPeriod = Exclude<Period, 'custom'>;

export interface DateRange {
	start_at: string;
	end_at: string;
}

/** RFC 3339 in the instant's own zone, whole seconds, e.g. `2026-03-29T00:00:00+02:00`. */
export function toRfc3339(instant: DateTime): string {
	return instant.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** First and last calendar day of a preset, relative to `today` (the start of a day in the zone). */
function presetDays(period: PresetPeriod, today: DateTime): [DateTime, DateTime] {
	switch (period) {
		case 'today':
			return [today, today];
		case 'yesterday':
			return [today.minus({ days: 1 }), today.minus({ days: 1 })];
		case 'last7Days':
			return [today.minus({ days: 6 }), today];
		case 'last30Days':
			return [today.minus({ days: 29 }), today];
		case 'thisMonth':
			return [today.startOf('month'), today];
		case 'lastMonth': {
			const lastMonth = today.minus({ months: 1 });
			return [lastMonth.startOf('month'), lastMonth.endOf('month')];
		}
	}
}

/** From 00:00:00 of the first day to 23:59:59 of the last. */
function wholeDays([first, last]: [DateTime, DateTime]): [DateTime, DateTime] {
	return [first.startOf('day'), last.endOf('day').startOf('second')];
}

/** A preset period in the zone, as DateTimes: from 00:00:00 of its first day to 23:59:59 of its last. */
export function presetInstants(period: PresetPeriod, now: Date, timeZone: string): [DateTime, DateTime] {
	return wholeDays(presetDays(period, DateTime.fromJSDate(now, { zone: timeZone }).startOf('day')));
}

/** A preset period as RFC 3339 in the zone: from 00:00:00 of its first day to 23:59:59 of its last. */
export function presetRange(period: PresetPeriod, now: Date, timeZone: string): DateRange {
	const [start, end] = presetInstants(period, now, timeZone);
	return { start_at: toRfc3339(start), end_at: toRfc3339(end) };
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The instant a wall-clock time names in the zone. A time that occurs twice (clocks turned back) is the
 * first; a time skipped by the clocks moving forward is moved forward by the gap, as clocks do.
 */
function wallClockInstant(wall: Record<string, number>, zone: string): DateTime {
	const named = DateTime.fromObject(wall, { zone });
	const withEarlierOffset = DateTime.fromObject(wall, { zone: `UTC${named.minus({ hours: 2 }).toFormat('ZZ')}` }).setZone(zone);
	const sameWallClock = ['year', 'month', 'day', 'hour', 'minute', 'second'].every(
		(unit) => withEarlierOffset.get(unit as keyof DateTime) === wall[unit],
	);
	return sameWallClock && withEarlierOffset < named ? withEarlierOffset : named;
}

/**
 * A date-time parameter value as an instant in the zone: an ISO 8601 string (read in the workflow's
 * time zone when it has no offset), a Date, or a Luxon DateTime from an expression such as `{{ $now }}`.
 */
export function parseDateTime(value: unknown, timeZone: string): DateTime | undefined {
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? undefined : DateTime.fromJSDate(value, { zone: timeZone });
	}
	if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return parseDateTime((value as { toISO: () => string }).toISO(), timeZone);
	}
	if (typeof value !== 'string') return undefined;
	const match = DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', offset] = match;
	const wall = { year, month, day, hour, minute, second };
	const numbers = Object.fromEntries(Object.entries(wall).map(([unit, text]) => [unit, Number(text)]));
	if (numbers.hour > 23) return undefined;
	const zone = offset === undefined ? timeZone : offset.toUpperCase() === 'Z' ? 'UTC' : `UTC${offset.slice(0, 3)}:${offset.slice(-2)}`;
	const instant = offset === undefined ? wallClockInstant(numbers, zone) : DateTime.fromObject(numbers, { zone });
	return instant.isValid ? instant.setZone(timeZone) : undefined;
}

/** How far back the period before a preset starts: the same preset, asked that much earlier. */
const PREVIOUS_SHIFT = {
	today: { days: 1 },
	yesterday: { days: 1 },
	last7Days: { days: 7 },
	last30Days: { days: 30 },
	thisMonth: { months: 1 },
	lastMonth: { months: 1 },
} as const;

/** The zone's wall-clock time of an instant, as a DateTime in UTC, where arithmetic meets no clock change. */
const wallClockOf = (instant: DateTime) => instant.setZone('UTC', { keepLocalTime: true });
/** A wall-clock time (as `wallClockOf` gives it) as the instant it names in the zone. */
const inZone = ({ year, month, day, hour, minute, second }: DateTime, zone: string) =>
	wallClockInstant({ year, month, day, hour, minute, second }, zone);

/**
 * The period before `range` (the one `period` gave at `now`): a preset asked that much earlier (Luxon's
 * calendar arithmetic: one month before 31 March is 28 February), Today only up to the current hour's
 * HH:59:59; Custom the same wall-clock span of days, hours, minutes and seconds ending one second before it.
 */
export function previousRange(period: Period, range: DateRange, now: Date, timeZone: string): DateRange {
	if (period === 'custom') {
		const [start, end] = [range.start_at, range.end_at].map((text) => wallClockOf(DateTime.fromISO(text, { zone: timeZone })));
		const previousEnd = start.minus({ seconds: 1 });
		return { start_at: toRfc3339(inZone(previousEnd.minus(end.diff(start)), timeZone)), end_at: toRfc3339(inZone(previousEnd, timeZone)) };
	}
	const nowInZone = DateTime.fromJSDate(now, { zone: timeZone });
	const [first, last] = presetDays(period, nowInZone.startOf('day').minus(PREVIOUS_SHIFT[period]));
	const [start, end] = wholeDays([first, last]);
	const upToThisHour = () => inZone(wallClockOf(last).set({ hour: nowInZone.hour, minute: 59, second: 59 }), timeZone);
	return { start_at: toRfc3339(start), end_at: toRfc3339(period === 'today' ? upToThisHour() : end) };
}

function parameterError(params: NodeParameters, message: string, description: string) {
	return new NodeOperationError(params.node, message, { itemIndex: params.itemIndex, description });
}

/** A `period` parameter value, checked. */
export function periodOf(params: NodeParameters, allowed: readonly string[] = PERIODS): Period {
	const period = params.get('period', 'thisMonth') as string;
	if (!allowed.includes(period)) {
		throw parameterError(params, `Unknown Period "${period}"`, `Choose one of: ${allowed.join(', ')}`);
	}
	return period as Period;
}

/** The `start_at`/`end_at` of the `period` parameter (and `startAt`/`endAt` when custom). */
export function dateRangeOf(params: NodeParameters, now = new Date()): DateRange {
	const { timeZone } = params;
	const period = periodOf(params);
	if (period !== 'custom') return presetRange(period, now, timeZone);

	const [start, end] = (['startAt', 'endAt'] as const).map((name) => {
		const label = name === 'startAt' ? 'Start' : 'End';
		const value = params.get(name, '');
		if (value === '' || value === null || value === undefined) {
			throw parameterError(
				params,
				`${label} is required when Period is Custom`,
				`Set "${label}" (${name}) to a date and time, e.g. 2026-01-31T00:00:00, or choose a preset Period`,
			);
		}
		const instant = parseDateTime(value, timeZone);
		if (!instant) {
			throw parameterError(
				params,
				`${label} (${name}) is not a valid date and time: ${JSON.stringify(String(value))}`,
				'Use an ISO 8601 date and time such as 2026-01-31T00:00:00 (read in the workflow time zone) or 2026-01-31T00:00:00+02:00, or an expression giving a date such as {{ $now.minus(1, "day") }}',
			);
		}
		return instant.startOf('second');
	});
	if (start >= end) {
		throw parameterError(
			params,
			'Start (startAt) must be before End (endAt)',
			`Got Start ${toRfc3339(start)} and End ${toRfc3339(end)}: swap them or pick a later End`,
		);
	}
	return { start_at: toRfc3339(start), end_at: toRfc3339(end) };
}

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WallTime } from './zonedTime';
import { addDays, instantOf, toRfc3339, wallTimeAt } from './zonedTime';

export const PERIODS = [
	'today',
	'yesterday',
	'last7Days',
	'last30Days',
	'thisMonth',
	'lastMonth',
	'custom',
] as const;
export type Period = (typeof PERIODS)[number];

export interface DateRange {
	start_at: string;
	end_at: string;
}

const startOfDay = (day: WallTime): WallTime => ({ ...day, hour: 0, minute: 0, second: 0 });
const endOfDay = (day: WallTime): WallTime => ({ ...day, hour: 23, minute: 59, second: 59 });

/** First and last calendar day of a preset, relative to `today` (a wall-clock day in the zone). */
function presetDays(period: Exclude<Period, 'custom'>, today: WallTime): [WallTime, WallTime] {
	switch (period) {
		case 'today':
			return [today, today];
		case 'yesterday':
			return [addDays(today, -1), addDays(today, -1)];
		case 'last7Days':
			return [addDays(today, -6), today];
		case 'last30Days':
			return [addDays(today, -29), today];
		case 'thisMonth':
			return [{ ...today, day: 1 }, today];
		case 'lastMonth': {
			const lastDayOfLastMonth = addDays({ ...today, day: 1 }, -1);
			return [{ ...lastDayOfLastMonth, day: 1 }, lastDayOfLastMonth];
		}
	}
}

/** A preset period as RFC 3339 in the zone: from 00:00:00 of its first day to 23:59:59 of its last. */
export function presetRange(period: Exclude<Period, 'custom'>, now: Date, timeZone: string): DateRange {
	const [first, last] = presetDays(period, wallTimeAt(now, timeZone));
	return {
		start_at: toRfc3339(instantOf(startOfDay(first), timeZone), timeZone),
		end_at: toRfc3339(instantOf(endOfDay(last), timeZone), timeZone),
	};
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A date-time parameter value as an instant: an ISO 8601 string (read in the workflow's time zone
 * when it has no offset), a Date, or a Luxon DateTime from an expression such as `{{ $now }}`.
 */
export function parseDateTime(value: unknown, timeZone: string): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (value !== null && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return parseDateTime((value as { toISO: () => string }).toISO(), timeZone);
	}
	if (typeof value !== 'string') return undefined;
	const match = DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
	const wall: WallTime = {
		year: Number(year),
		month: Number(month),
		day: Number(day),
		hour: Number(hour),
		minute: Number(minute),
		second: Number(second),
	};
	const calendarDay = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
	if (
		calendarDay.getUTCMonth() !== wall.month - 1 ||
		calendarDay.getUTCDate() !== wall.day ||
		wall.hour > 23 ||
		wall.minute > 59 ||
		wall.second > 59
	) {
		return undefined;
	}
	if (zone) return new Date(value.trim());
	return instantOf(wall, timeZone);
}

/** The `start_at`/`end_at` of item `i`, from its `period` (and `startAt`/`endAt` when custom). */
export function dateRangeOf(this: IExecuteFunctions, i: number, now = new Date()): DateRange {
	const timeZone = this.getTimezone();
	const period = this.getNodeParameter('period', i) as string;
	if (!(PERIODS as readonly string[]).includes(period)) {
		throw new NodeOperationError(this.getNode(), `Unknown Period "${period}"`, {
			itemIndex: i,
			description: `Choose one of: ${PERIODS.join(', ')}`,
		});
	}
	if (period !== 'custom') return presetRange(period as Exclude<Period, 'custom'>, now, timeZone);

	const instants = (['startAt', 'endAt'] as const).map((name) => {
		const label = name === 'startAt' ? 'Start' : 'End';
		const value = this.getNodeParameter(name, i, '') as unknown;
		if (value === '' || value === null || value === undefined) {
			throw new NodeOperationError(this.getNode(), `${label} is required when Period is Custom`, {
				itemIndex: i,
				description: `Set "${label}" (${name}) to a date and time, e.g. 2026-01-31T00:00:00, or choose a preset Period`,
			});
		}
		const instant = parseDateTime(value, timeZone);
		if (!instant) {
			throw new NodeOperationError(
				this.getNode(),
				`${label} (${name}) is not a valid date and time: ${JSON.stringify(String(value))}`,
				{
					itemIndex: i,
					description:
						'Use an ISO 8601 date and time such as 2026-01-31T00:00:00 (read in the workflow time zone) or 2026-01-31T00:00:00+02:00, or an expression giving a date such as {{ $now.minus(1, "day") }}',
				},
			);
		}
		return instant;
	});
	const [start, end] = instants;
	if (start.getTime() >= end.getTime()) {
		throw new NodeOperationError(this.getNode(), 'Start (startAt) must be before End (endAt)', {
			itemIndex: i,
			description: `Got Start ${toRfc3339(start, timeZone)} and End ${toRfc3339(end, timeZone)}: swap them or pick a later End`,
		});
	}
	return { start_at: toRfc3339(start, timeZone), end_at: toRfc3339(end, timeZone) };
}

/** Wall-clock arithmetic in an IANA time zone, with nothing but `Intl` (no runtime dependencies). */

export interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

export function wallTimeAt(instant: Date, timeZone: string): WallTime {
	const parts: Record<string, number> = {};
	for (const { type, value } of formatterFor(timeZone).formatToParts(instant)) {
		if (type !== 'literal') parts[type] = Number(value);
	}
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second,
	};
}

function wallTimeAsUtcMs(wall: WallTime): number {
	return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Offset of the zone from UTC at that instant, in minutes (e.g. +120 for UTC+02:00). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
	const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
	return Math.round((wallTimeAsUtcMs(wallTimeAt(whole, timeZone)) - whole.getTime()) / 60_000);
}

/**
 * The instant a wall-clock time names in the zone. A time that occurs twice (clocks turned back) is the
 * first; a time skipped by the clocks moving forward is moved forward by the gap, as clocks do.
 */
export function instantOf(wall: WallTime, timeZone: string): Date {
	const asUtc = wallTimeAsUtcMs(wall);
	const day = 86_400_000;
	const [before, after] = [asUtc - day, asUtc + day].map((ms) => asUtc - offsetMinutesAt(new Date(ms), timeZone) * 60_000);
	const names = (instant: number) => wallTimeAsUtcMs(wallTimeAt(new Date(instant), timeZone)) === asUtc;
	const valid = [before, after].filter(names);
	return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** RFC 3339 with the zone's offset at that instant, e.g. `2026-03-29T00:00:00+02:00`. */
export function toRfc3339(instant: Date, timeZone: string): string {
	const wall = wallTimeAt(instant, timeZone);
	const offset = offsetMinutesAt(instant, timeZone);
	const sign = offset < 0 ? '-' : '+';
	return (
		`${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
		`${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
	);
}

/** The calendar day `days` after the given one (negative for before). */
export function addDays(wall: WallTime, days: number): WallTime {
	const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
	return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}


import { freezeClockAt } from '../harness/clock';
import { customPeriod, useSandbox } from '../harness/setup';

const ctx = useSandbox();

afterEach(() => jest.useRealTimers());

async function rangeSent(period: string, timezone: string) {
	const { error } = await ctx.run({ resource: 'traffic', operation: 'get', period }, { timezone });
	expect(error).toBeUndefined();
	const { start_at, end_at } = ctx.sandbox.queries.at(-1)!.query;
	return [start_at, end_at];
}

// Each table: the clock, the zone, and the range each preset must send, written out by hand from a calendar.
describe.each([
	{
		zone: 'Europe/Vilnius',
		now: '2026-03-29T12:00:00Z', // the day the clocks move from +02:00 to +03:00 at 03:00
		expected: {
			today: ['2026-03-29T00:00:00+02:00', '2026-03-29T23:59:59+03:00'],
			yesterday: ['2026-03-28T00:00:00+02:00', '2026-03-28T23:59:59+02:00'],
			last7Days: ['2026-03-23T00:00:00+02:00', '2026-03-29T23:59:59+03:00'],
			last30Days: ['2026-02-28T00:00:00+02:00', '2026-03-29T23:59:59+03:00'],
			thisMonth: ['2026-03-01T00:00:00+02:00', '2026-03-29T23:59:59+03:00'],
			lastMonth: ['2026-02-01T00:00:00+02:00', '2026-02-28T23:59:59+02:00'],
		},
	},
	{
		zone: 'America/New_York',
		now: '2026-11-01T18:00:00Z', // the day the clocks move from -04:00 to -05:00 at 02:00
		expected: {
			today: ['2026-11-01T00:00:00-04:00', '2026-11-01T23:59:59-05:00'],
			yesterday: ['2026-10-31T00:00:00-04:00', '2026-10-31T23:59:59-04:00'],
			last7Days: ['2026-10-26T00:00:00-04:00', '2026-11-01T23:59:59-05:00'],
			last30Days: ['2026-10-03T00:00:00-04:00', '2026-11-01T23:59:59-05:00'],
			thisMonth: ['2026-11-01T00:00:00-04:00', '2026-11-01T23:59:59-05:00'],
			lastMonth: ['2026-10-01T00:00:00-04:00', '2026-10-31T23:59:59-04:00'],
		},
	},
	{
		zone: 'Europe/Vilnius',
		now: '2026-02-28T22:30:00Z', // already 1 March, 00:30, in Vilnius: the zone decides the day
		expected: {
			today: ['2026-03-01T00:00:00+02:00', '2026-03-01T23:59:59+02:00'],
			yesterday: ['2026-02-28T00:00:00+02:00', '2026-02-28T23:59:59+02:00'],
			last7Days: ['2026-02-23T00:00:00+02:00', '2026-03-01T23:59:59+02:00'],
			last30Days: ['2026-01-31T00:00:00+02:00', '2026-03-01T23:59:59+02:00'],
			thisMonth: ['2026-03-01T00:00:00+02:00', '2026-03-01T23:59:59+02:00'],
			lastMonth: ['2026-02-01T00:00:00+02:00', '2026-02-28T23:59:59+02:00'],
		},
	},
	{
		zone: 'America/New_York',
		now: '2027-01-01T03:00:00Z', // still 31 December 2026 in New York
		expected: {
			today: ['2026-12-31T00:00:00-05:00', '2026-12-31T23:59:59-05:00'],
			yesterday: ['2026-12-30T00:00:00-05:00', '2026-12-30T23:59:59-05:00'],
			last7Days: ['2026-12-25T00:00:00-05:00', '2026-12-31T23:59:59-05:00'],
			last30Days: ['2026-12-02T00:00:00-05:00', '2026-12-31T23:59:59-05:00'],
			thisMonth: ['2026-12-01T00:00:00-05:00', '2026-12-31T23:59:59-05:00'],
			lastMonth: ['2026-11-01T00:00:00-04:00', '2026-11-30T23:59:59-05:00'],
		},
	},
])('presets in $zone at $now', ({ zone, now, expected }) => {
	test.each(Object.entries(expected))('%s', async (period, range) => {
		freezeClockAt(now);
		expect(await rangeSent(period, zone)).toEqual(range);
	});
});

test('This Month is the default period', async () => {
	freezeClockAt('2026-03-29T12:00:00Z');
	await ctx.run({ resource: 'traffic', operation: 'get' }, { timezone: 'Europe/Vilnius' });
	expect(ctx.sandbox.queries[0].query.start_at).toBe('2026-03-01T00:00:00+02:00');
});

describe('custom period', () => {
	test.each([
		['2026-03-29T01:00:00', '2026-03-29T01:00:00+02:00'],
		['2026-03-29T05:00:00', '2026-03-29T05:00:00+03:00'],
		['2026-03-29T03:30:00', '2026-03-29T04:30:00+03:00'], // a time the clocks skip moves forward
		['2026-10-25T03:30:00', '2026-10-25T03:30:00+03:00'], // a time that occurs twice is the first
		['2026-03-29 06:15', '2026-03-29T06:15:00+03:00'],
		['2026-03-29T05:00:00.000Z', '2026-03-29T08:00:00+03:00'],
		['2026-03-29T05:00:00-05:00', '2026-03-29T13:00:00+03:00'],
		['={{ DateTime.fromISO("2026-03-29T05:00:00.750", { zone: "America/New_York" }) }}', '2026-03-29T12:00:00+03:00'],
		['2026-03-29', '2026-03-29T00:00:00+02:00'],
		['2026-03-29T05:00:00z', '2026-03-29T08:00:00+03:00'],
		['2026-03-29T05:00:00+0530', '2026-03-29T01:30:00+02:00'],
		['={{ new Date("2026-03-29T05:00:00Z") }}', '2026-03-29T08:00:00+03:00'],
		['2026-10-25T04:30:00', '2026-10-25T04:30:00+02:00'], // just after the hour that occurs twice
		[' 2026-03-29T05:00:00 ', '2026-03-29T05:00:00+03:00'],
	])('reads %s in the workflow zone as %s', async (startAt, sent) => {
		await ctx.run({ resource: 'traffic', operation: 'get', ...customPeriod(startAt, '2026-10-26T00:00:00') }, { timezone: 'Europe/Vilnius' });
		expect(ctx.sandbox.queries[0].query.start_at).toBe(sent);
	});

	test('a zone whose clocks go back half an hour (Lord Howe Island): a time just after the repeated half hour', async () => {
		await ctx.run({ resource: 'traffic', operation: 'get', ...customPeriod('2026-04-05T02:45:00', '2026-04-06T00:00:00') }, { timezone: 'Australia/Lord_Howe' });
		expect(ctx.sandbox.queries[0].query.start_at).toBe('2026-04-05T02:45:00+10:30');
	});

	test('accepts {{ $now }}', async () => {
		const { error } = await ctx.run(
			{ resource: 'traffic', operation: 'get', ...customPeriod('={{ $now.minus(48, "hours") }}', '={{ $now }}') },
			{ timezone: 'America/New_York' },
		);
		expect(error).toBeUndefined();
		const { start_at, end_at } = ctx.sandbox.queries[0].query as Record<string, string>;
		// Each expression reads the clock itself and the API takes whole seconds, so End may fall
		// one second later than 48 hours after Start, never earlier.
		const span = Date.parse(end_at) - Date.parse(start_at);
		expect(span).toBeGreaterThanOrEqual(48 * 3600 * 1000);
		expect(span).toBeLessThanOrEqual(48 * 3600 * 1000 + 1000);
		expect(Math.abs(Date.parse(end_at) - Date.now())).toBeLessThan(60_000);
	});
});

import type { IDataObject } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { pollAt, triggerMaker } from '../harness/poll';
import { statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());
const trigger = triggerMaker(ctx, 'trafficThresholdReached');

const bytesBetween = (start: string, end: string, filter: IDataObject = {}) =>
	ctx.sandbox.data.bytes(Date.parse(start), Date.parse(end), filter);

test('This Month in Europe/Vilnius: once in March, again the moment April begins there (21:00 UTC)', async () => {
	freezeClockAt('2026-03-31T20:00:00Z');
	const polled = trigger({ period: 'thisMonth', threshold: 10, unit: 'GB' }, 'Europe/Vilnius');
	const march = (await polled.activate()).items!;
	expect(march.map((item) => [item.start_at, item.end_at])).toEqual([['2026-03-01T00:00:00+02:00', '2026-03-31T23:59:59+03:00']]);
	expect(await pollAt(polled, '2026-03-31T20:59:59Z')).toEqual([]);
	const april = await pollAt(polled, '2026-03-31T21:00:00Z');
	const bytes = bytesBetween('2026-04-01T00:00:00+03:00', '2026-04-01T23:59:59+03:00');
	expect(april).toEqual([
		{ start_at: '2026-04-01T00:00:00+03:00', end_at: '2026-04-01T23:59:59+03:00', bytes, traffic: Math.round(bytes / 1e6) / 1000, unit: 'GB', threshold: 10 },
	]);
	expect(await pollAt(polled, '2026-04-20T00:00:00Z')).toEqual([]);
});

test('This Month in America/New_York: a threshold above the first day fires on 2 November at 00:00 EST, not before', async () => {
	const firstDay = bytesBetween('2026-11-01T00:00:00-04:00', '2026-11-01T23:59:59-05:00');
	freezeClockAt('2026-10-31T12:00:00Z');
	const polled = trigger({ period: 'thisMonth', threshold: firstDay + 1, unit: 'bytes' }, 'America/New_York');
	expect((await polled.activate()).items!.map((item) => item.start_at)).toEqual(['2026-10-01T00:00:00-04:00']);
	expect(await pollAt(polled, '2026-11-01T03:59:59Z')).toEqual([]); // still 31 October there
	expect(await pollAt(polled, '2026-11-01T04:00:00Z')).toEqual([]); // November, below the threshold
	expect(await pollAt(polled, '2026-11-02T04:59:59Z')).toEqual([]); // still 1 November (the clocks went back)
	const november = await pollAt(polled, '2026-11-02T05:00:00Z');
	expect(november).toEqual([
		expect.objectContaining({
			start_at: '2026-11-01T00:00:00-04:00',
			end_at: '2026-11-02T23:59:59-05:00',
			bytes: bytesBetween('2026-11-01T00:00:00-04:00', '2026-11-02T23:59:59-05:00'),
			unit: 'bytes',
			threshold: firstDay + 1,
		}),
	]);
	expect(await pollAt(polled, '2026-11-30T12:00:00Z')).toEqual([]);
});

test('Today, filtered, in MB: once a day, and a restart with the saved static data after empty polls repeats nothing', async () => {
	freezeClockAt('2026-03-10T08:00:00Z');
	const filters = { country: 'de', username: 'john doe' };
	const polled = trigger({ period: 'today', threshold: 500, unit: 'MB', filters }, 'UTC');
	const bytes = bytesBetween('2026-03-10T00:00:00Z', '2026-03-10T23:59:59Z', { country: 'DE', username: 'john doe' });
	expect(bytes).toBeGreaterThan(500e6);
	expect((await polled.activate()).items).toEqual([
		{ start_at: '2026-03-10T00:00:00+00:00', end_at: '2026-03-10T23:59:59+00:00', bytes, traffic: Math.round(bytes / 1e3) / 1000, unit: 'MB', threshold: 500, country: 'DE', username: 'john doe' },
	]);
	expect(await pollAt(polled, '2026-03-10T12:00:00Z')).toEqual([]);
	expect(await pollAt(polled, '2026-03-10T16:00:00Z', 'restart')).toEqual([]);
	expect((await pollAt(polled, '2026-03-11T00:00:00Z')).map((item) => item.start_at)).toEqual(['2026-03-11T00:00:00+00:00']);
	expect(await pollAt(polled, '2026-03-11T09:00:00Z', 'restart')).toEqual([]);
	expect(ctx.sandbox.queries.at(-1)!.query).toEqual({ start_at: '2026-03-11T00:00:00+00:00', end_at: '2026-03-11T23:59:59+00:00', country: 'DE', username: 'john doe' });
});

test('a total exactly at the threshold fires; a byte less does not', async () => {
	freezeClockAt('2026-03-10T08:00:00Z');
	const bytes = bytesBetween('2026-03-10T00:00:00Z', '2026-03-10T23:59:59Z');
	expect((await trigger({ period: 'today', threshold: bytes + 1, unit: 'bytes' }, 'UTC').activate()).items).toBeNull();
	expect((await trigger({ period: 'today', threshold: bytes, unit: 'bytes' }, 'UTC').activate()).items).toEqual([expect.objectContaining({ bytes, threshold: bytes })]);
});

test("Fetch Test Event: the period's current total even below the threshold, the state untouched", async () => {
	freezeClockAt('2026-03-10T08:00:00Z');
	const polled = trigger({ period: 'today', threshold: 1, unit: 'TB' }, 'UTC');
	expect((await polled.activate()).items).toBeNull();
	const state = polled.state;
	const { items } = await polled.poll('manual');
	expect(items).toEqual([expect.objectContaining({ start_at: '2026-03-10T00:00:00+00:00', unit: 'TB', threshold: 1 })]);
	expect(polled.state).toEqual(state);
});

test('an API failure throws one clear error and changes nothing', async () => {
	freezeClockAt('2026-03-10T08:00:00Z');
	const polled = trigger({ period: 'today', threshold: 1 }, 'UTC');
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: { error: { code: 'internal', message: 'Statistics store unavailable' } }, times: 1 });
	const { error } = await polled.poll();
	expect(error?.name).toBe('NodeApiError');
	expect(error?.message).toMatch(/Statistics store unavailable/);
	expect(polled.state).toEqual({});
	expect(await pollAt(polled, '2026-03-10T08:01:00Z')).toHaveLength(1);
});

// The messages: test/unit/validation.test.ts.
test.each([
	[{ period: 'lastMonth' }, /Period/],
	[{ threshold: 0 }, /Threshold \(threshold\)/],
	[{ threshold: -5 }, /Threshold \(threshold\)/],
	[{ unit: 'PB' }, /Unit/],
	[{ filters: { country: 'Germany' } }, /Country/],
])('refuses %j before any request, naming the field', async (parameters, field) => {
	const { error } = await trigger(parameters, 'UTC').poll();
	expect(error?.message).toMatch(field);
	expect(error?.constructor.name).toBe('NodeOperationError');
	expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
});

import type { IDataObject } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { pollAt, triggerMaker } from '../harness/poll';
import { statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());
const trigger = triggerMaker(ctx, 'newHistoryBucket');

const HOUR = 3_600_000;
const HISTORY = '/api/v1/stats/traffic/history';

/** Buckets follow one another with no gap, no overlap and no repeat, oldest first. */
function expectContiguous(items: IDataObject[]) {
	for (let i = 1; i < items.length; i++) {
		expect(Date.parse(items[i].start_at as string)).toBe(Date.parse(items[i - 1].end_at as string) + 1000);
	}
}

test('activated without Start At: nothing old; the bucket in progress is emitted once it is Delay minutes old', async () => {
	freezeClockAt('2026-03-10T10:35:00Z');
	const polled = trigger({ resource: 'traffic', interval: 'hour' }, 'Europe/Vilnius');
	expect((await polled.activate()).items).toBeNull();
	expect(polled.state).toEqual({ newHistoryBucket: { cursor: '2026-03-10T12:00:00+02:00' } });
	expect(statsCalls(ctx.sandbox)).toBe(0);
	expect(await pollAt(polled, '2026-03-10T11:09:59Z')).toEqual([]); // ended at 11:00, not yet 10 minutes old
	const bytes = ctx.sandbox.data.bytes(Date.parse('2026-03-10T10:00:00Z'), Date.parse('2026-03-10T10:59:59Z'));
	expect(await pollAt(polled, '2026-03-10T11:10:00Z')).toEqual([
		{ start_at: '2026-03-10T12:00:00+02:00', end_at: '2026-03-10T12:59:59+02:00', bytes, traffic: Math.round(bytes / 1e6) / 1000, unit: 'GB', interval: 'hour' },
	]);
	expect(await pollAt(polled, '2026-03-10T11:15:00Z')).toEqual([]);

	// n8n down for three days: the start-up poll catches up on 72 hourly buckets, once each, in order.
	const caughtUp = await pollAt(polled, '2026-03-13T11:10:00Z', 'restart');
	expect(caughtUp).toHaveLength(72);
	expect(caughtUp[0].start_at).toBe('2026-03-10T13:00:00+02:00');
	expect(caughtUp[71].end_at).toBe('2026-03-13T12:59:59+02:00');
	expectContiguous(caughtUp);
	expect(caughtUp.reduce((sum, item) => sum + (item.bytes as number), 0)).toBe(
		ctx.sandbox.data.bytes(Date.parse('2026-03-10T11:00:00Z'), Date.parse('2026-03-13T10:59:59Z')),
	);
	expect(await pollAt(polled, '2026-03-13T11:30:00Z')).toEqual([]);
	expect(await pollAt(polled, '2026-03-13T11:40:00Z', 'restart')).toEqual([]);
});

test('more than 1,000 missed buckets: 1,000 per poll, the rest next time, through an API failure and a restart', async () => {
	freezeClockAt('2026-03-10T10:00:00Z');
	const startAt = new Date(Date.now() - 1500 * HOUR).toISOString();
	const polled = trigger({ resource: 'traffic', interval: 'hour', options: { startAt, delayMinutes: 0 } });
	const first = (await polled.activate()).items!;
	expect(first).toHaveLength(1000);
	expect(first[0].start_at).toBe('2026-01-06T22:00:00+00:00'); // 1,500 hours before
	const saved = polled.state;
	ctx.sandbox.fault({ path: HISTORY, status: 502, body: '<html>Bad Gateway</html>', times: 1 });
	const failed = await polled.poll();
	expect(failed.error?.message).toBe('The GoProxies API failed with HTTP 502 and a non-JSON body');
	expect(polled.state).toEqual(saved);
	const rest = await pollAt(polled, '2026-03-10T10:00:00Z', 'restart');
	expect(rest).toHaveLength(500);
	expect(rest[499].end_at).toBe('2026-03-10T09:59:59+00:00');
	const all = [...first, ...rest];
	expectContiguous(all);
	expect(new Set(all.map((item) => item.start_at)).size).toBe(1500);
	expect(await pollAt(polled, '2026-03-10T10:59:59Z')).toEqual([]);
	expect(await pollAt(polled, '2026-03-10T11:00:00Z')).toHaveLength(1);
});

test('day buckets are days in the zone, a 25-hour day included: every second of them emitted once', async () => {
	freezeClockAt('2026-11-03T05:09:59Z'); // 3 November, 00:09:59 in New York: 2 November is not 10 minutes old
	const polled = trigger({ resource: 'traffic', interval: 'day', options: { startAt: '2026-10-30T15:00:00' } }, 'America/New_York');
	const first = (await polled.activate()).items!;
	expect(ctx.sandbox.queries.at(-1)!.query).toEqual({ start_at: '2026-10-30T00:00:00-04:00', end_at: '2026-11-01T23:59:59-05:00', interval: 'day' });
	const second = await pollAt(polled, '2026-11-03T05:10:00Z');
	expect(ctx.sandbox.queries.at(-1)!.query).toEqual({ start_at: '2026-11-02T00:00:00-05:00', end_at: '2026-11-02T23:59:59-05:00', interval: 'day' });
	expect(second).toEqual([expect.objectContaining({ start_at: '2026-11-02T00:00:00-05:00', end_at: '2026-11-02T23:59:59-05:00' })]);
	// The sandbox, like the API may, cuts days into fixed 24-hour steps, so it answers the 25-hour
	// 1 November with two buckets: whatever the API's buckets, each second is emitted once.
	const items = [...first, ...second];
	expectContiguous(items);
	expect(items.reduce((sum, item) => sum + (item.bytes as number), 0)).toBe(
		ctx.sandbox.data.bytes(Date.parse('2026-10-30T00:00:00-04:00'), Date.parse('2026-11-02T23:59:59-05:00')),
	);
	expect(polled.state).toEqual({ newHistoryBucket: { cursor: '2026-11-03T00:00:00-05:00' } });
});

test('traffic buckets of one subuser in one country: the filters reach the API and the figures are theirs', async () => {
	freezeClockAt('2026-03-10T02:30:00Z');
	const filters = { country: 'de', username: 'alice' };
	const polled = trigger({ resource: 'traffic', interval: 'hour', filters, options: { startAt: '2026-03-10T00:00:00Z' } });
	const items = (await polled.activate()).items!;
	expect(ctx.sandbox.queries.map((q) => [q.query.country, q.query.username])).toEqual([['DE', 'alice']]);
	const bytes = ctx.sandbox.data.bytes(Date.parse('2026-03-10T00:00:00Z'), Date.parse('2026-03-10T00:59:59Z'), { country: 'DE', username: 'alice' });
	expect(items).toHaveLength(2);
	expect(items[0]).toMatchObject({ start_at: '2026-03-10T00:00:00+00:00', bytes });
});

test('request buckets with a status filter are shaped as Request → Get History items', async () => {
	freezeClockAt('2026-03-10T02:30:00Z');
	const polled = trigger({ resource: 'request', interval: 'hour', filters: { status: 407 }, options: { startAt: '2026-03-10T00:00:00Z' } });
	const items = (await polled.activate()).items!;
	const { amount } = ctx.sandbox.data.requests(Date.parse('2026-03-10T00:00:00Z'), Date.parse('2026-03-10T00:59:59Z'), { status: 407 });
	expect(items).toHaveLength(2);
	expect(items[0]).toEqual({ start_at: '2026-03-10T00:00:00+00:00', end_at: '2026-03-10T00:59:59+00:00', count: 1, amount, status: 407, interval: 'hour' });
});

test('Fetch Test Event: what would fire now, else the latest complete bucket; the state untouched', async () => {
	freezeClockAt('2026-03-10T10:35:00Z');
	const fresh = trigger({ resource: 'traffic', interval: 'hour' });
	expect((await fresh.poll('manual')).items!.map((item) => item.start_at)).toEqual(['2026-03-10T09:00:00+00:00']);
	expect(fresh.state).toEqual({});
	await fresh.activate();
	const state = fresh.state;
	expect((await fresh.poll('manual')).items!.map((item) => item.start_at)).toEqual(['2026-03-10T09:00:00+00:00']);
	expect(fresh.state).toEqual(state);
	const behind = trigger({ resource: 'traffic', interval: 'hour', options: { startAt: '2026-03-10T06:00:00Z' } });
	expect((await behind.poll('manual')).items).toHaveLength(4);
	expect(behind.state).toEqual({});
});

test.each([null, '', '={{ null }}', "={{ '' }}"])('Start At added but left empty (%j) is no Start At: the bucket in progress comes first', async (startAt) => {
	freezeClockAt('2026-03-10T10:35:00Z');
	const polled = trigger({ resource: 'traffic', interval: 'hour', options: { startAt } });
	expect((await polled.activate()).error).toBeUndefined();
	expect(polled.state).toEqual({ newHistoryBucket: { cursor: '2026-03-10T10:00:00+00:00' } });
});

test('Start At that is not a date says how to write one', async () => {
	const { error } = await trigger({ resource: 'traffic', interval: 'hour', options: { startAt: 'last Tuesday' } }).poll();
	expect((error as { description?: string }).description).toMatch(/^Use an ISO 8601 date and time such as 2026-01-31T00:00:00/);
});

test('a Status left in Filters after switching Resource to Traffic is not sent: traffic history has no such filter', async () => {
	freezeClockAt('2026-03-10T10:35:00Z');
	const polled = trigger({ resource: 'traffic', interval: 'hour', filters: { status: 407, statusNot: 200 }, options: { startAt: '2026-03-10T08:00:00Z' } });
	expect((await polled.activate()).items).toHaveLength(2);
	expect(ctx.sandbox.queries.map((q) => q.query)).toEqual([expect.not.objectContaining({ status: expect.anything() })]);
	expect(ctx.sandbox.queries[0].query).not.toHaveProperty('status_not');
});

// The messages: test/unit/validation.test.ts.
test.each([
	[{ interval: 'week' }, /Interval/],
	[{ resource: 'country' }, /Resource/],
	[{ options: { delayMinutes: -1 } }, /Delay \(Minutes\) \(delayMinutes\)/],
	[{ options: { delayMinutes: 2.5 } }, /Delay \(Minutes\) \(delayMinutes\)/],
	[{ options: { startAt: 'last Tuesday' } }, /Start At \(startAt\)/],
	[{ resource: 'request', filters: { status: 999 } }, /Status/],
])('refuses %j before any request, naming the field', async (parameters, field) => {
	const { error } = await trigger({ resource: 'traffic', interval: 'hour', ...parameters }).poll();
	expect(error?.message).toMatch(field);
	expect(error?.constructor.name).toBe('NodeOperationError');
	expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
});

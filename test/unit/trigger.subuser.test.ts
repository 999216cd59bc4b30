import type { IDataObject } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { pollAt, triggerMaker } from '../harness/poll';
import { statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());
const trigger = triggerMaker(ctx, 'subuserLimitReached');

// The sandbox's subusers use, each hour of a UTC month, a fixed amount (test/sandbox/data.js): of those
// with a limit, žygimantas (1 MB) is over it from the first hour of every month, "a&b?c#d/e" (50 GB) reaches 80%
// on 2 March at 22:00 UTC and alice (100 GB) on 16 March at 11:00 UTC; in April on 2 April at 21:00 and
// 16 April at 10:00. Bob has no limit (0) and uses the most.
const AB = 'a&b?c#d/e';
const ZYGIMANTAS = 'žygimantas';

/** The subusers a poll at that moment fires for. */
const firedAt = async (...args: Parameters<typeof pollAt>) => (await pollAt(...args)).map((item) => item.username);

test('fires once per subuser when it reaches the threshold, never again while it stays above', async () => {
	freezeClockAt('2026-03-02T21:59:00Z');
	const polled = trigger();
	expect((await polled.activate()).items!.map((item) => item.username)).toEqual([ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-03-02T22:00:00Z')).toEqual([AB]);
	expect(await firedAt(polled, '2026-03-10T00:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-16T10:59:59Z')).toEqual([]);
	const { items } = await polled.poll(); // same moment: nothing new
	expect(items).toBeNull();
	jest.setSystemTime(new Date('2026-03-16T11:00:00Z'));
	const crossing = (await polled.poll()).items!;
	expect(crossing).toEqual([
		{
			username: 'alice',
			enabled: true,
			traffic_used: ctx.sandbox.data.bytes(Date.parse('2026-03-01T00:00:00Z'), Date.now(), { username: 'alice' }) / 1e9,
			traffic_limit: 100,
			unit: 'GB',
			used_share: 0.8012,
			period_started_at: '2026-03-01T00:00:00+00:00',
			period_ends_at: '2026-03-31T00:00:00+00:00',
			recurring: true,
			threshold: 80,
		},
	]);
	expect(await firedAt(polled, '2026-03-31T23:59:59Z')).toEqual([]);
});

test('fires again in a new limit period, once the subuser reaches the threshold again', async () => {
	freezeClockAt('2026-03-20T00:00:00Z');
	const polled = trigger();
	expect((await polled.activate()).items!.map((item) => item.username)).toEqual(['alice', AB, ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-04-01T00:00:00Z')).toEqual([ZYGIMANTAS]); // over from the period's first hour
	expect(await firedAt(polled, '2026-04-02T20:59:59Z')).toEqual([]);
	expect(await firedAt(polled, '2026-04-02T21:00:00Z')).toEqual([AB]);
	expect(await firedAt(polled, '2026-04-16T10:00:00Z')).toEqual(['alice']);
	expect(await firedAt(polled, '2026-04-20T00:00:00Z')).toEqual([]);
});

test('a limit raised past the usage re-arms the subuser: it fires when it reaches the threshold again', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger();
	expect((await polled.activate()).items!.map((item) => item.username)).toEqual([AB, ZYGIMANTAS]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 200 }); // 187.9 GB used: 94%, still above
	expect(await firedAt(polled, '2026-03-10T00:00:00Z')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 1000 }); // 18.8%: below
	expect(await firedAt(polled, '2026-03-10T00:00:00Z')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 230 }); // 81.7%: reached again
	expect(await firedAt(polled, '2026-03-10T00:00:00Z')).toEqual([AB]);
	expect(await firedAt(polled, '2026-03-10T01:00:00Z')).toEqual([]);
});

test('a subuser with a limit of 0 never fires, nor is it the Fetch Test Event candidate', async () => {
	freezeClockAt('2026-03-31T23:00:00Z');
	const polled = trigger({ threshold: 1, filters: { username: 'bob' } });
	expect((await polled.activate()).items).toBeNull();
	expect((await polled.poll('manual')).items).toBeNull();
	expect(ctx.sandbox.queries.at(-1)!.query).toEqual({ username: 'bob', limit: 1000, offset: 0 });
});

test('a restart with the saved static data after empty polls neither repeats nor misses', async () => {
	freezeClockAt('2026-03-02T22:00:00Z');
	const polled = trigger();
	expect((await polled.activate()).items!.map((item) => item.username)).toEqual([AB, ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-03-05T00:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-08T00:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-10T00:00:00Z', 'restart')).toEqual([]);
	// n8n down while alice crossed: the first poll after the start reports her
	expect(await firedAt(polled, '2026-03-17T00:00:00Z', 'restart')).toEqual(['alice']);
	expect(await firedAt(polled, '2026-03-18T00:00:00Z', 'restart')).toEqual([]);
});

test('a re-arm seen only by an empty poll is lost when n8n restarts before saving (as documented)', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger({ filters: { username: AB } });
	expect((await polled.activate()).items).toHaveLength(1);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 1000 });
	expect(await firedAt(polled, '2026-03-10T01:00:00Z')).toEqual([]); // below: re-armed in memory only
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 50 });
	expect(await firedAt(polled, '2026-03-10T02:00:00Z', 'restart')).toEqual([]);
	// Seen below by the poll at start-up, which n8n saves: this time the re-arm holds.
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 1000 });
	expect(await firedAt(polled, '2026-03-10T03:00:00Z', 'restart')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 50 });
	expect(await firedAt(polled, '2026-03-10T04:00:00Z', 'restart')).toEqual([AB]);
});

test('Fetch Test Event: what would fire now, else the subuser with the highest share; the state untouched', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger();
	const fetched = await polled.poll('manual');
	expect(fetched.items!.map((item) => item.username)).toEqual([AB, ZYGIMANTAS]);
	expect(polled.state).toEqual({});
	await polled.activate();
	const state = polled.state;
	expect(state).toEqual({ subuserLimitReached: { reported: { [AB]: '2026-03-01T00:00:00Z', [ZYGIMANTAS]: '2026-03-01T00:00:00Z' } } });
	const candidate = await polled.poll('manual');
	expect(candidate.items).toEqual([expect.objectContaining({ username: ZYGIMANTAS, used_share: 234884.7, threshold: 80 })]);
	// alice alone, at 1000%: nothing would fire, so she (47% of her limit) is the candidate
	const quiet = trigger({ threshold: 1000, filters: { username: 'alice' } });
	expect((await quiet.poll('manual')).items).toEqual([expect.objectContaining({ username: 'alice', used_share: 0.4698, threshold: 1000 })]);
	expect(polled.state).toEqual(state);
	expect(quiet.state).toEqual({});
});

test('exactly at the threshold fires; the first of equal shares is the Fetch Test Event candidate; no period still fires once', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	ctx.sandbox.changeSubuser('john doe', { traffic_used: 80, traffic_limit_amount: 100, period_started_at: undefined });
	const exactly = trigger({ threshold: 80, filters: { username: 'john doe' } });
	expect((await exactly.activate()).items).toEqual([expect.objectContaining({ username: 'john doe', used_share: 0.8, period_started_at: null })]);
	expect(await firedAt(exactly, '2026-03-10T01:00:00Z')).toEqual([]);
	// alice and a&b at 30% of their limits, the highest shares now (žygimantas without a limit): nothing
	// reaches 1000%, and of the two equal candidates Fetch Test Event shows the first in the list, alice
	ctx.sandbox.changeSubuser('alice', { traffic_used: 30, traffic_limit_amount: 100 });
	ctx.sandbox.changeSubuser(AB, { traffic_used: 15, traffic_limit_amount: 50 });
	ctx.sandbox.changeSubuser(ZYGIMANTAS, { traffic_limit_amount: 0 });
	ctx.sandbox.changeSubuser('john doe', { traffic_used: 1 });
	expect((await trigger({ threshold: 1000 }).poll('manual')).items!.map((item) => item.username)).toEqual(['alice']);
});

test('reads every page of the subuser list', async () => {
	ctx.sandbox.reset({ subusers: 2500 });
	freezeClockAt('2026-03-31T12:00:00Z');
	const polled = trigger();
	const fired = (await polled.activate()).items!.map((item) => item.username as string);
	const expected = ctx.sandbox
		.subusers()
		.filter((subuser) => subuser.traffic_limit_amount > 0 && subuser.traffic_used / subuser.traffic_limit_amount >= 0.8)
		.map((subuser) => subuser.username);
	expect(expected.length).toBeGreaterThan(1000);
	expect(fired).toEqual(expected);
	expect(ctx.sandbox.count('/api/v1/reseller/subusers')).toBe(3);
});

test('an API failure throws one clear error and changes nothing: the next poll starts from the same place', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger();
	ctx.sandbox.fault({ path: '/api/v1/reseller/subusers', status: 503, body: { error: { code: 'unavailable', message: 'Try again' } }, times: 1 });
	const failed = await polled.poll();
	expect(failed.error?.name).toBe('NodeApiError');
	expect(failed.error?.message).toMatch(/Try again/);
	expect(polled.state).toEqual({});
	expect(await firedAt(polled, '2026-03-10T00:00:00Z')).toEqual([AB, ZYGIMANTAS]);
});

// The messages: test/unit/validation.test.ts.
test.each([
	[{ threshold: 0 }, /Threshold \(threshold\)/],
	[{ threshold: 1001 }, /Threshold \(threshold\)/],
	[{ threshold: 'lots' }, /Threshold \(threshold\)/],
	[{ event: 'subuserGone' }, /Event/],
	[{ event: 'subuserProjectedToReachLimit', withinDays: -1 }, /Within \(Days\) \(withinDays\)/],
	[{ event: 'subuserProjectedToReachLimit', withinDays: 366.5 }, /Within \(Days\) \(withinDays\)/],
	[{ event: 'subuserProjectedToReachLimit', withinDays: 'soon' }, /Within \(Days\) \(withinDays\)/],
	[{ event: 'subuserProjectedToReachLimit', filters: { username: '={{ 1 }}' }, withinDays: '={{ [3] }}' }, /Within \(Days\) \(withinDays\)/],
])('refuses %j before any request, naming the field', async (parameters, field) => {
	const { error } = await trigger(parameters).poll();
	expect(error?.message).toMatch(field);
	expect(error?.constructor.name).toBe('NodeOperationError');
	expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
});

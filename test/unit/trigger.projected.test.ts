/**
 * GoProxies Trigger, Subuser Projected to Reach Its Limit: polled through n8n-core's PollContext with set clocks,
 * against the sandbox's subusers (limit periods: the UTC months, 30 days long).
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { CredentialStore } from '../harness/n8n';
import { pollAt, PolledTrigger, triggerMaker } from '../harness/poll';
import { useSandbox } from '../harness/setup';
import { startSandbox } from '../sandbox/server';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());
const trigger = triggerMaker(ctx, 'subuserProjectedToReachLimit');

// At their average rate since 1 March 00:00 UTC (test/sandbox/data.js), žygimantas (1 MB) is over its limit
// from the first hour, a&b?c#d/e (50 GB) is projected on 1 March at 01:00 to reach it on 3 March at 02:10
// (2.05 days ahead) and crossed it on 3 March; alice (100 GB) is projected to reach hers on 20 March: 3.30
// days ahead on 17 March at 00:00, 2.26 days ahead on 18 March at 00:00 (20 March 06:12:29). john doe and
// 用户 reach theirs only after the period ends; bob has no limit.
const AB = 'a&b?c#d/e';
const ZYGIMANTAS = 'žygimantas';
const MARCH = '2026-03-01T00:00:00Z';

const usernames = (items: IDataObject[] | null) => (items ?? []).map((item) => item.username);
const firedAt = async (...args: Parameters<typeof pollAt>) => usernames(await pollAt(...args));

test('fires once per subuser when its projection comes within the days, those already over at once', async () => {
	freezeClockAt('2026-03-01T01:00:00Z');
	const polled = trigger();
	expect(usernames((await polled.activate()).items)).toEqual([AB, ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-03-03T12:00:00Z')).toEqual([]); // a&b crossed: reported already
	expect(await firedAt(polled, '2026-03-17T00:00:00Z')).toEqual([]);
	jest.setSystemTime(new Date('2026-03-18T00:00:00Z'));
	const { items } = await polled.poll();
	const now = Date.now();
	const used = ctx.sandbox.data.bytes(Date.parse(MARCH), now, { username: 'alice' }) / 1e9;
	expect(items).toEqual([
		{
			username: 'alice',
			enabled: true,
			traffic_used: used,
			traffic_limit: 100,
			unit: 'GB',
			used_share: Math.round((used / 100) * 10_000) / 10_000,
			period_started_at: '2026-03-01T00:00:00+00:00',
			period_ends_at: '2026-03-31T00:00:00+00:00',
			recurring: true,
			projected_limit_at: '2026-03-20T06:12:29+00:00',
			within_days: 3,
		},
	]);
	expect(await firedAt(polled, '2026-03-19T00:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-25T00:00:00Z')).toEqual([]); // alice over her limit now: reported already
});

test('Within (Days): 0 fires only for the subusers already over; decimals count, a day being 24 hours', async () => {
	freezeClockAt('2026-03-01T01:00:00Z');
	expect(usernames((await trigger({ withinDays: 0 }).activate()).items)).toEqual([ZYGIMANTAS]);
	freezeClockAt('2026-03-18T00:00:00Z'); // alice: 2 days 06:12:29 ahead, 2.2587 days
	expect(usernames((await trigger({ withinDays: 2.25, filters: { username: 'alice' } }).activate()).items)).toEqual([]);
	expect((await trigger({ withinDays: 2.26, filters: { username: 'alice' } }).activate()).items).toEqual([expect.objectContaining({ username: 'alice', within_days: 2.26 })]);
	expect(usernames((await trigger({ withinDays: '={{ "2.26" }}', filters: { username: 'alice' } }).activate()).items)).toEqual(['alice']);
});

test('exactly Within (Days) ahead fires', async () => {
	freezeClockAt('2026-03-10T00:00:00Z'); // 50 of 100 in 9 days: 100 on 19 March at 00:00, 9 days ahead
	ctx.sandbox.changeSubuser('alice', { traffic_used: 50 });
	expect(usernames((await trigger({ withinDays: 9, filters: { username: 'alice' } }).activate()).items)).toEqual(['alice']);
});

test('fires again in a new limit period', async () => {
	freezeClockAt('2026-03-20T00:00:00Z');
	const polled = trigger();
	expect(usernames((await polled.activate()).items)).toEqual(['alice', AB, ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-03-31T23:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-04-01T01:00:00Z')).toEqual([AB, ZYGIMANTAS]);
	expect(polled.state).toEqual({
		subuserProjectedToReachLimit: {
			reported: { [AB]: '2026-04-01T00:00:00Z 50', [ZYGIMANTAS]: '2026-04-01T00:00:00Z 0.001' },
		},
	});
});

test('once per period also when the projection leaves the days and comes back', async () => {
	freezeClockAt('2026-03-18T00:00:00Z');
	const polled = trigger({ filters: { username: 'alice' } });
	expect(usernames((await polled.activate()).items)).toEqual(['alice']);
	ctx.sandbox.changeSubuser('alice', { traffic_used: 1 }); // a slow month after all: no projection in the period
	expect(await firedAt(polled, '2026-03-18T01:00:00Z')).toEqual([]);
	ctx.sandbox.reset(); // and fast again
	expect(await firedAt(polled, '2026-03-18T02:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-19T00:00:00Z', 'restart')).toEqual([]);
});

test('a changed limit re-arms the subuser: it fires again when projected within the days', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger();
	expect(usernames((await polled.activate()).items)).toEqual([AB, ZYGIMANTAS]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 60 }); // still over it
	expect(await firedAt(polled, '2026-03-10T01:00:00Z')).toEqual([AB]);
	expect(await firedAt(polled, '2026-03-10T02:00:00Z')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 5000 }); // reached only after the period ends
	expect(await firedAt(polled, '2026-03-10T03:00:00Z')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 230 }); // about 2 days ahead
	expect(await firedAt(polled, '2026-03-10T04:00:00Z')).toEqual([AB]);
});

test('a limit changed and back, with n8n restarted before it saved the change, is not reported again (as documented)', async () => {
	freezeClockAt('2026-03-10T00:00:00Z');
	const polled = trigger({ filters: { username: AB } });
	expect(usernames((await polled.activate()).items)).toEqual([AB]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 5000 });
	expect(await firedAt(polled, '2026-03-10T01:00:00Z')).toEqual([]); // it left the state in memory only
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 50 });
	expect(await firedAt(polled, '2026-03-10T02:00:00Z', 'restart')).toEqual([]);
	// without a restart in between, the change back re-arms it
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 5000 });
	expect(await firedAt(polled, '2026-03-10T03:00:00Z')).toEqual([]);
	ctx.sandbox.changeSubuser(AB, { traffic_limit_amount: 50 });
	expect(await firedAt(polled, '2026-03-10T04:00:00Z')).toEqual([AB]);
});

test('across restarts: what n8n saved is not reported again, what happened while it was down is, once', async () => {
	freezeClockAt('2026-03-01T01:00:00Z');
	const polled = trigger();
	expect(usernames((await polled.activate()).items)).toEqual([AB, ZYGIMANTAS]);
	expect(await firedAt(polled, '2026-03-05T00:00:00Z')).toEqual([]);
	expect(await firedAt(polled, '2026-03-10T00:00:00Z', 'restart')).toEqual([]);
	// n8n down while alice came within 3 days: the first poll after the start reports her
	expect(await firedAt(polled, '2026-03-18T00:00:00Z', 'restart')).toEqual(['alice']);
	expect(await firedAt(polled, '2026-03-19T00:00:00Z', 'restart')).toEqual([]);
	expect(await firedAt(polled, '2026-03-19T01:00:00Z')).toEqual([]);
});

test('subusers without a projection never fire, nor are they the Fetch Test Event candidate', async () => {
	freezeClockAt('2026-03-31T23:00:00Z');
	for (const username of ['bob', 'john doe', '用户']) {
		const polled = trigger({ withinDays: 366, filters: { username } });
		expect((await polled.activate()).items).toBeNull();
		expect((await polled.poll('manual')).items).toBeNull();
	}
	expect(ctx.sandbox.queries.at(-1)!.query).toEqual({ username: '用户', limit: 1000, offset: 0 });
});

describe('Fetch Test Event', () => {
	test('what would fire now, the state untouched', async () => {
		freezeClockAt('2026-03-10T00:00:00Z');
		const polled = trigger();
		const fetched = await polled.poll('manual');
		expect(usernames(fetched.items)).toEqual([AB, ZYGIMANTAS]);
		expect(fetched.items![0]).toMatchObject({ username: AB, projected_limit_at: '2026-03-03T09:28:30+00:00', within_days: 3 });
		expect(polled.state).toEqual({});
	});

	test('when nothing would fire: the subuser projected earliest; the saved state unchanged', async () => {
		freezeClockAt('2026-03-10T00:00:00Z');
		const polled = trigger();
		await polled.activate();
		const state = polled.state;
		expect(usernames((await polled.poll('manual')).items)).toEqual([ZYGIMANTAS]);
		expect(polled.state).toEqual(state);
		const alice = trigger({ filters: { username: 'alice' } }); // 10.16 days ahead, beyond the 3
		expect((await alice.poll('manual')).items).toEqual([expect.objectContaining({ username: 'alice', projected_limit_at: '2026-03-20T03:48:00+00:00', within_days: 3 })]);
		expect(alice.state).toEqual({});
	});

	test('of equal projections, the first in the list', async () => {
		freezeClockAt('2026-03-10T00:00:00Z');
		for (const username of [AB, ZYGIMANTAS]) ctx.sandbox.changeSubuser(username, { traffic_limit_amount: 0 });
		for (const username of ['alice', '用户']) ctx.sandbox.changeSubuser(username, { traffic_used: 40, traffic_limit_amount: 100 });
		expect(usernames((await trigger().poll('manual')).items)).toEqual(['alice']);
		ctx.sandbox.changeSubuser('用户', { traffic_used: 40.001 });
		expect(usernames((await trigger().poll('manual')).items)).toEqual(['用户']);
	});
});

test('limit periods that are not calendar months: projected within the period the sandbox gives', async () => {
	const periodsFrom = Date.parse('2026-03-10T12:00:00Z');
	const sandbox = await startSandbox({ periodsFrom });
	try {
		freezeClockAt('2026-03-20T12:00:00Z'); // 10 days into a period that ends on 9 April at 12:00
		const store = new CredentialStore({ ...sandbox.account, baseUrl: sandbox.url });
		const polled = new PolledTrigger({ parameters: { event: 'subuserProjectedToReachLimit', withinDays: 366 }, store, timezone: 'Europe/Vilnius' });
		const items = (await polled.activate()).items!;
		const expected = sandbox.subusers().flatMap((subuser) => {
			const at = periodsFrom + ((Date.now() - periodsFrom) * subuser.traffic_limit_amount) / subuser.traffic_used;
			return subuser.traffic_limit_amount > 0 && at <= periodsFrom + 30 * 86_400_000 ? [[subuser.username, at]] : [];
		});
		expect(expected.length).toBeGreaterThan(1);
		const inVilnius = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/Vilnius' }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
		expect(items.map((item) => [item.username, item.projected_limit_at])).toEqual(expected.map(([username, at]) => [username, inVilnius(at as number)]));
		expect(items[0].period_started_at).toBe('2026-03-10T14:00:00+02:00');
	} finally {
		await sandbox.close();
	}
});

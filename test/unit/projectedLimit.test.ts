/**
 * Subuser → Get Many's `projected_limit_at` (when a subuser reaches its limit at its average rate since its
 * limit period started) and its filter Projected to Reach Its Limit Within (Days), against the sandbox's
 * subusers at set clocks.
 */
import type { IDataObject } from 'n8n-workflow';

import { freezeClockAt } from '../harness/clock';
import { useSandbox } from '../harness/setup';

const ctx = useSandbox();
afterEach(() => jest.useRealTimers());

const GET_MANY = { resource: 'subuser', operation: 'getAll' };
const timezone = 'Europe/Vilnius';
const AB = 'a&b?c#d/e';
const ZYGIMANTAS = 'žygimantas';
const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);
const projections = async (parameters: IDataObject = {}, zone = timezone) =>
	Object.fromEntries(json((await ctx.run({ ...GET_MANY, ...parameters }, { timezone: zone })).items).map((item) => [item.username, item.projected_limit_at]));
const usernames = async (parameters: IDataObject) => json((await ctx.run({ ...GET_MANY, ...parameters }, { timezone })).items).map((item) => item.username);
const within = (days: unknown) => ({ filters: { projectedWithinDays: days } });

// On 15 March 2026 at 10:30 UTC, 14 days 10.5 hours into the sandbox's March limit period (from 1 March 00:00
// UTC, 30 days long): alice has used 74.452 GB of 100 and reaches 100 GB on 20 March at 09:24:02 UTC;
// a&b?c#d/e (297.808 GB of 50) crossed 50 GB on 3 March at 10:10:30; žygimantas (372.260 GB of 1 MB) 3.35
// seconds into the period; john doe (223.356 of 2,000) and 用户 (74.452 of 300) only after the period ends;
// bob has no limit.
const NOW = '2026-03-15T10:30:00Z';

describe('projected_limit_at', () => {
	test('the moment each subuser reaches its limit at its average rate since its period started, in the zone', async () => {
		freezeClockAt(NOW);
		expect(await projections()).toEqual({
			alice: '2026-03-20T11:24:02+02:00',
			bob: null,
			'john doe': null,
			[AB]: '2026-03-03T12:10:30+02:00',
			[ZYGIMANTAS]: '2026-03-01T02:00:03+02:00',
			用户: null,
		});
		expect((await projections({}, 'America/New_York')).alice).toBe('2026-03-20T05:24:02-04:00');
	});

	test('comes last, after the fields Get Many gave before', async () => {
		freezeClockAt(NOW);
		const [alice] = json((await ctx.run(GET_MANY, { timezone })).items);
		expect(Object.keys(alice)).toEqual([
			'username',
			'enabled',
			'traffic_used',
			'traffic_limit',
			'unit',
			'used_share',
			'period_started_at',
			'period_ends_at',
			'recurring',
			'projected_limit_at',
		]);
	});

	test('moves with the clock: the same usage later in the period is a slower rate', async () => {
		freezeClockAt('2026-03-11T00:00:00Z');
		ctx.sandbox.changeSubuser('alice', { traffic_used: 40 }); // 40 of 100 in 10 days: 100 after 25 days
		expect((await projections()).alice).toBe('2026-03-26T02:00:00+02:00');
		jest.setSystemTime(new Date('2026-03-13T00:00:00Z')); // 40 of 100 in 12 days: 100 after 30 days, the period's end
		expect((await projections()).alice).toBe('2026-03-31T03:00:00+03:00');
	});

	test.each([
		['a limit of 0', { traffic_limit_amount: 0 }],
		['no limit given', { traffic_limit_amount: undefined }],
		['a limit that is not a number', { traffic_limit_amount: 'lots' }],
		['no usage', { traffic_used: 0 }],
		['a negative usage', { traffic_used: -5 }],
		['no usage given', { traffic_used: undefined }],
		['no period start', { period_started_at: undefined }],
		['a period start that is not a date', { period_started_at: 'soon' }],
		['a period start that is a number', { period_started_at: 1772323200 }],
		['a projection one second after the period ends', { traffic_used: 50, period_seconds: 30 * 86_400 - 1 }],
	])('null with %s', async (_what, changes) => {
		freezeClockAt('2026-03-16T00:00:00Z');
		ctx.sandbox.changeSubuser('alice', { traffic_used: 50, traffic_limit_amount: 100, ...changes });
		expect((await projections()).alice).toBeNull();
	});

	test('exactly at the period end it stands; without a period length there is no end to fall after', async () => {
		freezeClockAt('2026-03-16T00:00:00Z'); // 50 of 100 in 15 days: 100 after 30, when the period ends
		ctx.sandbox.changeSubuser('alice', { traffic_used: 50, traffic_limit_amount: 100 });
		expect((await projections()).alice).toBe('2026-03-31T03:00:00+03:00');
		ctx.sandbox.changeSubuser('alice', { traffic_used: 10, period_seconds: undefined }); // 100 after 150 days
		expect((await projections()).alice).toBe('2026-07-29T03:00:00+03:00');
	});

	test('traffic_used is read in the unit of the limit, whatever that unit says', async () => {
		freezeClockAt('2026-03-16T00:00:00Z');
		ctx.sandbox.changeSubuser('alice', { traffic_used: 50, traffic_limit_amount: 100, traffic_limit_unit: 'MB' });
		expect((await projections()).alice).toBe('2026-03-31T03:00:00+03:00');
	});

	test('Simplify off gives the API objects as they came, without it', async () => {
		freezeClockAt(NOW);
		const items = json((await ctx.run({ ...GET_MANY, options: { simplify: false } }, { timezone })).items);
		expect(items.some((item) => 'projected_limit_at' in item)).toBe(false);
	});
});

describe('Filters → Projected to Reach Its Limit Within (Days)', () => {
	test('keeps the subusers projected to reach their limit within that many days, those already over included', async () => {
		freezeClockAt(NOW);
		expect(await usernames(within(0))).toEqual([AB, ZYGIMANTAS]);
		// alice is 4 days 22:54:02.8 away: 4.954 days
		expect(await usernames(within(4.95))).toEqual([AB, ZYGIMANTAS]);
		expect(await usernames(within(4.96))).toEqual(['alice', AB, ZYGIMANTAS]);
		expect(await usernames(within(366))).toEqual(['alice', AB, ZYGIMANTAS]);
	});

	test('the boundary is inclusive: a projection exactly that many days of 24 hours from now matches', async () => {
		freezeClockAt('2026-03-10T00:00:00Z'); // 50 of 100 in 9 days: 100 on 19 March 00:00 UTC, 9 days from now
		ctx.sandbox.changeSubuser('alice', { traffic_used: 50, traffic_limit_amount: 100 });
		expect(await usernames({ filters: { projectedWithinDays: 9, username: 'alice' } })).toEqual(['alice']);
		expect(await usernames({ filters: { projectedWithinDays: 8.99999, username: 'alice' } })).toEqual([]);
	});

	test('a subuser without a projection never matches', async () => {
		freezeClockAt(NOW);
		expect(await usernames({ filters: { projectedWithinDays: 366, username: 'bob' } })).toEqual([]);
		expect(await usernames({ filters: { projectedWithinDays: 366, username: 'john doe' } })).toEqual([]);
	});

	test('empty, or an expression giving nothing, is no filter; text such as "0" is the number', async () => {
		freezeClockAt(NOW);
		const all = ctx.sandbox.data.users;
		expect(await usernames(within(''))).toEqual(all);
		expect(await usernames(within('={{ null }}'))).toEqual(all);
		expect(await usernames(within('={{ "0" }}'))).toEqual([AB, ZYGIMANTAS]);
	});

	test('every page is read, and Limit applies after the filter, also with Simplify off', async () => {
		freezeClockAt(NOW);
		const parameters = { returnAll: false, limit: 1, ...within(0) };
		expect(await usernames(parameters)).toEqual([AB]);
		expect(await usernames({ ...parameters, options: { simplify: false } })).toEqual([AB]);
		const pages = ctx.sandbox.queries.map((query) => query.query);
		expect(pages).toEqual([{ limit: 1000, offset: 0 }, { limit: 1000, offset: 0 }]);
	});

	test('with Minimum Used Share both apply, and Sort By orders what is left', async () => {
		freezeClockAt(NOW);
		expect(await usernames({ filters: { projectedWithinDays: 5, minUsedShare: 600 } })).toEqual([ZYGIMANTAS]);
		expect(await usernames({ ...within(5), options: { sortBy: 'usedShare' } })).toEqual([ZYGIMANTAS, AB, 'alice']);
	});
});

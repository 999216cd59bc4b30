import type { IDataObject } from 'n8n-workflow';

import { loadOptions } from '../harness/n8n';
import { freezeClockAt } from '../harness/clock';
import { customPeriod, statsCalls, useSandbox } from '../harness/setup';
import { atOrAbove } from '../sandbox/data';

const ctx = useSandbox({ secrets: true });
const NOW = '2026-03-15T10:30:00Z';
const MARCH_START = Date.UTC(2026, 2, 1);
const timezone = 'Europe/Vilnius';
const GET_MANY = { resource: 'subuser', operation: 'getAll' };
const SUBUSERS = '/api/v1/reseller/subusers';

beforeEach(() => freezeClockAt(NOW));
afterEach(() => jest.useRealTimers());

const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);
const usedGb = (username: string) => ctx.sandbox.data.bytes(MARCH_START, Date.parse(NOW), { username }) / 1e9;
const subuserPages = () => ctx.sandbox.queries.filter((q) => q.path === SUBUSERS).map((q) => q.query);

describe('Subuser → Get Many', () => {
	test('one simplified item per subuser: usage against the limit, dates in the workflow zone', async () => {
		const { items, error } = await ctx.run(GET_MANY, { timezone });
		expect(error).toBeUndefined();
		expect(json(items).map((item) => item.username)).toEqual(ctx.sandbox.data.users);
		const alice = usedGb('alice');
		expect(items[0].json).toEqual({
			username: 'alice',
			enabled: true,
			traffic_used: alice,
			traffic_limit: 100,
			unit: 'GB',
			used_share: Math.round((alice / 100) * 10_000) / 10_000,
			period_started_at: '2026-03-01T02:00:00+02:00',
			period_ends_at: '2026-03-31T03:00:00+03:00',
			recurring: true,
			// 74.452 GB of 100 in the 14 days 10.5 hours since 1 March 00:00 UTC: 100 GB after 19 days 9.4 hours
			projected_limit_at: '2026-03-20T11:24:02+02:00',
		});
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('a limit of 0 (no limit) has no share; missing period fields give null end and start', async () => {
		ctx.sandbox.changeSubuser('john doe', { period_started_at: undefined, traffic_limit_unit: undefined });
		ctx.sandbox.changeSubuser('a&b?c#d/e', { period_seconds: undefined });
		ctx.sandbox.changeSubuser('alice', { traffic_limit_unit: 'MB' });
		ctx.sandbox.changeSubuser('bob', { traffic_limit_unit: '' });
		const items = json((await ctx.run(GET_MANY, { timezone })).items);
		const byName = Object.fromEntries(items.map((item) => [item.username, item]));
		expect(byName.alice).toMatchObject({ unit: 'MB' });
		expect(byName.bob).toMatchObject({ traffic_limit: 0, used_share: null, unit: 'GB' });
		expect(byName['john doe']).toMatchObject({ period_started_at: null, period_ends_at: null, unit: 'GB' });
		expect(byName['a&b?c#d/e']).toMatchObject({ period_started_at: '2026-03-01T02:00:00+02:00', period_ends_at: null });
	});

	test('Simplify off gives the API objects as they came, without their secret', async () => {
		const { items } = await ctx.run({ ...GET_MANY, options: { simplify: false } }, { timezone });
		const { secret: _secret, ...alice } = { ...ctx.sandbox.subusers()[0], secret: '' };
		expect(items[0].json).toEqual(alice);
		expect(json(items).some((item) => 'secret' in item)).toBe(false);
	});

	test('pages through 2,500 subusers, 1,000 at a time, until a page is shorter', async () => {
		ctx.sandbox.reset({ subusers: 2500, secrets: true });
		const { items } = await ctx.run(GET_MANY, { timezone });
		expect(items).toHaveLength(2500);
		expect(new Set(json(items).map((item) => item.username)).size).toBe(2500);
		expect(subuserPages()).toEqual([0, 1000, 2000].map((offset) => ({ limit: 1000, offset })));
	});

	test('a list of exactly 1,000 takes one more (empty) page to be sure it ended', async () => {
		ctx.sandbox.reset({ subusers: 1000 });
		expect((await ctx.run(GET_MANY, { timezone })).items).toHaveLength(1000);
		expect(subuserPages().map((q) => q.offset)).toEqual([0, 1000]);
	});

	test('a bare array answer is read as the list itself', async () => {
		ctx.sandbox.reset({ bareArray: true, secrets: true });
		const { items, error } = await ctx.run(GET_MANY, { timezone });
		expect(error).toBeUndefined();
		expect(json(items).map((item) => item.username)).toEqual(ctx.sandbox.data.users);
		expect(json((await ctx.run({ ...GET_MANY, options: { simplify: false } })).items).some((item) => 'secret' in item)).toBe(false);
	});

	test('an API that sends the whole list whatever the limit asked: Limit still applies', async () => {
		ctx.sandbox.fault({ path: SUBUSERS, status: 200, body: { subusers: ctx.sandbox.subusers() } });
		const { items } = await ctx.run({ ...GET_MANY, returnAll: false, limit: 2 }, { timezone });
		expect(json(items).map((item) => item.username)).toEqual(ctx.sandbox.data.users.slice(0, 2));
	});

	test.each([3, 1])('Return All off asks the API for no more than Limit (%d)', async (limit) => {
		ctx.sandbox.reset({ subusers: 2500 });
		const { items } = await ctx.run({ ...GET_MANY, returnAll: false, limit }, { timezone });
		expect(json(items).map((item) => item.username)).toEqual(ctx.sandbox.data.users.slice(0, limit));
		expect(subuserPages()).toEqual([{ limit, offset: 0 }]);
	});

	describe('Minimum Used Share and Sort By: who is near the limit', () => {
		/** The usernames with their usage as a percentage of their limit (none without a limit), in API order. */
		const shares = () =>
			ctx.sandbox.subusers().map(({ username, traffic_used, traffic_limit_amount }) => ({
				username,
				percent: traffic_limit_amount > 0 ? (traffic_used / traffic_limit_amount) * 100 : undefined,
			}));

		test('Minimum Used Share keeps the subusers at or over that share of their limit, never one without a limit', async () => {
			const { items } = await ctx.run({ ...GET_MANY, filters: { minUsedShare: 80 } }, { timezone });
			const expected = atOrAbove(ctx.sandbox.subusers(), 80);
			expect(expected.length).toBeGreaterThan(0);
			expect(expected.length).toBeLessThan(ctx.sandbox.data.users.length - 1);
			expect(json(items).map((item) => item.username)).toEqual(expected);
			expect(json(items).every((item) => (item.used_share as number) >= 0.8)).toBe(true);
			const anyLimit = json((await ctx.run({ ...GET_MANY, filters: { minUsedShare: 0 } }, { timezone })).items);
			expect(anyLimit.map((item) => item.username)).toEqual(ctx.sandbox.data.users.filter((username) => username !== 'bob'));
		});

		test('Sort By Used Share: the highest share first, subusers without a limit last; API order by default', async () => {
			const sorted = json((await ctx.run({ ...GET_MANY, options: { sortBy: 'usedShare' } }, { timezone })).items);
			const expected = shares()
				.filter((s) => s.percent !== undefined)
				.sort((a, b) => b.percent! - a.percent!)
				.map((s) => s.username);
			expect(sorted.map((item) => item.username)).toEqual([...expected, 'bob']);
			const apiOrder = json((await ctx.run({ ...GET_MANY, options: { sortBy: 'apiOrder' } }, { timezone })).items);
			expect(apiOrder.map((item) => item.username)).toEqual(ctx.sandbox.data.users);
		});

		test('with either, every page is read and Limit applies after the filter and the sort', async () => {
			ctx.sandbox.reset({ subusers: 2500 });
			const { items } = await ctx.run(
				{ ...GET_MANY, returnAll: false, limit: 3, filters: { minUsedShare: 50 }, options: { sortBy: 'usedShare' } },
				{ timezone },
			);
			const expected = shares()
				.filter((s) => s.percent !== undefined && s.percent >= 50)
				.sort((a, b) => b.percent! - a.percent!)
				.slice(0, 3)
				.map((s) => s.username);
			expect(json(items).map((item) => item.username)).toEqual(expected);
			expect(subuserPages()).toEqual([0, 1000, 2000].map((offset) => ({ limit: 1000, offset })));
		});

		test.each([
			['Minimum Used Share', { filters: { minUsedShare: 50 } }],
			['Sort By Used Share', { options: { sortBy: 'usedShare' } }],
		])('%s alone also reads every page, then cuts to Limit', async (_what, parameters) => {
			ctx.sandbox.reset({ subusers: 2500 });
			const all = json((await ctx.run({ ...GET_MANY, ...parameters, returnAll: true }, { timezone })).items).map((item) => item.username);
			const { items } = await ctx.run({ ...GET_MANY, ...parameters, returnAll: false, limit: 3 }, { timezone });
			expect(json(items).map((item) => item.username)).toEqual(all.slice(0, 3));
			expect(all.slice(0, 3)).not.toEqual(ctx.sandbox.data.users.slice(0, 3));
			expect(subuserPages()).toEqual([0, 1000, 2000, 0, 1000, 2000].map((offset) => ({ limit: 1000, offset })));
		});

		test('Simplify off: the API objects, filtered and sorted the same way', async () => {
			const { items } = await ctx.run({ ...GET_MANY, filters: { minUsedShare: 80 }, options: { simplify: false, sortBy: 'usedShare' } }, { timezone });
			const simplified = await ctx.run({ ...GET_MANY, filters: { minUsedShare: 80 }, options: { sortBy: 'usedShare' } }, { timezone });
			expect(json(items).map((item) => item.username)).toEqual(json(simplified.items).map((item) => item.username));
			expect(items[0].json).toHaveProperty('traffic_limit_amount');
		});

		// The messages: test/unit/validation.test.ts.
		test.each([
			[{ filters: { minUsedShare: 1001 } }, /Minimum Used Share \(%\) \(minUsedShare\)/],
			[{ filters: { minUsedShare: -1 } }, /Minimum Used Share \(%\) \(minUsedShare\)/],
			[{ filters: { minUsedShare: 'most' } }, /Minimum Used Share \(%\) \(minUsedShare\)/],
			[{ options: { sortBy: 'name' } }, /Sort By/],
		])('%j is refused before any request, naming the field', async (parameters, field) => {
			const { error } = await ctx.run({ ...GET_MANY, ...parameters }, { timezone });
			expect(error?.message).toMatch(field);
			expect(error?.name).toBe('NodeOperationError');
			expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
		});
	});

	test('the Subuser filter is sent as the API\'s username filter', async () => {
		const { items } = await ctx.run({ ...GET_MANY, filters: { username: 'john doe' } }, { timezone });
		expect(json(items).map((item) => item.username)).toEqual(['john doe']);
		expect(subuserPages()).toEqual([{ username: 'john doe', limit: 1000, offset: 0 }]);
	});

	test.each([
		[{ returnAll: false, limit: 0 }, /"Limit"/],
		[{ options: { timeout: -5 } }, /"Timeout"/],
	])('bad input %p is refused before any request, naming the field', async (parameters, field) => {
		const { error } = await ctx.run({ ...GET_MANY, ...parameters }, { timezone });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(field);
		expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
	});

	test('an answer without a list of subusers fails with what was expected, showing no secret', async () => {
		ctx.sandbox.fault({ path: SUBUSERS, status: 200, body: { users: [{ username: 'x', secret: 'proxy-secret-in-a-bad-answer' }] } });
		const { error } = await ctx.run(GET_MANY, { timezone, secrets: ['proxy-secret-in-a-bad-answer'] });
		expect(error?.message).toBe(`The GoProxies API answered ${SUBUSERS} without the expected data`);
		expect(error?.description).toMatch(/^Expected "subusers" \(a list of subusers, each with a username\), got JSON without it \(keys: users\)/);
	});
});

describe('Traffic → Get by Subuser', () => {
	const MARCH = customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59');
	const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')] as const;
	const BY_SUBUSER = { resource: 'traffic', operation: 'getBySubuser', ...MARCH };

	const expectedTotals = (filter: IDataObject = {}) =>
		ctx.sandbox.data.users
			.map((username) => ({ username, bytes: ctx.sandbox.data.bytes(...MARCH_MS, { ...filter, username }) }))
			.sort((a, b) => b.bytes - a.bytes);

	test('one item per subuser, disabled ones too, largest first, with shares of the sum', async () => {
		const { items, error } = await ctx.run(BY_SUBUSER, { timezone });
		expect(error).toBeUndefined();
		const expected = expectedTotals();
		const total = expected.reduce((sum, { bytes }) => sum + bytes, 0);
		expect(total).toBe(ctx.sandbox.data.bytes(...MARCH_MS));
		expect(json(items).map((item) => [item.username, item.bytes])).toEqual(expected.map((e) => [e.username, e.bytes]));
		expect(items[0].json).toEqual({
			username: expected[0].username,
			bytes: expected[0].bytes,
			traffic: Math.round(expected[0].bytes / 1e6) / 1000,
			unit: 'GB',
			share: Math.round((expected[0].bytes / total) * 10_000) / 10_000,
			start_at: '2026-03-01T00:00:00+02:00',
			end_at: '2026-03-31T23:59:59+03:00',
		});
		expect(ctx.sandbox.subusers().some((subuser) => !subuser.enabled)).toBe(true);
	});

	test('each total equals Traffic → Get Total for that username', async () => {
		const bySubuser = json((await ctx.run(BY_SUBUSER, { timezone })).items);
		for (const { username, bytes } of bySubuser) {
			const single = await ctx.run({ resource: 'traffic', operation: 'get', ...MARCH, filters: { username } }, { timezone });
			expect(single.items[0].json.bytes).toBe(bytes);
		}
	});

	test('the Country filter goes to every call and shows in every item; Unit and Limit apply', async () => {
		const { items } = await ctx.run(
			{ ...BY_SUBUSER, filters: { country: 'de' }, returnAll: false, limit: 2, options: { unit: 'MiB' } },
			{ timezone },
		);
		const expected = expectedTotals({ country: 'DE' }).slice(0, 2);
		expect(json(items).map(({ username, bytes, traffic, unit, country }) => ({ username, bytes, traffic, unit, country }))).toEqual(
			expected.map(({ username, bytes }) => ({ username, bytes, traffic: Math.round((bytes / 2 ** 20) * 1000) / 1000, unit: 'MiB', country: 'DE' })),
		);
		const calls = ctx.sandbox.queries.filter((q) => q.path === '/api/v1/stats/traffic');
		expect(calls).toHaveLength(ctx.sandbox.data.users.length);
		expect(calls.every(({ query }) => query.country === 'DE')).toBe(true);
	});

	test('a period in which nobody used traffic: every share is 0, not a division by zero', async () => {
		const { items, error } = await ctx.run({ ...BY_SUBUSER, filters: { country: 'AQ' } }, { timezone });
		expect(error).toBeUndefined();
		expect(expectedTotals({ country: 'AQ' }).every(({ bytes }) => bytes === 0)).toBe(true);
		expect(json(items).map(({ bytes, share }) => ({ bytes, share }))).toEqual(ctx.sandbox.data.users.map(() => ({ bytes: 0, share: 0 })));
	});

	test('Simplify off gives one item with each subuser\'s API body, the total and the filter', async () => {
		const { items } = await ctx.run({ ...BY_SUBUSER, options: { simplify: false } }, { timezone });
		expect(items).toHaveLength(1);
		const { subusers, total_bytes, filter } = items[0].json as { subusers: IDataObject[]; total_bytes: number; filter: IDataObject };
		expect(subusers[0]).toEqual({ username: expectedTotals()[0].username, bytes: expectedTotals()[0].bytes, filter: expect.objectContaining({ username: expectedTotals()[0].username }) });
		expect(total_bytes).toBe(ctx.sandbox.data.bytes(...MARCH_MS));
		expect(filter).toEqual({ start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' });
	});

	test.each([1, 5])('runs at most %d calls at once', async (concurrency) => {
		ctx.sandbox.reset({ subusers: 30, latencyMs: 20 });
		const { items } = await ctx.run({ ...BY_SUBUSER, options: { concurrency } }, { timezone });
		expect(items).toHaveLength(30);
		expect(ctx.sandbox.peakConcurrency()).toBe(concurrency);
	});

	describe('one failing subuser fails the whole item, naming the subuser', () => {
		const fault = { path: '/api/v1/stats/traffic', query: { username: 'john doe' }, status: 500, body: { error: { code: 'internal', message: 'Shard down' } } };

		test('without continueOnFail the execution fails', async () => {
			ctx.sandbox.fault(fault);
			const { items, error } = await ctx.run(BY_SUBUSER, { timezone });
			expect(items).toEqual([]);
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toMatch(/^Traffic of subuser "john doe": .*Shard down$/);
		});

		test('no further call starts once one has failed', async () => {
			const order = ctx.sandbox.subusers().map((subuser) => subuser.username);
			ctx.sandbox.fault({ ...fault, query: { username: order[0] } });
			await ctx.run({ ...BY_SUBUSER, options: { concurrency: 2 } }, { timezone });
			await new Promise((resolve) => setTimeout(resolve, 300)); // the call still under way lands
			const thisRun = ctx.sandbox.queries.slice(ctx.sandbox.queries.findIndex((q) => q.path === SUBUSERS));
			const asked = thisRun.filter((q) => q.path === '/api/v1/stats/traffic').map((q) => String(q.query.username));
			// The call beside the failing one may finish and one more start before the failure is seen.
			expect(order.length).toBeGreaterThan(3);
			expect(asked.every((username) => order.indexOf(username) <= 2)).toBe(true);
		});

		test('with continueOnFail the item becomes one error item, not a partial report', async () => {
			ctx.sandbox.fault(fault);
			const { items } = await ctx.run(BY_SUBUSER, { timezone, continueOnFail: true });
			expect(items).toEqual([{ json: { error: expect.stringMatching(/^Traffic of subuser "john doe": .*Shard down$/) }, pairedItem: { item: 0 } }]);
		});
	});

	test.each([
		[{ options: { concurrency: 21 } }, /"Concurrency"/],
		[{ returnAll: false, limit: -1 }, /"Limit"/],
		[{ filters: { country: 'USA' } }, /"Country"/],
		[{ period: 'lastYear' }, /Period/],
		[{ options: { unit: 'PB' } }, /Unit/],
	])('bad input %p is refused before any request, naming the field', async (parameters, field) => {
		const { error } = await ctx.run({ ...BY_SUBUSER, ...parameters }, { timezone });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(field);
		expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
	});
});

describe('the Subuser dropdown', () => {
	test('lists every subuser of an account with 5,000, in pages of 1,000, disabled ones marked', async () => {
		ctx.sandbox.reset({ subusers: 5000, secrets: true });
		const options = await loadOptions('getSubusers', ctx.store);
		expect(options).toHaveLength(5000);
		const names = options.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).not.toEqual(ctx.sandbox.subusers().map((subuser) => subuser.username));
		expect(subuserPages().map((q) => q.offset)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
		expect(options.find((option) => option.value === 'alice')).toEqual({ name: 'alice', value: 'alice' });
		const disabled = ctx.sandbox.subusers().find((subuser) => !subuser.enabled)!;
		expect(options.find((option) => option.value === disabled.username)).toEqual({ name: disabled.username, value: disabled.username, description: 'Disabled' });
		expect(JSON.stringify(options)).not.toContain('proxy-secret-');
	});

	test('a username typed before the dropdown existed still runs', async () => {
		const { items, error } = await ctx.run({ resource: 'traffic', operation: 'get', filters: { username: 'žygimantas' } }, { timezone });
		expect(error).toBeUndefined();
		expect(items[0].json.username).toBe('žygimantas');
	});
});

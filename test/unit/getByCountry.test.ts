import { customPeriod, statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox({ usedCountries: 40 });
const timezone = 'Europe/Vilnius';
const MARCH = customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59');
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')] as const;
const BY_COUNTRY = { resource: 'traffic', operation: 'getByCountry', ...MARCH };

test('one item per used country, largest first, with shares of the sum, adding up to the total', async () => {
	const { items, error } = await ctx.run(BY_COUNTRY, { timezone });
	expect(error).toBeUndefined();
	const { data } = ctx.sandbox;
	expect(items).toHaveLength(40);
	const expected = data.countries
		.map((country) => ({ country, bytes: data.bytes(...MARCH_MS, { country }) }))
		.sort((a, b) => b.bytes - a.bytes);
	const total = expected.reduce((sum, { bytes }) => sum + bytes, 0);
	expect(total).toBe(data.bytes(...MARCH_MS));
	expect(items.map((item) => [item.json.country, item.json.bytes])).toEqual(expected.map((e) => [e.country, e.bytes]));
	expect(items[0].json).toEqual({
		country: expected[0].country,
		name: new Intl.DisplayNames(['en'], { type: 'region' }).of(expected[0].country),
		bytes: expected[0].bytes,
		traffic: Math.round(expected[0].bytes / 1e6) / 1000,
		unit: 'GB',
		share: Math.round((expected[0].bytes / total) * 10_000) / 10_000,
		start_at: '2026-03-01T00:00:00+02:00',
		end_at: '2026-03-31T23:59:59+03:00',
	});
	const shares = items.reduce((sum, item) => sum + (item.json.share as number), 0);
	expect(Math.abs(shares - 1)).toBeLessThan(40 * 0.00005 + 1e-9);
	expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	expect(ctx.sandbox.count('/api/v1/stats/countries')).toBe(1);
	expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(40);
});

test('passes the period and subuser to every per-country call, and nothing else', async () => {
	await ctx.run({ ...BY_COUNTRY, filters: { username: 'bob' } }, { timezone });
	const calls = ctx.sandbox.queries.filter((q) => q.path === '/api/v1/stats/traffic');
	expect(new Set(calls.map((q) => q.query.country)).size).toBe(40);
	for (const { query } of calls) {
		expect(Object.keys(query).sort()).toEqual(['country', 'end_at', 'start_at', 'username']);
		expect(query.username).toBe('bob');
	}
});

test.each([1, 5, 20])('runs at most %d calls at once, and uses all of them', async (concurrency) => {
	ctx.sandbox.reset({ usedCountries: 40, latencyMs: 25 });
	const { error } = await ctx.run({ ...BY_COUNTRY, options: { concurrency } }, { timezone });
	expect(error).toBeUndefined();
	expect(ctx.sandbox.peakConcurrency()).toBe(concurrency);
});

test('Return All off keeps the Limit largest countries', async () => {
	const { items } = await ctx.run({ ...BY_COUNTRY, returnAll: false, limit: 3 }, { timezone });
	const all = (await ctx.run(BY_COUNTRY, { timezone })).items;
	expect(items.map((item) => item.json)).toEqual(all.slice(0, 3).map((item) => item.json));
});

test('Simplify off gives one item with the API bodies, the total and the filter', async () => {
	const { items } = await ctx.run({ ...BY_COUNTRY, options: { simplify: false } }, { timezone });
	expect(items).toHaveLength(1);
	const { countries, total_bytes, filter } = items[0].json as { countries: Array<{ bytes: number; filter: { country: string } }>; total_bytes: number; filter: object };
	expect(countries).toHaveLength(40);
	expect(countries[0]).toEqual({ bytes: expect.any(Number), filter: expect.objectContaining({ country: expect.any(String) }) });
	expect(total_bytes).toBe(ctx.sandbox.data.bytes(...MARCH_MS));
	expect(filter).toEqual({ start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' });
});

describe('one failing country fails the whole item, naming the country', () => {
	const fault = { path: '/api/v1/stats/traffic', query: { country: 'LT' }, status: 500, body: { error: { code: 'internal', message: 'Shard down' } } };

	test('without continueOnFail the execution fails', async () => {
		ctx.sandbox.fault(fault);
		const { items, error } = await ctx.run(BY_COUNTRY, { timezone });
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/^Traffic of Lithuania \(LT\): .*Shard down$/);
	});

	test('with continueOnFail the item becomes one error item, not a partial report', async () => {
		ctx.sandbox.fault(fault);
		const { items } = await ctx.run(BY_COUNTRY, { timezone, continueOnFail: true, items: [{}] });
		expect(items).toEqual([{ json: { error: expect.stringMatching(/^Traffic of Lithuania \(LT\): .*Shard down$/) }, pairedItem: { item: 0 } }]);
	});
});

test.each([0, -1, 21, 2.5, '={{ "five" }}'])('a concurrency of %p is refused before any request, naming the field', async (concurrency) => {
	const { error } = await ctx.run({ ...BY_COUNTRY, options: { concurrency } }, { timezone });
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toMatch(/"Concurrency"/);
	expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
});

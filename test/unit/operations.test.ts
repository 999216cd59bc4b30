import { customPeriod, useSandbox } from '../harness/setup';
import { loadOptions } from '../harness/n8n';

const ctx = useSandbox();
// March 2026 in Vilnius: the clocks move from +02:00 to +03:00 on the 29th.
const MARCH = customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59');
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')] as const;
const timezone = 'Europe/Vilnius';

describe('traffic → get (Get Total)', () => {
	test('gives one item with the total of the period, in GB by default', async () => {
		const { items, error } = await ctx.run({ resource: 'traffic', operation: 'get', ...MARCH }, { timezone });
		expect(error).toBeUndefined();
		const bytes = ctx.sandbox.data.bytes(...MARCH_MS);
		expect(items).toEqual([
			{
				json: {
					start_at: '2026-03-01T00:00:00+02:00',
					end_at: '2026-03-31T23:59:59+03:00',
					bytes,
					traffic: Math.round(bytes / 1e6) / 1000,
					unit: 'GB',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a Status left in Filters after switching from Request → Get History is not sent: the traffic total has no such filter', async () => {
		const filters = { country: 'de', status: 407, statusNot: 200 };
		const { items, error } = await ctx.run({ resource: 'traffic', operation: 'get', ...MARCH, filters }, { timezone });
		expect(error).toBeUndefined();
		expect(ctx.sandbox.queries.map((q) => q.query)).toEqual([expect.objectContaining({ country: 'DE' })]);
		expect(ctx.sandbox.queries[0].query).not.toHaveProperty('status');
		expect(ctx.sandbox.queries[0].query).not.toHaveProperty('status_not');
		expect(items[0].json).not.toHaveProperty('status');
	});

	test.each([
		['bytes', 1],
		['KB', 1e3],
		['MB', 1e6],
		['GB', 1e9],
		['TB', 1e12],
		['KiB', 1024],
		['MiB', 1024 ** 2],
		['GiB', 1024 ** 3],
		['TiB', 1024 ** 4],
	])('unit %s converts bytes with a factor of %d, rounded to 3 decimals', async (unit, factor) => {
		const { items } = await ctx.run({ resource: 'traffic', operation: 'get', ...MARCH, options: { unit } }, { timezone });
		const bytes = ctx.sandbox.data.bytes(...MARCH_MS);
		expect(items[0].json.unit).toBe(unit);
		expect(items[0].json.traffic).toBeCloseTo(bytes / factor, 3);
		expect(Number((items[0].json.traffic as number).toFixed(3))).toBe(items[0].json.traffic);
	});

	test('filters by country (sent upper-case) and subuser, and names them in the output', async () => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'get', ...MARCH, filters: { country: 'de', username: 'john doe' } },
			{ timezone },
		);
		expect(ctx.sandbox.queries[0].query).toMatchObject({ country: 'DE', username: 'john doe' });
		expect(items[0].json).toMatchObject({
			country: 'DE',
			username: 'john doe',
			bytes: ctx.sandbox.data.bytes(...MARCH_MS, { country: 'DE', username: 'john doe' }),
		});
	});

	test('with Simplify off gives the API body unchanged', async () => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'get', ...MARCH, options: { simplify: false } },
			{ timezone },
		);
		expect(items).toEqual([
			{
				json: {
					bytes: ctx.sandbox.data.bytes(...MARCH_MS),
					filter: { start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('sends no empty optional parameter', async () => {
		await ctx.run({ resource: 'traffic', operation: 'get', ...MARCH, filters: { country: '', username: '' } }, { timezone });
		expect(Object.keys(ctx.sandbox.queries[0].query).sort()).toEqual(['end_at', 'start_at']);
	});
});

describe('traffic → getHistory', () => {
	test('gives one item per bucket, and the buckets add up to the total of the same range', async () => {
		const { items } = await ctx.run({ resource: 'traffic', operation: 'getHistory', ...MARCH }, { timezone });
		expect(items).toHaveLength(31);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const sum = items.reduce((total, item) => total + (item.json.bytes as number), 0);
		expect(sum).toBe(ctx.sandbox.data.bytes(...MARCH_MS));
		expect(items[0].json).toMatchObject({ start_at: '2026-03-01T00:00:00+02:00', interval: 'day', unit: 'GB' });
		for (const { json } of items) {
			expect(json.bytes).toBe(ctx.sandbox.data.bytes(Date.parse(json.start_at as string), Date.parse(json.end_at as string)));
			expect(json.traffic).toBeCloseTo((json.bytes as number) / 1e9, 3);
		}
	});

	test.each(['hour', 'day', 'week', 'auto'])('sends interval %s', async (interval) => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'getHistory', ...customPeriod('2026-03-01T00:00:00', '2026-03-02T23:59:59'), interval },
			{ timezone },
		);
		expect(ctx.sandbox.queries[0].query.interval).toBe(interval);
		expect(items.length).toBe({ hour: 48, day: 2, week: 1, auto: 48 }[interval]);
	});

	test('carries the filter into each bucket', async () => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'getHistory', ...MARCH, filters: { country: 'US', username: 'alice' } },
			{ timezone },
		);
		expect(items[5].json).toMatchObject({ country: 'US', username: 'alice', interval: 'day' });
	});

	test('with Simplify off gives the API body as one item', async () => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'getHistory', ...MARCH, options: { simplify: false } },
			{ timezone },
		);
		expect(items).toHaveLength(1);
		expect((items[0].json.values as unknown[]).length).toBe(31);
		expect(items[0].json.filter).toMatchObject({ interval: 'day' });
	});
});

describe('request → getHistory', () => {
	test('gives one item per bucket with count and amount; status and status_not split the total', async () => {
		const run = (filters = {}) =>
			ctx.run({ resource: 'request', operation: 'getHistory', ...MARCH, interval: 'week', filters }, { timezone });
		const sum = (items: Array<{ json: Record<string, unknown> }>) =>
			items.reduce((total, item) => total + (item.json.amount as number), 0);
		const all = (await run()).items;
		const ok = (await run({ status: 200 })).items;
		const notOk = (await run({ statusNot: 200 })).items;
		expect(all).toHaveLength(5);
		expect(all[0].json).toMatchObject({ interval: 'week', start_at: '2026-03-01T00:00:00+02:00' });
		expect(typeof all[0].json.count).toBe('number');
		expect(sum(all)).toBe(ctx.sandbox.data.requests(...MARCH_MS).amount);
		expect(sum(ok) + sum(notOk)).toBe(sum(all));
		expect(ok[0].json.status).toBe(200);
		expect(notOk[0].json.status_not).toBe(200);
		expect(ctx.sandbox.queries.map((q) => q.query.status ?? q.query.status_not ?? null)).toEqual([null, 200, 200]);
		expect(ctx.sandbox.queries[2].query).toHaveProperty('status_not', 200);
	});

	test('always sends an interval (the spec requires it)', async () => {
		await ctx.run({ resource: 'request', operation: 'getHistory', ...MARCH }, { timezone });
		expect(ctx.sandbox.queries[0].query.interval).toBe('day');
	});
});

describe('country → getAll', () => {
	test('gives one item per used country with its English name', async () => {
		const { items } = await ctx.run({ resource: 'country', operation: 'getAll' });
		expect(items.map((item) => item.json)).toEqual(
			ctx.sandbox.data.countries.map((country) => ({
				country,
				name: new Intl.DisplayNames(['en'], { type: 'region' }).of(country),
			})),
		);
		expect(items[0].json).toEqual({ country: 'US', name: 'United States' });
	});

	test('with Simplify off gives the API body', async () => {
		const { items } = await ctx.run({ resource: 'country', operation: 'getAll', options: { simplify: false } });
		expect(items).toEqual([{ json: { countries: ctx.sandbox.data.countries }, pairedItem: { item: 0 } }]);
	});

	test('the Country filter dropdown lists "Name (CODE)" from the countries endpoint', async () => {
		const options = await loadOptions('getCountries', ctx.store);
		expect(options).toContainEqual({ name: 'United States (US)', value: 'US' });
		expect(options).toHaveLength(ctx.sandbox.data.countries.length);
		const names = options.map((option: { name: string }) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('many input items', () => {
	test('evaluates expressions per item, calls the API once per item and pairs every output', async () => {
		const { items } = await ctx.run(
			{
				resource: 'traffic',
				operation: 'get',
				...MARCH,
				filters: { country: '={{ $json.country }}', username: '={{ $json.user }}' },
				options: { unit: '={{ $json.unit }}' },
			},
			{
				timezone,
				items: [
					{ country: 'us', user: 'alice', unit: 'MB' },
					{ country: 'LT', user: 'žygimantas', unit: 'TiB' },
					{ country: 'JP', user: 'a&b?c#d/e', unit: 'bytes' },
				],
			},
		);
		expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(3);
		expect(items.map((item) => [item.pairedItem, item.json.country, item.json.username, item.json.unit])).toEqual([
			[{ item: 0 }, 'US', 'alice', 'MB'],
			[{ item: 1 }, 'LT', 'žygimantas', 'TiB'],
			[{ item: 2 }, 'JP', 'a&b?c#d/e', 'bytes'],
		]);
		expect(items[2].json.traffic).toBe(ctx.sandbox.data.bytes(...MARCH_MS, { country: 'JP', username: 'a&b?c#d/e' }));
	});

	test('a history per item keeps each bucket paired with its own item', async () => {
		const { items } = await ctx.run(
			{ resource: 'traffic', operation: 'getHistory', ...customPeriod('2026-03-01T00:00:00', '2026-03-03T23:59:59') },
			{ timezone, items: [{}, {}] },
		);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 0, 0, 1, 1, 1].map((item) => ({ item })));
	});
});

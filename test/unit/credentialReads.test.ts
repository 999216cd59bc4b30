/**
 * One credential read per node run (in n8n each read is a database query and a decryption), however many
 * items, countries, subusers or pages the run asks about; and after the API expires the token in the middle
 * of a run, one new login where the requests are sequential, at most one per request in flight where they
 * are parallel, and every request after it sending the new token.
 */
import { loadOptions } from '../harness/n8n';
import { PolledTrigger } from '../harness/poll';
import { customPeriod, useSandbox } from '../harness/setup';

const ctx = useSandbox();
const MARCH = customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59');
const TOTAL = { resource: 'traffic', operation: 'get', ...MARCH };
const items = (count: number) => Array.from({ length: count }, (_, index) => ({ index }));

test('Get Total over 1,000 items: one credential read and one login', async () => {
	const { items: output, error } = await ctx.run(TOTAL, { items: items(1000) });
	expect(error).toBeUndefined();
	expect(output).toHaveLength(1000);
	expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(1000);
	expect([ctx.store.reads, ctx.sandbox.logins()]).toEqual([1, 1]);
});

test('Get by Country over 250 countries: one credential read', async () => {
	ctx.sandbox.reset({ usedCountries: 250 });
	const { items: output } = await ctx.run({ resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 20 } });
	expect(output).toHaveLength(250);
	expect([ctx.store.reads, ctx.sandbox.logins()]).toEqual([1, 1]);
});

test('Get by Subuser over 1,000 subusers (two pages of the list): one credential read', async () => {
	ctx.sandbox.reset({ subusers: 1000 });
	const { items: output } = await ctx.run({ resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { concurrency: 20 } });
	expect(output).toHaveLength(1000);
	expect(ctx.sandbox.count('/api/v1/reseller/subusers')).toBe(2);
	expect([ctx.store.reads, ctx.sandbox.logins()]).toEqual([1, 1]);
});

test('a trigger poll and a dropdown load over three pages of subusers: one credential read each', async () => {
	ctx.sandbox.reset({ subusers: 2500 });
	const polled = new PolledTrigger({ parameters: { event: 'subuserLimitReached' }, store: ctx.store });
	expect((await polled.poll()).error).toBeUndefined();
	expect(ctx.sandbox.count('/api/v1/reseller/subusers')).toBe(3);
	expect(ctx.store.reads).toBe(1);
	expect(await loadOptions('getSubusers', ctx.store)).toHaveLength(2500);
	expect(ctx.sandbox.count('/api/v1/reseller/subusers')).toBe(6);
	expect([ctx.store.reads, ctx.sandbox.logins()]).toEqual([2, 1]);
});

test('every poll of an activation reads the credential anew, though n8n hands them the same context', async () => {
	const polled = new PolledTrigger({ parameters: { event: 'subuserLimitReached' }, store: ctx.store });
	expect((await polled.activate()).error).toBeUndefined();
	expect((await polled.poll()).error).toBeUndefined();
	expect(ctx.store.reads).toBe(2);
	// the password changed while the workflow is active, and the token expired: the next poll logs in with the new one
	ctx.store.data = { ...ctx.store.data, password: 'changed-while-active' };
	ctx.sandbox.expireTokens();
	expect((await polled.poll()).error?.message).toMatch(/Invalid username or password/);
	expect(ctx.store.reads).toBe(3);
});

test('the token expires in the middle of a run of sequential requests: one new login, and every later request sends the new token', async () => {
	const countries = ['US', 'DE', 'LT', 'GB', 'FR'];
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', query: { country: 'LT' }, expireTokens: true, times: 1 });
	const { items: output, error } = await ctx.run({ ...TOTAL, filters: { country: '={{ $json.country }}' } }, { items: countries.map((country) => ({ country })) });
	expect(error).toBeUndefined();
	expect(output.map((item) => item.json.country)).toEqual(countries);
	// LT's request answered 401 once; after the login, LT's retry and GB's and FR's requests were accepted
	expect([ctx.sandbox.count('401'), ctx.sandbox.logins(), ctx.store.reads]).toEqual([1, 2, 1]);
	expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(countries.length + 1);
});

test('the token expires while five requests are in flight: at most one new login per request in flight, none after', async () => {
	ctx.sandbox.reset({ usedCountries: 60, latencyMs: 20 });
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', query: { country: 'LT' }, expireTokens: true, times: 1 });
	const { items: output, error } = await ctx.run({ resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 5 } });
	expect(error).toBeUndefined();
	expect(output).toHaveLength(60);
	const rejected = ctx.sandbox.count('401');
	expect(rejected).toBeGreaterThanOrEqual(1);
	expect(rejected).toBeLessThanOrEqual(5);
	// each rejected request logged in once and was retried; no request after the logins was rejected
	expect(ctx.sandbox.logins()).toBe(1 + rejected);
	expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(60 + rejected);
	expect(ctx.store.reads).toBe(1);
});

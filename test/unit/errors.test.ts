/**
 * How failures behave: the login and its token, what is retried and what is not, what fails and when, what
 * continues. The words a user reads for each failure are asserted in test/unit/failureMessages.test.ts only.
 */
import type { IDataObject } from 'n8n-workflow';

import { customPeriod, statsCalls, useSandbox } from '../harness/setup';
import { leakedSecrets } from '../harness/n8n';

const ctx = useSandbox();
const TRAFFIC = { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') };
const HISTORY = { ...TRAFFIC, operation: 'getHistory' };
/** The code n8n shows with an error: the HTTP status, or the network error's code. */
const httpCodeOf = (error: unknown) => (error as { httpCode?: string | null } | undefined)?.httpCode;
const apiError = (status: number, code: string, message: string, extra = {}) => ({
	error: { code, message, ...extra },
	status,
	path: '/api/v1/stats/traffic',
});

describe('login and the session token', () => {
	test('one login serves every item and every later execution: the token is kept', async () => {
		await ctx.run(TRAFFIC, { items: [{}, {}, {}] });
		await ctx.run(HISTORY);
		expect(ctx.sandbox.logins()).toBe(1);
		expect(ctx.sandbox.count('401')).toBe(0);
		expect(ctx.store.data.sessionToken).toBe(ctx.sandbox.issuedTokens.at(-1));
	});

	test('an expired token: the API answers 401, n8n logs in once more and the call is retried', async () => {
		await ctx.run(TRAFFIC);
		ctx.sandbox.expireTokens();
		const { items, error } = await ctx.run(TRAFFIC, { items: [{}, {}] });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(ctx.sandbox.logins()).toBe(2);
		expect(ctx.sandbox.count('401')).toBe(1);
		expect(ctx.store.data.sessionToken).toBe(ctx.sandbox.issuedTokens.at(-1));
		expect(ctx.store.tokens).toHaveLength(2);
	});

	test('a 401 again right after the new login fails cleanly, without a loop', async () => {
		await ctx.run(TRAFFIC);
		ctx.sandbox.fault({
			path: '/api/v1/stats/traffic',
			status: 401,
			body: apiError(401, 'unauthorized', 'Token is invalid or expired'),
			times: 2,
		});
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(httpCodeOf(error)).toBe('401');
		expect(ctx.sandbox.logins()).toBe(2);
		expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(3);
	});

	test('a wrong password says the login failed, with the API message, and is tried once', async () => {
		ctx.store.data.password = 'not-the-password';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/Invalid username or password/);
		expect(ctx.sandbox.logins()).toBe(1);
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login endpoint failing with 500', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', status: 500, body: apiError(500, 'internal', 'Database unavailable') });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/Database unavailable/);
		expect(ctx.sandbox.logins()).toBe(1);
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login answering 200 without a token', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', status: 200, body: { session: 'x' } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(ctx.store.data.sessionToken).toBe('');
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login hanging fails after the login timeout (10 s) instead of holding the execution', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', hang: true });
		const started = Date.now();
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(statsCalls(ctx.sandbox)).toBe(0);
	}, 30_000);
});

describe('API failures become one NodeApiError with the HTTP status, the item failing, nothing retried', () => {
	// [the failure, the fault, the endpoint's operation, the status n8n shows] (the words: failureMessages.test.ts)
	const FAILURES: Array<[string, Parameters<typeof ctx.sandbox.fault>[0], IDataObject, string | null]> = [
		['400 with field errors', { path: '/api/v1/stats/traffic', status: 400, body: apiError(400, 'invalid_parameters', 'Invalid query parameters', { fields: { start_at: { code: 'invalid', message: 'too far in the past' } } }) }, TRAFFIC, '400'],
		['429 with Retry-After', { path: '/api/v1/stats/traffic', status: 429, body: apiError(429, 'rate_limited', 'Too many requests'), headers: { 'retry-after': '30' } }, TRAFFIC, '429'],
		['500 with the Error schema', { path: '/api/v1/stats/traffic', status: 500, body: apiError(500, 'internal', 'Something broke', { detail: 'try later' }) }, TRAFFIC, '500'],
		['502 with an HTML page', { path: '/api/v1/stats/traffic', status: 502, body: '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>', headers: { 'content-type': 'text/html' } }, TRAFFIC, '502'],
		['200 with a body that is not JSON', { path: '/api/v1/stats/traffic', status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } }, TRAFFIC, null],
		['200 without bytes', { path: '/api/v1/stats/traffic', status: 200, body: { filter: {} } }, TRAFFIC, null],
		['200 without values', { path: '/api/v1/stats/traffic/history', status: 200, body: { filter: {} } }, HISTORY, null],
		['200 with a bucket missing its bytes', { path: '/api/v1/stats/traffic/history', status: 200, body: { values: [{ start_at: '2026-03-01T00:00:00Z', end_at: '2026-03-01T23:59:59Z' }], filter: {} } }, HISTORY, null],
	];

	test.each(FAILURES)('%s', async (_what, fault, parameters, httpCode) => {
		ctx.sandbox.fault(fault);
		const { error, items } = await ctx.run(parameters);
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(httpCodeOf(error)).toBe(httpCode);
		expect(error?.context.itemIndex).toBe(0);
		expect(ctx.sandbox.count(fault.path)).toBe(1);
	});

	test('404 for an unknown subuser, as the API answers it', async () => {
		const { error } = await ctx.run({ ...TRAFFIC, filters: { username: 'nobody' } });
		expect(error?.name).toBe('NodeApiError');
		expect(httpCodeOf(error)).toBe('404');
		expect(error?.message).toMatch(/"nobody"/);
	});

	test('a response that never finishes fails the item after Options → Timeout', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', hang: true });
		const started = Date.now();
		const { error } = await ctx.run({ ...TRAFFIC, options: { timeout: 500 } });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/500 ms/);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	test('an answer whose headers come too late fails the same way', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', delayMs: 3_000, times: 1 });
		const started = Date.now();
		const { error } = await ctx.run({ ...TRAFFIC, options: { timeout: 300 } });
		expect(error?.message).toMatch(/300 ms/);
		expect(Date.now() - started).toBeLessThan(2_500);
	});

	test('a slow answer within the timeout succeeds', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', delayMs: 200, times: 1 });
		const { error, items } = await ctx.run({ ...TRAFFIC, options: { timeout: 2_000 } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});

	test('an API that cannot be reached fails at the login, naming the address', async () => {
		ctx.store.data.baseUrl = 'http://127.0.0.1:9';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/http:\/\/127\.0\.0\.1:9/);
		expect(ctx.store.preAuthenticationCalls).toBe(1);
	});
});

test('continueOnFail: an API failure becomes an error item paired with its input, the rest go on', async () => {
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: apiError(500, 'internal', 'Something broke'), times: 1 });
	const { items, error } = await ctx.run(TRAFFIC, { continueOnFail: true, items: [{}, {}, {}] });
	expect(error).toBeUndefined();
	expect(items[0]).toEqual({ json: { error: expect.stringMatching(/Something broke/) }, pairedItem: { item: 0 } });
	expect(items.slice(1).map((item) => [item.pairedItem, typeof item.json.bytes])).toEqual([
		[{ item: 1 }, 'number'],
		[{ item: 2 }, 'number'],
	]);
});

describe('secrets', () => {
	test('the leak check finds a token or password wherever it is (so the check on every run can fail)', () => {
		expect(leakedSecrets(['{"error":"Bearer abc.def.ghi"}', 'log line'], ['abc.def.ghi', 'pw'])).toEqual(['abc.def.ghi']);
		expect(leakedSecrets(['nothing here'], ['abc.def.ghi', 'pw'])).toEqual([]);
	});

	test("the check sees what n8n logs during a run (here, the node's error)", async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: apiError(500, 'internal', 'Logged failure') });
		const { logs } = await ctx.run(TRAFFIC);
		expect(logs.join('')).toContain('Logged failure');
	});

	test('a run that did leak would be failed by the harness', async () => {
		await ctx.run(TRAFFIC);
		const token = ctx.store.tokens[0];
		await expect(ctx.run({ ...TRAFFIC, filters: { username: `={{ "${token}" }}` } })).rejects.toThrow(/A secret was shown by the run/);
	});
});

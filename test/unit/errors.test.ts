import { customPeriod, statsCalls, useSandbox } from '../harness/setup';
import { leakedSecrets } from '../harness/n8n';

const ctx = useSandbox();
const TRAFFIC = { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') };
const HISTORY = { ...TRAFFIC, operation: 'getHistory' };
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
		expect(error?.message).toBe('GoProxies API error: Token is invalid or expired');
		expect(error?.description).toMatch(/refused the session even right after a new login/);
		expect(ctx.sandbox.logins()).toBe(2);
		expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(3);
	});

	test('a wrong password says the login failed, with the API message, and is tried once', async () => {
		ctx.store.data.password = 'not-the-password';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: Invalid username or password');
		expect(error?.description).toMatch(/Check the username, password and API Base URL/);
		expect(ctx.sandbox.logins()).toBe(1);
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login endpoint failing with 500', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', status: 500, body: apiError(500, 'internal', 'Database unavailable') });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: Database unavailable');
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login answering 200 without a token', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', status: 200, body: { session: 'x' } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: the API answered without a token');
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test('the login hanging fails after the login timeout (10 s) instead of holding the execution', async () => {
		ctx.sandbox.fault({ path: '/api/v1/login', hang: true });
		const started = Date.now();
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe(`GoProxies login failed: no answer from ${ctx.sandbox.url} within 10 s`);
		expect(Date.now() - started).toBeLessThan(20_000);
	}, 30_000);
});

describe('API failures become one clear NodeApiError', () => {
	test('400 with field errors: the API message and code, and each field named', async () => {
		ctx.sandbox.fault({
			path: '/api/v1/stats/traffic',
			status: 400,
			body: apiError(400, 'invalid_parameters', 'Invalid query parameters', {
				fields: { start_at: { code: 'invalid', message: 'too far in the past' }, country: { code: 'invalid', message: 'unknown country' } },
			}),
		});
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('GoProxies API error: Invalid query parameters');
		expect(error?.description).toBe(
			'HTTP 400, code "invalid_parameters". Invalid fields: start_at: too far in the past; country: unknown country',
		);
		expect((error as unknown as { httpCode: string }).httpCode).toBe('400');
	});

	test('404 for an unknown subuser', async () => {
		const { error } = await ctx.run({ ...TRAFFIC, filters: { username: 'nobody' } });
		expect(error?.message).toBe('GoProxies API error: Subuser "nobody" not found');
		expect(error?.description).toBe('HTTP 404, code "subuser_not_found"');
	});

	test('429 with Retry-After says how long to wait', async () => {
		ctx.sandbox.fault({
			path: '/api/v1/stats/traffic',
			status: 429,
			body: apiError(429, 'rate_limited', 'Too many requests'),
			headers: { 'retry-after': '30' },
		});
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies API error: Too many requests');
		expect(error?.description).toMatch(/the API asks to wait 30 seconds/);
		expect(error?.description).toMatch(/Retry On Fail/);
	});

	test('500 with the Error schema', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: apiError(500, 'internal', 'Something broke', { detail: 'try later' }) });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies API error: Something broke');
		expect(error?.description).toBe('HTTP 500, code "internal". try later');
	});

	test('502 with an HTML page: a clear message, not a parse crash', async () => {
		ctx.sandbox.fault({
			path: '/api/v1/stats/traffic',
			status: 502,
			body: '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
			headers: { 'content-type': 'text/html' },
		});
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The GoProxies API failed with HTTP 502 and a non-JSON body');
		expect(error?.description).toMatch(/502 Bad Gateway nginx/);
	});

	test('200 with a body that is not JSON', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('The GoProxies API answered /api/v1/stats/traffic without the expected data');
		expect(error?.description).toMatch(/Expected "bytes" \(a number\), got a non-JSON body: OK/);
	});

	test('200 without bytes', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 200, body: { filter: {} } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.description).toMatch(/Expected "bytes" \(a number\), got JSON without it \(keys: filter\)/);
	});

	test('200 without values', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic/history', status: 200, body: { filter: {} } });
		const { error } = await ctx.run(HISTORY);
		expect(error?.message).toBe('The GoProxies API answered /api/v1/stats/traffic/history without the expected data');
	});

	test('200 with a bucket missing its bytes', async () => {
		ctx.sandbox.fault({
			path: '/api/v1/stats/traffic/history',
			status: 200,
			body: { values: [{ start_at: '2026-03-01T00:00:00Z', end_at: '2026-03-01T23:59:59Z' }], filter: {} },
		});
		const { error } = await ctx.run(HISTORY);
		expect(error?.description).toMatch(/Expected "values" \(a list of buckets with start_at, end_at and bytes\)/);
	});

	test('a response that never finishes fails the item after Options → Timeout', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', hang: true });
		const started = Date.now();
		const { error } = await ctx.run({ ...TRAFFIC, options: { timeout: 500 } });
		expect(error?.message).toBe('The GoProxies API did not answer within 500 ms (/api/v1/stats/traffic)');
		expect(error?.description).toMatch(/Retry On Fail/);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	test('an answer whose headers come too late fails the same way', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', delayMs: 3_000, times: 1 });
		const { error } = await ctx.run({ ...TRAFFIC, options: { timeout: 300 } });
		expect(error?.message).toBe('The GoProxies API did not answer within 300 ms (/api/v1/stats/traffic)');
	});

	test('a slow answer within the timeout succeeds', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', delayMs: 200, times: 1 });
		const { error, items } = await ctx.run({ ...TRAFFIC, options: { timeout: 2_000 } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});

	test('an API that cannot be reached', async () => {
		ctx.store.data.baseUrl = 'http://127.0.0.1:9';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: could not connect to http://127.0.0.1:9 (connection refused)');
	});
});

test('continueOnFail: an API failure becomes an error item paired with its input, the rest go on', async () => {
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: apiError(500, 'internal', 'Something broke'), times: 1 });
	const { items, error } = await ctx.run(TRAFFIC, { continueOnFail: true, items: [{}, {}, {}] });
	expect(error).toBeUndefined();
	expect(items[0]).toEqual({ json: { error: 'GoProxies API error: Something broke' }, pairedItem: { item: 0 } });
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
		expect(logs.join('')).toContain('GoProxies API error: Logged failure');
	});

	test('a run that did leak would be failed by the harness', async () => {
		await ctx.run(TRAFFIC);
		const token = ctx.store.tokens[0];
		await expect(ctx.run({ ...TRAFFIC, filters: { username: `={{ "${token}" }}` } })).rejects.toThrow(/A secret was shown by the run/);
	});
});

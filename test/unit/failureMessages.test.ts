/**
 * What a user reads when something fails: the exact message and description for each way the login and
 * the statistics calls can fail. This file is the one place where their wording is asserted (that of bad
 * parameters: test/unit/validation.test.ts); other tests assert how failures behave. Real faults come from the sandbox and from raw sockets on 127.0.0.1;
 * failures that n8n's HTTP client raises only in situations no local server can stage (a connect
 * timeout, undici's timeout codes, a TLS error) are raised by the client in their real shape: an Error
 * carrying `code`, `message` and `response`, as axios and undici throw them.
 */
import { createServer, type Server } from 'node:net';

import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, UserError } from 'n8n-workflow';

import { GoProxiesApi } from '../../credentials/GoProxiesApi.credentials';
import { CredentialStore, loadOptions } from '../harness/n8n';
import { customPeriod, statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
const TRAFFIC = { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') };
const PRODUCTION = 'https://api.goproxies.com';
const TIMEOUT_HINT = 'Try again later, raise Options → Timeout, or turn on the node setting "Retry On Fail"';
const NETWORK_HINT = 'Check the API Base URL in the credential and the network connection of your n8n instance';
const LOGIN_HINT = 'Check the username, password and API Base URL in the GoProxies credential';
/** The code n8n shows with an error: the HTTP status, or the network error's code. */
const httpCodeOf = (error: unknown) => (error as { httpCode?: string | null } | undefined)?.httpCode;

/** An error as n8n's HTTP client throws it. */
function clientError(fields: { message?: string; code?: string; response?: IDataObject }) {
	const error = new Error(fields.message);
	return Object.assign(error, fields.code ? { code: fields.code } : {}, fields.response ? { response: fields.response } : {});
}

/** The credential's login, with an HTTP client that fails with `thrown`. */
async function loginFailure(thrown: unknown, credential: ICredentialDataDecryptedObject = { baseUrl: PRODUCTION }) {
	const client = { helpers: { httpRequest: async () => await Promise.reject(thrown) } } as unknown as IHttpRequestHelper;
	return await new GoProxiesApi().preAuthentication.call(client, { username: 'user', password: 'pass', ...credential }).then(
		() => {
			throw new Error('the login did not fail');
		},
		(error: Error) => error,
	);
}

// [the failure, what n8n's HTTP client threw, why the user is told the login failed]
const LOGIN_FAILURES: Array<[string, unknown, string]> = [
	['axios timing out', clientError({ code: 'ECONNABORTED', message: 'timeout of 10000ms exceeded' }), `no answer from ${PRODUCTION} within 10 s`],
	['the timeout code ECONNABORTED alone', clientError({ code: 'ECONNABORTED' }), `no answer from ${PRODUCTION} within 10 s`],
	['the timeout code ETIMEDOUT alone', clientError({ code: 'ETIMEDOUT' }), `no answer from ${PRODUCTION} within 10 s`],
	["undici's headers timeout code alone", clientError({ code: 'UND_ERR_HEADERS_TIMEOUT' }), `no answer from ${PRODUCTION} within 10 s`],
	["undici's body timeout code alone", clientError({ code: 'UND_ERR_BODY_TIMEOUT' }), `no answer from ${PRODUCTION} within 10 s`],
	['a message saying "Timeout", without a code', clientError({ message: 'Headers Timeout Error' }), `no answer from ${PRODUCTION} within 10 s`],
	['a message saying "timed out", without a code', clientError({ message: 'Request TIMED OUT' }), `no answer from ${PRODUCTION} within 10 s`],
	['a body cut short (axios: ERR_BAD_RESPONSE, "stream has been aborted")', clientError({ code: 'ERR_BAD_RESPONSE', message: 'stream has been Aborted', response: { status: 200 } }), `no answer from ${PRODUCTION} within 10 s`],
	['"aborted" without ERR_BAD_RESPONSE is no timeout', clientError({ code: 'ERR_CANCELED', message: 'aborted' }), `could not reach ${PRODUCTION}`],
	['ERR_BAD_RESPONSE without "aborted" is no timeout', clientError({ code: 'ERR_BAD_RESPONSE', message: 'Request failed with status code 502', response: { status: 502 } }), 'the API answered HTTP 502'],
	['the connection refused', clientError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.1.2.3:443' }), `could not connect to ${PRODUCTION} (connection refused)`],
	['the code ECONNREFUSED alone', clientError({ code: 'ECONNREFUSED' }), `could not connect to ${PRODUCTION} (connection refused)`],
	['ECONNREFUSED only in the message', clientError({ message: 'request failed: connect ECONNREFUSED ::1:443' }), `could not connect to ${PRODUCTION} (connection refused)`],
	['the API\'s own message', clientError({ response: { status: 403, data: { error: { code: 'forbidden', message: 'Account suspended' } } } }), 'Account suspended'],
	['an API message that is empty', clientError({ response: { status: 401, data: { error: { message: '' } } } }), 'the API answered HTTP 401'],
	['an API message that is not text', clientError({ response: { status: 400, data: { error: { message: { text: 'no' } } } } }), 'the API answered HTTP 400'],
	['an answer without the Error schema', clientError({ response: { status: 503, data: 'Service Unavailable' } }), 'the API answered HTTP 503'],
	['a response without a status', clientError({ message: 'bad', response: { data: { error: { code: 'x' } } } }), `could not reach ${PRODUCTION}`],
	['an error with no details at all', clientError({}), `could not reach ${PRODUCTION}`],
	['nothing thrown but undefined', undefined, `could not reach ${PRODUCTION}`],
	['nothing thrown but null', null, `could not reach ${PRODUCTION}`],
];

describe('a failed login says why, in one line that starts with "GoProxies login failed"', () => {
	test.each(LOGIN_FAILURES)('%s', async (_what, thrown, reason) => {
		const error = await loginFailure(thrown);
		expect(error.message).toBe(`GoProxies login failed: ${reason}`);
		expect(error).not.toHaveProperty('response'); // so that n8n does not take a failed login for an expired token
	});

	test('names the API Base URL as the credential normalised it', async () => {
		const error = await loginFailure(clientError({ code: 'ECONNREFUSED' }), { baseUrl: 'http://localhost:8080/' });
		expect(error.message).toBe('GoProxies login failed: could not connect to http://localhost:8080 (connection refused)');
	});
});

/** A raw server on 127.0.0.1 that answers every connection with `answer`. */
async function rawServer(answer: (socket: import('node:net').Socket) => void): Promise<Server & { url: string }> {
	const server = createServer((socket) => socket.once('data', () => answer(socket)));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

const closeAfterHeaders = (socket: import('node:net').Socket) =>
	socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"bytes": ');

describe('the login against real faults', () => {
	test('a wrong password: the API\'s words', async () => {
		ctx.store.data.password = 'not-the-password';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: Invalid username or password');
		expect(error?.description).toBe(LOGIN_HINT);
	});

	test('nothing listening at the address', async () => {
		ctx.store.data.baseUrl = 'http://127.0.0.1:9';
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: could not connect to http://127.0.0.1:9 (connection refused)');
		expect(error?.description).toBe(LOGIN_HINT);
	});

	test('the server closing the connection at once', async () => {
		const server = await rawServer((socket) => socket.destroy());
		ctx.store.data.baseUrl = server.url;
		const { error } = await ctx.run(TRAFFIC);
		server.close();
		expect(error?.message).toBe(`GoProxies login failed: could not reach ${server.url}`);
		expect(error?.description).toBe(LOGIN_HINT);
	});

	test('a login body cut short reads as no answer, the way axios reports it', async () => {
		const server = await rawServer(closeAfterHeaders);
		ctx.store.data.baseUrl = server.url;
		const { error } = await ctx.run(TRAFFIC);
		server.close();
		expect(error?.message).toBe(`GoProxies login failed: no answer from ${server.url} within 10 s`);
	});

	test.each([
		['an HTML error page', 502, '<html><body>Bad Gateway</body></html>', 'the API answered HTTP 502'],
		['an empty body', 503, '', 'the API answered HTTP 503'],
		['the Error schema with an empty message', 500, { error: { code: 'internal', message: '' } }, 'the API answered HTTP 500'],
		['the Error schema with a message', 500, { error: { code: 'internal', message: 'Database unavailable' } }, 'Database unavailable'],
	])('the login endpoint answering with %s', async (_what, status, body, reason) => {
		ctx.sandbox.fault({ path: '/api/v1/login', status, body });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe(`GoProxies login failed: ${reason}`);
		expect(error?.description).toBe(LOGIN_HINT);
		expect(error?.context.itemIndex).toBe(0);
		expect(httpCodeOf(error)).toBeNull();
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});

	test.each([
		['an empty token', { token: '' }],
		['a token that is not text', { token: 12345 }],
		['JSON null', 'null'],
		['an empty body', ''],
		['an object without a token', { session: 'x' }],
	])('a login answered 200 with %s has no token', async (_what, body) => {
		ctx.sandbox.fault({ path: '/api/v1/login', status: 200, body, headers: { 'content-type': 'application/json' } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('GoProxies login failed: the API answered without a token');
		expect(ctx.store.data.sessionToken).toBe('');
		expect(statsCalls(ctx.sandbox)).toBe(0);
	});
});

/**
 * A credential that already holds a token, so that no login is needed, and whose requests fail in the
 * HTTP client with `thrown`; it keeps the options each request was sent with.
 */
class FailingClient extends CredentialStore {
	sent: IHttpRequestOptions[] = [];

	constructor(
		data: ICredentialDataDecryptedObject,
		private readonly thrown: Error,
	) {
		super({ ...data, sessionToken: 'token-from-an-earlier-login' });
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		this.sent.push(options);
		throw this.thrown;
	}
}

const failingRun = async (thrown: Error, parameters: IDataObject = TRAFFIC) => {
	const store = new FailingClient({ ...ctx.sandbox.account, baseUrl: ctx.sandbox.url }, thrown);
	return { store, ...(await ctx.run(parameters, { store })) };
};

// [the failure, what n8n's HTTP client threw]: each one means the API did not answer in time
const TIMEOUTS: Array<[string, Error]> = [
	['axios timing out', clientError({ code: 'ECONNABORTED', message: 'timeout of 700ms exceeded' })],
	['the code ECONNABORTED alone', clientError({ code: 'ECONNABORTED' })],
	['the code ETIMEDOUT alone', clientError({ code: 'ETIMEDOUT' })],
	["undici's headers timeout code alone", clientError({ code: 'UND_ERR_HEADERS_TIMEOUT' })],
	["undici's body timeout code alone", clientError({ code: 'UND_ERR_BODY_TIMEOUT' })],
	['"Timeout" in the message only', clientError({ message: 'Body Timeout Error' })],
	['"timed out" in the message only', clientError({ message: 'operation Timed Out' })],
	['a body cut short (ERR_BAD_RESPONSE, "aborted")', clientError({ code: 'ERR_BAD_RESPONSE', message: 'stream has been ABORTED', response: { status: 200 } })],
];

describe('a statistics call that gets no answer in time names the timeout and the endpoint', () => {
	test.each(TIMEOUTS)('%s', async (_what, thrown) => {
		const { error } = await failingRun(thrown, { ...TRAFFIC, options: { timeout: 700 } });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The GoProxies API did not answer within 700 ms (/api/v1/stats/traffic)');
		expect(error?.description).toBe(TIMEOUT_HINT);
		expect(error?.context.itemIndex).toBe(0);
		expect(httpCodeOf(error)).toBeNull();
	});

	test('the Country dropdown waits the default 30 s, and says so when that runs out', async () => {
		const store = new FailingClient({ ...ctx.sandbox.account, baseUrl: ctx.sandbox.url }, clientError({ code: 'ETIMEDOUT' }));
		await expect(loadOptions('getCountries', store)).rejects.toMatchObject({
			message: 'The GoProxies API did not answer within 30000 ms (/api/v1/stats/countries)',
			description: TIMEOUT_HINT,
		});
		expect(store.sent.map(({ method, url, timeout, qs }) => ({ method, url, timeout, qs }))).toEqual([
			{ method: 'GET', url: `${ctx.sandbox.url}/api/v1/stats/countries`, timeout: 30_000, qs: {} },
		]);
	});

	test('the real thing: headers that come too late, and a body that never ends', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', delayMs: 2_000, times: 1 });
		ctx.sandbox.fault({ path: '/api/v1/stats/countries', hang: true, times: 1 });
		const late = await ctx.run({ ...TRAFFIC, options: { timeout: 300 } });
		const endless = await ctx.run({ resource: 'country', operation: 'getAll', options: { timeout: 300 } });
		expect([late.error?.message, endless.error?.message]).toEqual([
			'The GoProxies API did not answer within 300 ms (/api/v1/stats/traffic)',
			'The GoProxies API did not answer within 300 ms (/api/v1/stats/countries)',
		]);
	});

	test('a body cut short by the server reads the same way (axios reports it like a body timeout)', async () => {
		const server = await rawServer(closeAfterHeaders);
		const store = new CredentialStore({ ...ctx.sandbox.account, baseUrl: server.url, sessionToken: 'token-from-an-earlier-login' });
		const { error } = await ctx.run({ ...TRAFFIC, options: { timeout: 5_000 } }, { store });
		server.close();
		expect(error?.message).toBe('The GoProxies API did not answer within 5000 ms (/api/v1/stats/traffic)');
	});
});

describe('a statistics call that cannot reach the API', () => {
	const tokenFor = (baseUrl: string) => new CredentialStore({ ...ctx.sandbox.account, baseUrl, sessionToken: 'token-from-an-earlier-login' });

	test('refused: n8n words the message from the code, the node says what to check', async () => {
		const { error } = await ctx.run(TRAFFIC, { store: tokenFor('http://127.0.0.1:9') });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect(error?.description).toBe(NETWORK_HINT);
		expect(httpCodeOf(error)).toBe('ECONNREFUSED');
	});

	test('closed at once by the server', async () => {
		const server = await rawServer((socket) => socket.destroy());
		const { error } = await ctx.run(TRAFFIC, { store: tokenFor(server.url) });
		server.close();
		expect(error?.message).toBe(
			'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
		);
		expect(error?.description).toBe(NETWORK_HINT);
	});

	test('a failure n8n has no wording for keeps the client\'s message and its code', async () => {
		const { error } = await failingRun(clientError({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }));
		expect(error?.message).toBe('Could not reach the GoProxies API: certificate has expired');
		expect(error?.description).toBe(NETWORK_HINT);
		expect(error?.context.itemIndex).toBe(0);
		expect(httpCodeOf(error)).toBe('CERT_HAS_EXPIRED');
	});

	test('a failure without a code', async () => {
		const { error } = await failingRun(clientError({ message: 'self-signed certificate' }));
		expect(error?.message).toBe('Could not reach the GoProxies API: self-signed certificate');
		expect(httpCodeOf(error)).toBeNull();
	});
});

const apiError = (status: number, error: IDataObject) => ({ error, status, path: '/api/v1/stats/traffic' });

// [the answer, status, body, headers, the message, the description]
const API_ANSWERS: Array<[string, number, unknown, Record<string, string>, string, string]> = [
	[
		'an empty body',
		503, '', {},
		'The GoProxies API failed with HTTP 503 and no error details',
		'/api/v1/stats/traffic answered HTTP 503 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'a body of blanks',
		503, ' \n ', {},
		'The GoProxies API failed with HTTP 503 and no error details',
		'/api/v1/stats/traffic answered HTTP 503 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'JSON without the Error schema',
		500, { message: 'oops' }, {},
		'The GoProxies API failed with HTTP 500 and no error details',
		'/api/v1/stats/traffic answered HTTP 500 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'an "error" that is a list',
		500, { error: [{ message: 'oops' }] }, {},
		'The GoProxies API failed with HTTP 500 and no error details',
		'/api/v1/stats/traffic answered HTTP 500 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'an "error" that is text',
		500, { error: 'oops' }, {},
		'The GoProxies API failed with HTTP 500 and no error details',
		'/api/v1/stats/traffic answered HTTP 500 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'an HTML page with markup and runs of blanks',
		502, '<html>\n<head><title>502</title></head>\n<body>  <h1>Bad   Gateway</h1></body></html>', { 'content-type': 'text/html' },
		'The GoProxies API failed with HTTP 502 and a non-JSON body',
		'/api/v1/stats/traffic answered HTTP 502 with a non-JSON body: 502 Bad Gateway. This is usually temporary: try again later or turn on "Retry On Fail"',
	],
	[
		'a page of exactly 200 characters, shown whole',
		500, 'x'.repeat(200), {},
		'The GoProxies API failed with HTTP 500 and a non-JSON body',
		`/api/v1/stats/traffic answered HTTP 500 with a non-JSON body: ${'x'.repeat(200)}. This is usually temporary: try again later or turn on "Retry On Fail"`,
	],
	[
		'a page longer than 200 characters, cut at 200',
		500, `${'y'.repeat(200)}z`, {},
		'The GoProxies API failed with HTTP 500 and a non-JSON body',
		`/api/v1/stats/traffic answered HTTP 500 with a non-JSON body: ${'y'.repeat(200)}…. This is usually temporary: try again later or turn on "Retry On Fail"`,
	],
	[
		'the Error schema with a message, a code and a detail',
		500, apiError(500, { code: 'internal', message: 'Something broke', detail: 'try later' }), {},
		'GoProxies API error: Something broke',
		'HTTP 500, code "internal". try later',
	],
	[
		'field errors with their messages',
		400, apiError(400, { code: 'invalid_parameters', message: 'Invalid query parameters', fields: { start_at: { code: 'invalid', message: 'too far in the past' }, country: { code: 'invalid', message: 'unknown country' } } }), {},
		'GoProxies API error: Invalid query parameters',
		'HTTP 400, code "invalid_parameters". Invalid fields: start_at: too far in the past; country: unknown country',
	],
	[
		'the Error schema without a message',
		500, apiError(500, { code: 'internal' }), {},
		'GoProxies API error: HTTP 500',
		'HTTP 500, code "internal"',
	],
	[
		'an empty message, a code that is not text, an empty detail and no fields',
		500, apiError(500, { code: 7, message: '', detail: '', fields: {} }), {},
		'GoProxies API error: HTTP 500',
		'HTTP 500',
	],
	[
		'a message that is not text and a detail that is not text',
		500, apiError(500, { message: 42, detail: 42 }), {},
		'GoProxies API error: HTTP 500',
		'HTTP 500',
	],
	[
		'fields without messages, and fields that are not a map',
		400, apiError(400, { code: 'invalid_parameters', message: 'Invalid query parameters', fields: { start_at: { code: 'invalid' }, country: 'bad', status: null } }), {},
		'GoProxies API error: Invalid query parameters',
		'HTTP 400, code "invalid_parameters". Invalid fields: start_at; country; status',
	],
	[
		'fields given as a list',
		400, apiError(400, { message: 'Invalid query parameters', fields: ['start_at'] }), {},
		'GoProxies API error: Invalid query parameters',
		'HTTP 400',
	],
	[
		'a 401 after the new login, with the detail',
		401, apiError(401, { code: 'unauthorized', message: 'Token is invalid or expired', detail: 'The session was revoked' }), {},
		'GoProxies API error: Token is invalid or expired',
		'HTTP 401, code "unauthorized". The session was revoked. GoProxies refused the session even right after a new login: check that the account in the credential may use the statistics API, or, if the account allows one session at a time, that no other login (another n8n worker, a parallel execution, another app) ended this one: run fewer executions at once (Concurrency 1) or use one account per n8n instance',
	],
	[
		'a 429 with Retry-After',
		429, apiError(429, { code: 'rate_limited', message: 'Too many requests' }), { 'retry-after': '30' },
		'GoProxies API error: Too many requests',
		'HTTP 429, code "rate_limited". Too many requests: the API asks to wait 30 seconds. Lower the number of items per run or turn on "Retry On Fail" with a wait',
	],
	[
		'a 429 without Retry-After',
		429, apiError(429, { code: 'rate_limited', message: 'Slow down' }), {},
		'GoProxies API error: Slow down',
		'HTTP 429, code "rate_limited". Too many requests. Lower the number of items per run or turn on "Retry On Fail" with a wait',
	],
	[
		'a 403 gets neither the 401 nor the 429 note',
		403, apiError(403, { code: 'forbidden', message: 'Statistics are not enabled for this account' }), { 'retry-after': '30' },
		'GoProxies API error: Statistics are not enabled for this account',
		'HTTP 403, code "forbidden"',
	],
];

describe('an API failure becomes one NodeApiError with the API\'s words and what to do', () => {
	test.each(API_ANSWERS)('%s', async (_what, status, body, headers, message, description) => {
		// 401 is answered twice: before and after n8n's new login
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status, body, headers, times: status === 401 ? 2 : 1 });
		const { error } = await ctx.run(TRAFFIC, { items: [{}, {}] });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(message);
		expect(error?.description).toBe(description);
		expect(httpCodeOf(error)).toBe(String(status));
	});

	test('a subuser the API does not know: its 404 as it answers it', async () => {
		const { error } = await ctx.run({ ...TRAFFIC, filters: { username: 'nobody' } });
		expect(error?.message).toBe('GoProxies API error: Subuser "nobody" not found');
		expect(error?.description).toBe('HTTP 404, code "subuser_not_found"');
	});

	test('a call made for one country says which', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', query: { country: 'DE' }, status: 500, body: apiError(500, { code: 'internal', message: 'Something broke' }) });
		const { error } = await ctx.run({ ...TRAFFIC, operation: 'getByCountry' });
		expect(error?.message).toBe('Traffic of Germany (DE): GoProxies API error: Something broke');
		expect(error?.description).toBe('HTTP 500, code "internal"');
	});

	test.each([
		['get', 'Traffic of the previous period: GoProxies API error: Something broke'],
		['getByCountry', 'Traffic of Germany (DE) in the previous period: GoProxies API error: Something broke'],
		['getBySubuser', 'Traffic of subuser "alice" in the previous period: GoProxies API error: Something broke'],
	])('Compare With: a call made for the period before (%s) says so', async (operation, message) => {
		const before = { start_at: '2026-01-29T00:00:00+00:00' }; // the span before March, read in UTC
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', query: { ...before, country: 'DE' }, status: 500, body: apiError(500, { code: 'internal', message: 'Something broke' }) });
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', query: { ...before, username: 'alice' }, status: 500, body: apiError(500, { code: 'internal', message: 'Something broke' }) });
		const filters = operation === 'get' ? { filters: { country: 'DE' } } : {};
		const { error } = await ctx.run({ ...TRAFFIC, operation, ...filters, options: { compareWith: 'previousPeriod' } });
		expect(error?.message).toBe(message);
		expect(error?.description).toBe('HTTP 500, code "internal"');
	});

	test('the error names the item it failed for, and with continueOnFail becomes that item\'s error item', async () => {
		const parameters = { ...TRAFFIC, filters: { country: '={{ $json.country }}' } };
		const items = [{ country: 'DE' }, { country: 'FR' }];
		const fault = { path: '/api/v1/stats/traffic', query: { country: 'FR' }, status: 500, body: apiError(500, { message: 'Something broke' }) };
		ctx.sandbox.fault(fault);
		const { error } = await ctx.run(parameters, { items });
		ctx.sandbox.fault(fault);
		const { items: output } = await ctx.run(parameters, { items, continueOnFail: true });
		expect(error?.context.itemIndex).toBe(1);
		expect(output.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 0 }, undefined],
			[{ item: 1 }, 'GoProxies API error: Something broke'],
		]);
	});
});

const EXAMPLE = 'e.g. https://api.goproxies.com';
const MUST_BE_HTTPS = (got: string) =>
	`The credential's API Base URL must start with https:// (got "${got}"), so that the password and token are not sent in clear text: use ${EXAMPLE}`;
const ONLY_SCHEME_AND_HOST = (got: string) =>
	`The credential's API Base URL must be only the scheme and host, without a path, query or user name (got "${got}"): use ${EXAMPLE}`;
const EMPTY = `The credential's API Base URL is empty: set it to the API's address, ${EXAMPLE}`;

// [the API Base URL as saved, the message a user reads]
const BAD_BASE_URLS: Array<[unknown, string | jest.AsymmetricMatcher]> = [
	[undefined, EMPTY],
	[42, EMPTY],
	[' \t ', EMPTY],
	['api goproxies com', `The credential's API Base URL "api goproxies com" is not a URL: use the API's address, ${EXAMPLE}`],
	['http://api.goproxies.com', MUST_BE_HTTPS('http://api.goproxies.com')],
	['http://192.168.1.10:8080', MUST_BE_HTTPS('http://192.168.1.10:8080')],
	['ftp://localhost', MUST_BE_HTTPS('ftp://localhost')],
	['ws://127.0.0.1:9000', MUST_BE_HTTPS('ws://127.0.0.1:9000')],
	['https://api.goproxies.com/api/v1', ONLY_SCHEME_AND_HOST('https://api.goproxies.com/api/v1')],
	['https://api.goproxies.com/?region=eu', ONLY_SCHEME_AND_HOST('https://api.goproxies.com/?region=eu')],
	['https://api.goproxies.com/#stats', ONLY_SCHEME_AND_HOST('https://api.goproxies.com/#stats')],
	['https://admin@api.goproxies.com', ONLY_SCHEME_AND_HOST('https://…@api.goproxies.com')],
	['https://:hunter2@api.goproxies.com', ONLY_SCHEME_AND_HOST('https://…@api.goproxies.com')],
	['https://admin:hunter2@api.goproxies.com/api', ONLY_SCHEME_AND_HOST('https://…@api.goproxies.com/api')],
	// a control character before the scheme: the URL parser drops it, trim() does not
	['\u0001https://admin:hunter2@api.goproxies.com/api', ONLY_SCHEME_AND_HOST('\u0001https://…@api.goproxies.com/api')],
	[
		'https://admin:hunter2@api goproxies com',
		`The credential's API Base URL "https://…@api goproxies com" is not a URL: use the API's address, ${EXAMPLE}`,
	],
];

describe("a bad API Base URL is named, with what to set instead, before anything is sent", () => {
	test.each(BAD_BASE_URLS)('%p', async (baseUrl, message) => {
		ctx.store.data.baseUrl = baseUrl as string;
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toEqual(message);
		expect(error?.context.itemIndex).toBe(0);
		expect(ctx.sandbox.logins() + statsCalls(ctx.sandbox)).toBe(0);
	});

	test.each(BAD_BASE_URLS)('and the login refuses it the same way: %p', async (baseUrl, message) => {
		await expect(loginFailure(new Error('never sent'), { baseUrl: baseUrl as string })).resolves.toMatchObject({ message });
	});
});

// [the API Base URL as saved, the address the requests go to]
const GOOD_BASE_URLS: Array<[string, string]> = [
	['https://api.goproxies.com', 'https://api.goproxies.com'],
	['  https://api.goproxies.com///  ', 'https://api.goproxies.com'],
	['HTTPS://API.GoProxies.com:8443/', 'https://api.goproxies.com:8443'],
	['http://localhost:8080/', 'http://localhost:8080'],
	['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
	['http://[::1]:8080/', 'http://[::1]:8080'],
];

describe('a good API Base URL is used as scheme and host only', () => {
	test.each(GOOD_BASE_URLS)('%s', async (baseUrl, origin) => {
		const store = new FailingClient({ ...ctx.sandbox.account, baseUrl }, clientError({ code: 'ECONNREFUSED' }));
		await ctx.run(TRAFFIC, { store });
		expect(store.sent.map(({ url }) => url)).toEqual([`${origin}/api/v1/stats/traffic`]);
	});
});

const OPERATION_OF = {
	'/api/v1/stats/traffic': TRAFFIC,
	'/api/v1/stats/traffic/history': { ...TRAFFIC, operation: 'getHistory' },
	'/api/v1/stats/requests/history': { ...TRAFFIC, resource: 'request', operation: 'getHistory' },
	'/api/v1/stats/countries': { resource: 'country', operation: 'getAll' },
};
const BYTES = '"bytes" (a number)';
const TRAFFIC_BUCKETS = '"values" (a list of buckets with start_at, end_at and bytes)';
const REQUEST_BUCKETS = '"values" (a list of buckets with start_at, end_at and amount)';
const COUNTRIES = '"countries" (a list of country codes)';
const bucket = { start_at: '2026-03-01T00:00:00Z', end_at: '2026-03-01T23:59:59Z' };

// [what came, the endpoint, the 200 body, what the user is told was expected, and what came instead]
const UNEXPECTED_BODIES: Array<[string, keyof typeof OPERATION_OF, unknown, string, string]> = [
	['bytes as text', '/api/v1/stats/traffic', { bytes: '12' }, BYTES, 'JSON without it (keys: bytes)'],
	['an empty object', '/api/v1/stats/traffic', {}, BYTES, 'JSON without it (keys: none)'],
	['a filter without bytes', '/api/v1/stats/traffic', { filter: {} }, BYTES, 'JSON without it (keys: filter)'],
	['a filter without values', '/api/v1/stats/traffic/history', { filter: {} }, TRAFFIC_BUCKETS, 'JSON without it (keys: filter)'],
	['JSON null', '/api/v1/stats/traffic', 'null', BYTES, 'an empty body'],
	['a JSON list', '/api/v1/stats/traffic', [{ bytes: 1 }], BYTES, 'a JSON list'],
	['values that are not a list', '/api/v1/stats/traffic/history', { values: { ...bucket, bytes: 1 } }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['a bucket that is null', '/api/v1/stats/traffic/history', { values: [null] }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['a bucket that is a list', '/api/v1/stats/traffic/history', { values: [[1]] }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['a bucket without start_at', '/api/v1/stats/traffic/history', { values: [{ end_at: bucket.end_at, bytes: 1 }] }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['a bucket whose end_at is a number', '/api/v1/stats/traffic/history', { values: [{ ...bucket, end_at: 1, bytes: 1 }] }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['a second bucket without bytes', '/api/v1/stats/traffic/history', { values: [{ ...bucket, bytes: 1 }, bucket] }, TRAFFIC_BUCKETS, 'JSON without it (keys: values)'],
	['request buckets with bytes instead of amount', '/api/v1/stats/requests/history', { values: [{ ...bucket, bytes: 1 }], filter: {} }, REQUEST_BUCKETS, 'JSON without it (keys: values, filter)'],
	['countries that are not a list', '/api/v1/stats/countries', { countries: 'US' }, COUNTRIES, 'JSON without it (keys: countries)'],
	['a country code that is a number', '/api/v1/stats/countries', { countries: ['US', 840] }, COUNTRIES, 'JSON without it (keys: countries)'],
];

describe('a 200 answer without the data the endpoint promises says what was expected and what came', () => {
	test.each(UNEXPECTED_BODIES)('%s (%s)', async (_what, path, body, expected, got) => {
		ctx.sandbox.fault({ path, status: 200, body, headers: { 'content-type': 'application/json' } });
		const { error } = await ctx.run(OPERATION_OF[path]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(`The GoProxies API answered ${path} without the expected data`);
		expect(error?.context.itemIndex).toBe(0);
		expect(httpCodeOf(error)).toBeNull();
		expect(error?.description).toBe(`Expected ${expected}, got ${got}. The API may have changed or be failing: try again later`);
	});

	test('plain text', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } });
		const { error } = await ctx.run(TRAFFIC);
		expect(error?.message).toBe('The GoProxies API answered /api/v1/stats/traffic without the expected data');
		expect(error?.description).toBe('Expected "bytes" (a number), got a non-JSON body: OK. The API may have changed or be failing: try again later');
	});

	test.each([
		['a traffic total', '/api/v1/stats/traffic', { bytes: 0, filter: {} }],
		['a history', '/api/v1/stats/traffic/history', { values: [], filter: {} }],
		['a list of countries', '/api/v1/stats/countries', { countries: [] }],
	] as const)('while %s with nothing in it is a valid answer', async (_what, path, body) => {
		ctx.sandbox.fault({ path, status: 200, body });
		const { error } = await ctx.run(OPERATION_OF[path]);
		expect(error).toBeUndefined();
	});
});

/*
 * n8n before 2.34 (1.x included) hands the node a NodeApiError without its cause: their n8n-workflow's
 * ExecutionBaseError declares `cause` as a class field, which resets the client's error to undefined. What is
 * left (seen on n8n 1.123.81): the HTTP status or network error code as `httpCode`, a JSON object body as
 * `context.data`, the client's own message first in `messages`; the headers and any other body are lost. The
 * node reads that as it reads n8n 2.34+'s NodeApiError, whose `cause` is the client's error.
 */
const NODE: INode = { id: 'n', name: 'GoProxies Stats', type: 'n8n-nodes-goproxies.goProxiesStats', typeVersion: 1, position: [0, 0], parameters: {} };
const PATH = '/api/v1/stats/traffic';

/** An error as axios throws it (n8n-workflow's NodeApiError recognises it by its class name). */
class AxiosError extends Error {
	constructor(message: string, fields: { code?: string; response?: { status: number; data: unknown; headers: IDataObject } }) {
		super(message);
		Object.assign(this, fields);
	}
}

/** What n8n 1.x's httpRequestWithAuthentication throws for `clientError`: its NodeApiError, without the cause. */
function asN8nV1(clientError: Error): NodeApiError {
	const error = new NodeApiError(NODE, clientError as unknown as JsonObject);
	Object.defineProperty(error, 'cause', { value: undefined, enumerable: true, writable: true, configurable: true });
	return error;
}

const httpError = (status: number, data: unknown, headers: IDataObject = {}) =>
	asN8nV1(new AxiosError(`Request failed with status code ${status}`, { code: status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', response: { status, data, headers } }));
const errorBody = (status: number, error: IDataObject) => ({ error, status, path: PATH });

/** A credential holding a token whose requests fail with `thrown`, as n8n 1.x's helper throws it. */
class N8nV1Client extends CredentialStore {
	constructor(
		data: ICredentialDataDecryptedObject,
		private readonly thrown: Error,
	) {
		super({ ...data, sessionToken: 'token-from-an-earlier-login' });
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, _options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		throw this.thrown;
	}
}

const runWith = async (thrown: Error, parameters: IDataObject = TRAFFIC) =>
	await ctx.run(parameters, { store: new N8nV1Client({ ...ctx.sandbox.account, baseUrl: ctx.sandbox.url }, thrown) });

test('the stand-in has the shape n8n 1.123.81 hands over: no cause, the status, the body, the client message', () => {
	const error = httpError(500, errorBody(500, { code: 'internal', message: 'Statistics store unavailable' }));
	expect(error.cause).toBeUndefined();
	expect(error).toMatchObject({
		message: 'The service was not able to process your request',
		description: 'Statistics store unavailable',
		httpCode: '500',
		messages: ['Request failed with status code 500'],
		context: { data: errorBody(500, { code: 'internal', message: 'Statistics store unavailable' }) },
	});
});

// [the answer, what n8n 1.x threw, the message, the description, the code n8n shows]
const ANSWERS: Array<[string, Error, string, string, string | null]> = [
	[
		'500 with the Error schema',
		httpError(500, errorBody(500, { code: 'internal', message: 'Statistics store unavailable' })),
		'GoProxies API error: Statistics store unavailable',
		'HTTP 500, code "internal"',
		'500',
	],
	[
		'404 for an unknown subuser',
		httpError(404, errorBody(404, { code: 'subuser_not_found', message: 'Subuser "x" not found' })),
		'GoProxies API error: Subuser "x" not found',
		'HTTP 404, code "subuser_not_found"',
		'404',
	],
	[
		'400 with field errors',
		httpError(400, errorBody(400, { code: 'invalid_parameters', message: 'Invalid query parameters', fields: { country: { code: 'invalid', message: 'must be upper case' } } })),
		'GoProxies API error: Invalid query parameters',
		'HTTP 400, code "invalid_parameters". Invalid fields: country: must be upper case',
		'400',
	],
	[
		'429 (n8n 1.x drops the headers, so no Retry-After)',
		httpError(429, errorBody(429, { code: 'rate_limited', message: 'Too many requests' }), { 'retry-after': '17' }),
		'GoProxies API error: Too many requests',
		'HTTP 429, code "rate_limited". Too many requests. Lower the number of items per run or turn on "Retry On Fail" with a wait',
		'429',
	],
	[
		'502 with an HTML page (n8n 1.x drops a body that is not a JSON object)',
		httpError(502, '<html><body>Bad Gateway</body></html>'),
		'The GoProxies API failed with HTTP 502 and no error details',
		`${PATH} answered HTTP 502 with no error details. This is usually temporary: try again later or turn on "Retry On Fail"`,
		'502',
	],
	[
		'no answer within the timeout',
		asN8nV1(new AxiosError('timeout of 700ms exceeded', { code: 'ECONNABORTED' })),
		`The GoProxies API did not answer within 700 ms (${PATH})`,
		'Try again later, raise Options → Timeout, or turn on the node setting "Retry On Fail"',
		null,
	],
	[
		'the connection refused',
		asN8nV1(new AxiosError('connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' })),
		'The service refused the connection - perhaps it is offline',
		'Check the API Base URL in the credential and the network connection of your n8n instance',
		'ECONNREFUSED',
	],
	[
		'a failed login (the credential\'s UserError, wrapped)',
		asN8nV1(new UserError('GoProxies login failed: Invalid username or password')),
		'GoProxies login failed: Invalid username or password',
		'Check the username, password and API Base URL in the GoProxies credential',
		null,
	],
];

describe('an API failure as n8n before 2.34 hands it over reads as on later n8n', () => {
	test.each(ANSWERS)('%s', async (_what, thrown, message, description, httpCode) => {
		const { error } = await runWith(thrown, { ...TRAFFIC, options: { timeout: 700 } });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(message);
		expect(error?.description).toBe(description);
		expect(httpCodeOf(error)).toBe(httpCode);
		expect(error?.context.itemIndex).toBe(0);
	});
});

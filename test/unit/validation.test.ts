/**
 * Every bad parameter of both nodes, with the exact message a user reads: this file is the one place where the
 * wording of a parameter error is asserted. Elsewhere tests assert the behaviour (the item fails, the field is
 * named, nothing is sent).
 */
import type { IDataObject } from 'n8n-workflow';

import { triggerMaker } from '../harness/poll';
import { customPeriod, statsCalls, useSandbox } from '../harness/setup';

const ctx = useSandbox();
const MARCH = customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59');

// [what is wrong, the parameters, a pattern the error message must match (it names the field)]
const BAD_PARAMETERS: Array<[string, IDataObject, RegExp]> = [
	['custom period whose start expression is empty', { resource: 'traffic', operation: 'get', ...customPeriod('={{ $json.missing }}', '2026-03-02T00:00:00') }, /Start is required when Period is Custom/],
	['custom period whose end expression is empty', { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-02T00:00:00', '={{ "" }}') }, /End is required when Period is Custom/],
	['start after end', { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-05T00:00:00', '2026-03-01T00:00:00') }, /Start \(startAt\) must be before End \(endAt\)/],
	['start equal to end', { resource: 'traffic', operation: 'getHistory', ...customPeriod('2026-03-05T00:00:00', '2026-03-05T00:00:00') }, /Start \(startAt\) must be before End/],
	['a start that is not a date', { resource: 'traffic', operation: 'get', ...customPeriod('next tuesday', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date and time: "next tuesday"/],
	['30 February', { resource: 'traffic', operation: 'get', ...customPeriod('2026-02-30T00:00:00', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date/],
	['month 13', { resource: 'request', operation: 'getHistory', ...customPeriod('2026-13-01T00:00:00', '2027-03-05T00:00:00') }, /Start \(startAt\) is not a valid date/],
	['a day-first date', { resource: 'traffic', operation: 'get', ...customPeriod('31/01/2026', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date/],
	['hour 25', { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-01T25:00:00') }, /End \(endAt\) is not a valid date/],
	['an expression giving a number as the start', { resource: 'traffic', operation: 'get', ...customPeriod('={{ 1700000000 }}', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date and time: "1700000000"/],
	['an expression giving an invalid Date', { resource: 'traffic', operation: 'get', ...customPeriod('={{ new Date("next tuesday") }}', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date and time/],
	['a custom start from an expression giving null', { resource: 'traffic', operation: 'get', ...customPeriod('={{ null }}', '2026-03-05T00:00:00') }, /Start is required when Period is Custom/],
	['an expression giving an object as the start', { resource: 'traffic', operation: 'get', ...customPeriod('={{ { day: 1 } }}', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date and time/],
	['hour 24', { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T24:00:00', '2026-03-05T00:00:00') }, /Start \(startAt\) is not a valid date/],
	['an expression giving true as the end', { resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '={{ true }}') }, /End \(endAt\) is not a valid date and time: "true"/],
	['a three-letter country', { resource: 'traffic', operation: 'get', ...MARCH, filters: { country: 'USA' } }, /Filter "Country" must be a two-letter ISO 3166-1 country code: got "USA"/],
	['a numeric country', { resource: 'traffic', operation: 'getHistory', ...MARCH, filters: { country: '12' } }, /Filter "Country" must be a two-letter/],
	['a one-letter country', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { country: 'U' } }, /Filter "Country" must be a two-letter/],
	['a country from an expression giving a number', { resource: 'traffic', operation: 'get', ...MARCH, filters: { country: '={{ 42 }}' } }, /Filter "Country" must be a two-letter ISO 3166-1 country code: got 42/],
	['status 99', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { status: 99 } }, /Filter "Status" \(status\) must be an HTTP status code, a whole number from 100 to 599: got 99/],
	['status 600', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { status: 600 } }, /Filter "Status" \(status\) .* got 600/],
	['status "abc"', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { status: '={{ "abc" }}' } }, /Filter "Status" \(status\) .* got "abc"/],
	['status 200.5', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { status: 200.5 } }, /Filter "Status" \(status\) .* got 200.5/],
	['status from an expression giving a list', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { status: '={{ [404] }}' } }, /Filter "Status" \(status\) .* got \[404\]/],
	['status not 0', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { statusNot: 0 } }, /Filter "Status Not" \(statusNot\) .* got 0/],
	['status not -200', { resource: 'request', operation: 'getHistory', ...MARCH, filters: { statusNot: -200 } }, /Filter "Status Not" \(statusNot\) .* got -200/],
	['an unknown unit', { resource: 'traffic', operation: 'get', ...MARCH, options: { unit: '={{ "PB" }}' } }, /Unknown Unit "PB"/],
	['a unit in the wrong case', { resource: 'traffic', operation: 'getHistory', ...MARCH, options: { unit: '={{ "gb" }}' } }, /Unknown Unit "gb"/],
	['an unknown interval', { resource: 'traffic', operation: 'getHistory', ...MARCH, interval: '={{ "month" }}' }, /Unknown Interval "month"/],
	['an unknown period', { resource: 'traffic', operation: 'get', ...MARCH, period: '={{ "lastYear" }}' }, /Unknown Period "lastYear"/],
	['a zero timeout', { resource: 'country', operation: 'getAll', options: { timeout: 0 } }, /Option "Timeout" must be a whole number of milliseconds above 0: got 0/],
	['a concurrency of 0', { resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 0 } }, /Option "Concurrency" must be a whole number from 1 to 20: got 0/],
	['a Limit of 0', { resource: 'subuser', operation: 'getAll', returnAll: false, limit: 0 }, /"Limit" must be a whole number above 0: got 0/],
	['a Minimum Used Share of only spaces', { resource: 'subuser', operation: 'getAll', filters: { minUsedShare: '={{ "  " }}' } }, /Minimum Used Share \(%\) \(minUsedShare\) must be a percentage from 0 to 1000: got "  "/],
	['a negative timeout', { resource: 'traffic', operation: 'get', ...MARCH, options: { timeout: -5 } }, /Option "Timeout" .* got -5/],
	['a Minimum Used Share above 1000', { resource: 'subuser', operation: 'getAll', filters: { minUsedShare: 1001 } }, /^Minimum Used Share \(%\) \(minUsedShare\) must be a percentage from 0 to 1000: got 1001$/],
	['a negative Minimum Used Share', { resource: 'subuser', operation: 'getAll', filters: { minUsedShare: -1 } }, /^Minimum Used Share \(%\) \(minUsedShare\) must be a percentage from 0 to 1000: got -1$/],
	['a Minimum Used Share that is a word', { resource: 'subuser', operation: 'getAll', filters: { minUsedShare: 'most' } }, /^Minimum Used Share \(%\) \(minUsedShare\) must be a percentage from 0 to 1000: got "most"$/],
	['an unknown Sort By', { resource: 'subuser', operation: 'getAll', options: { sortBy: 'name' } }, /^Unknown Sort By "name"$/],
	['a concurrency of 21', { resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { concurrency: 21 } }, /^Option "Concurrency" must be a whole number from 1 to 20: got 21$/],
	['a concurrency of 2.5', { resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 2.5 } }, /^Option "Concurrency" must be a whole number from 1 to 20: got 2.5$/],
	['a concurrency that is a word', { resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: '={{ "five" }}' } }, /^Option "Concurrency" must be a whole number from 1 to 20: got "five"$/],
	['a negative Limit', { resource: 'traffic', operation: 'getBySubuser', ...MARCH, returnAll: false, limit: -1 }, /^"Limit" must be a whole number above 0: got -1$/],
	['an unknown Compare With', { resource: 'traffic', operation: 'get', ...MARCH, options: { compareWith: '={{ "lastYear" }}' } }, /^Unknown Compare With "lastYear"$/],
	['a Compare With given by its label', { resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { compareWith: '={{ "Previous Period" }}' } }, /^Unknown Compare With "Previous Period"$/],
	['a Compare With of true', { resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { compareWith: '={{ true }}' } }, /^Unknown Compare With "true"$/],
	['a negative Projected to Reach Its Limit Within', { resource: 'subuser', operation: 'getAll', filters: { projectedWithinDays: -1 } }, /^Projected to Reach Its Limit Within \(Days\) \(projectedWithinDays\) must be a number of days from 0 to 366: got -1$/],
	['a Projected to Reach Its Limit Within of 366.5 days', { resource: 'subuser', operation: 'getAll', filters: { projectedWithinDays: 366.5 } }, /^Projected to Reach Its Limit Within \(Days\) \(projectedWithinDays\) must be a number of days from 0 to 366: got 366.5$/],
	['a Projected to Reach Its Limit Within that is not a number', { resource: 'subuser', operation: 'getAll', filters: { projectedWithinDays: '={{ "soon" }}' } }, /^Projected to Reach Its Limit Within \(Days\) \(projectedWithinDays\) must be a number of days from 0 to 366: got "soon"$/],
];

describe('bad parameters fail the item before any request is sent', () => {
	test.each(BAD_PARAMETERS)('%s', async (_what, parameters, message) => {
		const { error, items } = await ctx.run(parameters, { timezone: 'Europe/Vilnius' });
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(String(error?.description ?? '')).not.toBe('');
		expect(statsCalls(ctx.sandbox)).toBe(0);
		expect(ctx.sandbox.logins()).toBe(0);
	});
});

// [a value outside a dropdown, the parameters, every value the field accepts, as the fix the error offers]
const OUTSIDE_A_DROPDOWN: Array<[string, IDataObject, string[]]> = [
	['Unit', { resource: 'traffic', operation: 'get', ...MARCH, options: { unit: '={{ "PB" }}' } }, ['bytes', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB']],
	['Interval', { resource: 'traffic', operation: 'getHistory', ...MARCH, interval: '={{ "month" }}' }, ['hour', 'day', 'week', 'auto']],
	['Period', { resource: 'traffic', operation: 'get', ...MARCH, period: '={{ "lastYear" }}' }, ['today', 'yesterday', 'last7Days', 'last30Days', 'thisMonth', 'lastMonth', 'custom']],
	['Sort By', { resource: 'subuser', operation: 'getAll', options: { sortBy: '={{ "name" }}' } }, ['apiOrder', 'usedShare']],
	['Compare With', { resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { compareWith: '={{ "lastYear" }}' } }, ['none', 'previousPeriod']],
];

test.each(OUTSIDE_A_DROPDOWN)('an unknown %s: the error lists every value the field accepts', async (_field, parameters, values) => {
	const { error } = await ctx.run(parameters);
	expect(error?.description).toBe(`Choose one of: ${values.join(', ')}`);
});

// [the Filters as typed or from an expression, the operation, what the API is sent for them]
const FILTERS_AS_SENT: Array<[IDataObject, IDataObject, IDataObject]> = [
	[{ country: ' de ' }, { resource: 'traffic', operation: 'get' }, { country: 'DE' }],
	[{ country: '={{ null }}' }, { resource: 'traffic', operation: 'get' }, {}],
	[{ status: 100 }, { resource: 'request', operation: 'getHistory' }, { status: 100 }],
	[{ status: 599, statusNot: '={{ "404" }}' }, { resource: 'request', operation: 'getHistory' }, { status: 599, status_not: 404 }],
];

test.each(FILTERS_AS_SENT)('Filters %p are sent the way the API expects them', async (filters, operation, sent) => {
	const { error } = await ctx.run({ ...operation, ...MARCH, filters });
	expect(error).toBeUndefined();
	const { country, status, status_not } = ctx.sandbox.queries.at(-1)!.query;
	expect(JSON.parse(JSON.stringify({ country, status, status_not }))).toEqual(sent);
});

test('a Minimum Used Share from an expression giving text such as "80" is read as the number', async () => {
	const typed = await ctx.run({ resource: 'subuser', operation: 'getAll', filters: { minUsedShare: 80 } });
	const fromText = await ctx.run({ resource: 'subuser', operation: 'getAll', filters: { minUsedShare: '={{ "80" }}' } });
	expect(fromText.error).toBeUndefined();
	expect(fromText.items).toEqual(typed.items);
});

// [what is wrong, the credential's API Base URL] (the messages: test/unit/failureMessages.test.ts)
const BAD_BASE_URLS: Array<[string, string]> = [
	['http:// to a host that is not loopback', 'http://api.goproxies.com'],
	['http:// to a private address', 'http://10.0.0.5:8080'],
	['a path attached', 'https://api.goproxies.com/api/v1'],
	['a query attached', 'https://api.goproxies.com/?region=eu'],
	['a user name in it', 'https://admin@api.goproxies.com'],
	['not a URL', 'api goproxies com'],
	['empty', ''],
];

test('n8n itself refuses to run a custom period with no Start or End at all (required parameters)', async () => {
	await expect(ctx.run({ resource: 'traffic', operation: 'get', period: 'custom', endAt: '2026-03-02T00:00:00' })).rejects.toThrow(
		/Parameter "Start" is required/,
	);
	expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
});

describe("a bad API Base URL fails before the password is sent", () => {
	test.each(BAD_BASE_URLS)('%s', async (_what, baseUrl) => {
		ctx.store.data.baseUrl = baseUrl;
		const { error } = await ctx.run({ resource: 'country', operation: 'getAll' });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^The credential's API Base URL /);
		expect(ctx.sandbox.logins()).toBe(0);
		expect(ctx.store.preAuthenticationCalls).toBe(0);
	});

	test.each(['http://localhost:PORT', 'http://127.0.0.1:PORT/', 'http://127.0.0.1:PORT///'])(
		'loopback over http is accepted, with or without a trailing slash: %s',
		async (template) => {
			ctx.store.data.baseUrl = template.replace('PORT', new URL(ctx.sandbox.url).port);
			const { error, items } = await ctx.run({ resource: 'country', operation: 'getAll' });
			expect(error).toBeUndefined();
			expect(items.length).toBe(ctx.sandbox.data.countries.length);
		},
	);
});

describe('user names with characters that mean something in a URL arrive intact', () => {
	test.each(['john doe', 'a&b?c#d/e', 'žygimantas', '用户'])('%s', async (username) => {
		const { items, error } = await ctx.run(
			{ resource: 'traffic', operation: 'get', ...MARCH, filters: { username } },
			{ timezone: 'Europe/Vilnius' },
		);
		expect(error).toBeUndefined();
		expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(1);
		expect(ctx.sandbox.queries[0].query.username).toBe(username);
		expect(items[0].json.username).toBe(username);
	});
});

test('continueOnFail: a bad item becomes an error item, the others go on, and nothing is sent for it', async () => {
	const { items, error } = await ctx.run(
		{ resource: 'traffic', operation: 'get', ...MARCH, filters: { country: '={{ $json.country }}' } },
		{ continueOnFail: true, items: [{ country: 'US' }, { country: 'USA' }, { country: 'de' }], timezone: 'Europe/Vilnius' },
	);
	expect(error).toBeUndefined();
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(items[1].json).toEqual({ error: 'Filter "Country" must be a two-letter ISO 3166-1 country code: got "USA"' });
	expect([items[0].json.country, items[2].json.country]).toEqual(['US', 'DE']);
	expect(ctx.sandbox.count('/api/v1/stats/traffic')).toBe(2);
});

// [the event's parameters, the exact message]
const TRIGGER_BAD_PARAMETERS: Array<[IDataObject, string]> = [
	[{ event: 'subuserGone' }, 'Unknown Event "subuserGone"'],
	[{ event: 'subuserLimitReached', threshold: 0 }, 'Threshold (threshold) must be a percentage from 1 to 1000: got 0'],
	[{ event: 'subuserLimitReached', threshold: 1001 }, 'Threshold (threshold) must be a percentage from 1 to 1000: got 1001'],
	[{ event: 'subuserLimitReached', threshold: 'lots' }, 'Threshold (threshold) must be a percentage from 1 to 1000: got "lots"'],
	[{ event: 'trafficThresholdReached', period: 'lastMonth' }, 'Unknown Period "lastMonth"'],
	[{ event: 'trafficThresholdReached', threshold: 0 }, 'Threshold (threshold) must be a number above 0: got 0'],
	[{ event: 'trafficThresholdReached', threshold: -5 }, 'Threshold (threshold) must be a number above 0: got -5'],
	[{ event: 'trafficThresholdReached', unit: 'PB' }, 'Unknown Unit "PB"'],
	[{ event: 'trafficThresholdReached', filters: { country: 'Germany' } }, 'Filter "Country" must be a two-letter ISO 3166-1 country code: got "Germany"'],
	[{ event: 'newHistoryBucket', interval: 'week' }, 'Unknown Interval "week"'],
	[{ event: 'newHistoryBucket', resource: 'country' }, 'Unknown Resource "country"'],
	[{ event: 'newHistoryBucket', options: { delayMinutes: -1 } }, 'Delay (Minutes) (delayMinutes) must be a whole number of minutes, 0 or more: got -1'],
	[{ event: 'newHistoryBucket', options: { delayMinutes: 2.5 } }, 'Delay (Minutes) (delayMinutes) must be a whole number of minutes, 0 or more: got 2.5'],
	[{ event: 'newHistoryBucket', options: { startAt: 'last Tuesday' } }, 'Start At (startAt) is not a valid date and time: "last Tuesday"'],
	[{ event: 'newHistoryBucket', resource: 'request', filters: { status: 999 } }, 'Filter "Status" (status) must be an HTTP status code, a whole number from 100 to 599: got 999'],
	[{ event: 'subuserProjectedToReachLimit', withinDays: -1 }, 'Within (Days) (withinDays) must be a number of days from 0 to 366: got -1'],
	[{ event: 'subuserProjectedToReachLimit', withinDays: 366.5 }, 'Within (Days) (withinDays) must be a number of days from 0 to 366: got 366.5'],
	[{ event: 'subuserProjectedToReachLimit', withinDays: 'soon' }, 'Within (Days) (withinDays) must be a number of days from 0 to 366: got "soon"'],
	[{ event: 'subuserProjectedToReachLimit', withinDays: '={{ [3] }}' }, 'Within (Days) (withinDays) must be a number of days from 0 to 366: got [3]'],
];

describe('bad parameters of the GoProxies Trigger fail the poll before any request', () => {
	test.each(TRIGGER_BAD_PARAMETERS)('%j', async ({ event, ...parameters }, message) => {
		const { error } = await triggerMaker(ctx, event as string)(parameters).poll();
		expect(error?.message).toBe(message);
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(String((error as { description?: string })?.description ?? '')).not.toBe('');
		expect(statsCalls(ctx.sandbox) + ctx.sandbox.logins()).toBe(0);
	});
});

/**
 * The runs in a real n8n (npm run test:e2e, test:browser, test:queue) keep the machine's clock, so what they
 * expect of the sandbox's subusers must hold at any moment. Here the same scenarios run through n8n-core's
 * PollContext with the clock set to the moments where it could break, against a sandbox started as
 * `lib.startSandboxProcess` starts it (limit periods from the start of the current hour), expected values
 * computed with the same `atOrAbove` the runs use.
 */
import { freezeClockAt } from '../harness/clock';
import { CredentialStore } from '../harness/n8n';
import { pollAt, PolledTrigger } from '../harness/poll';
import { stopN8nTimers } from '../harness/setup';
import { atOrAbove, hourStart, makeData } from '../sandbox/data';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';

const MOMENTS = [
	'2026-12-01T00:01:00Z', // the 1st at 00:01 UTC: a calendar month has just begun
	'2026-11-30T22:01:00Z', // the 1st at 00:01 in Europe/Vilnius
	'2026-12-28T09:00:00Z', // the 28th
	'2026-02-28T23:59:00Z', // the last minute of a short month
	'2026-12-31T23:59:00Z', // New Year's Eve, 23:59 UTC
	'2026-12-31T21:59:00Z', // New Year's Eve, 23:59 in Europe/Vilnius
	'2026-03-29T00:59:00Z', // Europe/Vilnius and Europe's clocks go forward at 01:00 UTC
	'2026-10-25T00:59:00Z', // Europe's clocks go back at 01:00 UTC
	'2026-03-08T06:59:00Z', // America/New_York's clocks go forward at 07:00 UTC
	'2028-02-29T12:00:00Z', // a leap day
];
const ZONES = ['UTC', 'Europe/Vilnius']; // the trigger e2e runs in UTC, the queue test and the demo in Vilnius
const MINUTE = 60_000;

let sandbox: Sandbox;
let store: CredentialStore;
afterEach(async () => {
	jest.useRealTimers();
	await sandbox?.close();
});
afterAll(() => stopN8nTimers());

/** The sandbox and credential a real-n8n run gets when it starts now. */
async function startAsTheRunsDo() {
	sandbox = await startSandbox({ periodsFrom: hourStart(Date.now()) });
	store = new CredentialStore({ ...sandbox.account, baseUrl: sandbox.url });
}

const trigger = (parameters: object, timezone: string) =>
	new PolledTrigger({ parameters: { event: 'subuserLimitReached', ...parameters }, store, timezone, secrets: sandbox.secrets });
const later = (start: number, minutes: number) => new Date(start + minutes * MINUTE).toISOString();
const usernames = (items: Array<{ username?: unknown }> | null) => (items ?? []).map((item) => item.username);

describe.each(MOMENTS)('at %s', (moment) => {
	test('some subuser is over 80% of its limit, with calendar-month periods too', () => {
		const now = Date.parse(moment);
		expect(atOrAbove(makeData().subuserList(now), 80).length).toBeGreaterThan(0);
		expect(atOrAbove(makeData({ periodsFrom: hourStart(now) }).subuserList(now), 80).length).toBeGreaterThan(0);
	});

	test.each(ZONES)('the trigger e2e: fires at activation, Fetch Test Event, a later poll quiet, a pushed subuser once (%s)', async (timezone) => {
		freezeClockAt(moment);
		await startAsTheRunsDo();
		const start = Date.now();
		const polled = trigger({ threshold: 80 }, timezone);
		const expected = atOrAbove(sandbox.subusers(), 80);
		expect(expected.length).toBeGreaterThan(0);
		expect(usernames((await polled.activate()).items)).toEqual(expected);

		jest.setSystemTime(start + MINUTE);
		const withLimit = sandbox.subusers().filter((subuser) => subuser.traffic_limit_amount > 0);
		const highest = withLimit.sort((a, b) => b.traffic_used / b.traffic_limit_amount - a.traffic_used / a.traffic_limit_amount)[0];
		expect(usernames((await polled.poll('manual')).items)).toEqual([highest.username]);

		expect(await pollAt(polled, later(start, 2))).toEqual([]);
		const before = atOrAbove(sandbox.subusers(), 80);
		const pushed = sandbox.data.users.find((username) => !before.includes(username) && username !== 'bob')!;
		sandbox.changeSubuser(pushed, { traffic_limit_amount: 0.001 });
		expect(usernames(await pollAt(polled, later(start, 3)))).toEqual([pushed]);
		expect(await pollAt(polled, later(start, 4))).toEqual([]);
		// nothing more for as long as a whole CI run may last: no period ends, nobody else crosses 80%
		expect(await pollAt(polled, later(start, 90))).toEqual([]);
	});

	test('the browser test: Fetch Test Event of a new trigger shows the subusers over 80%', async () => {
		freezeClockAt(moment);
		await startAsTheRunsDo();
		const over = atOrAbove(sandbox.subusers(), 80);
		expect(over.length).toBeGreaterThan(0);
		expect(usernames((await trigger({ threshold: 80 }, 'Europe/Vilnius').poll('manual')).items)).toEqual(over);
	});

	test('the queue test: alice alone at 1000% fires only once her limit is cut to 1 MB, and then once', async () => {
		freezeClockAt(moment);
		await startAsTheRunsDo();
		const start = Date.now();
		const polled = trigger({ threshold: 1000, filters: { username: 'alice' } }, 'Europe/Vilnius');
		expect((await polled.activate()).items).toBeNull();
		expect(await pollAt(polled, later(start, 1))).toEqual([]);
		sandbox.changeSubuser('alice', { traffic_limit_amount: 0.001 });
		expect(usernames(await pollAt(polled, later(start, 2)))).toEqual(['alice']);
		expect(await pollAt(polled, later(start, 3))).toEqual([]);
	});
});

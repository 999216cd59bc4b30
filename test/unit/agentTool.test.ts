import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { callTool } from '../harness/agent';
import { freezeClockAt } from '../harness/clock';
import { leakedSecrets } from '../harness/n8n';
import { secretsOf, useSandbox } from '../harness/setup';

const ctx = useSandbox();
const TOOL = {
	resource: 'traffic',
	operation: 'get',
	period: "={{ $fromAI('period', 'The period', 'string') }}",
	startAt: "={{ $fromAI('startAt', 'Start of a custom period', 'string') }}",
	endAt: "={{ $fromAI('endAt', 'End of a custom period', 'string') }}",
	filters: { country: "={{ $fromAI('country', 'Two-letter country code', 'string') }}" },
	options: { unit: 'MB' },
};
const MARCH = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59', country: '' };

describe('as the tool of an AI Agent (n8n-core tool wrapper)', () => {
	test("the model's arguments become the query, and the tool result carries the figures", async () => {
		const [{ result }] = await callTool(ctx.store, TOOL, [{ args: { ...MARCH, country: 'de' } }], 'Europe/Vilnius');
		const range = { start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' };
		const bytes = ctx.sandbox.data.bytes(Date.parse(range.start_at), Date.parse(range.end_at), { country: 'DE' });
		expect(ctx.sandbox.queries).toEqual([{ path: '/api/v1/stats/traffic', query: { ...range, country: 'DE' } }]);
		expect(JSON.parse(result as string)).toEqual([{ ...range, bytes, traffic: Math.round(bytes / 1e3) / 1000, unit: 'MB', country: 'DE' }]);
	});

	test.each([
		// the message names the field and what came; the hint says what to send instead (wording: validation.test.ts)
		[{ ...MARCH, period: 'lastYear' }, /Period.*"lastYear"/, /last7Days/],
		[{ ...MARCH, country: 'USA' }, /Country.*"USA"/, /US/],
		[{ ...MARCH, endAt: 'tomorrow' }, /End \(endAt\).*"tomorrow"/, /2026-01-31T00:00:00/],
	])('a bad argument %j comes back to the model as a result with the message and its hint', async (args, message, hint) => {
		const [call] = await callTool(ctx.store, TOOL, [{ args }]);
		expect(call.rejected).toBeUndefined();
		const [{ error, description }] = JSON.parse(call.result as string);
		expect(error).toMatch(message);
		expect(description).toMatch(hint);
		expect(ctx.sandbox.queries).toEqual([]);
	});

	test('an API failure comes back as a result too, without any secret', async () => {
		ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: { error: { code: 'internal', message: 'Statistics store unavailable' } } });
		const [{ result }] = await callTool(ctx.store, TOOL, [{ args: MARCH }]);
		const [{ error, description }] = JSON.parse(result as string);
		expect(error).toMatch(/Statistics store unavailable/);
		expect(description).toMatch(/HTTP 500/);
		expect(leakedSecrets([result as string], secretsOf(ctx.sandbox))).toEqual([]);
	});
});

describe("the example's tool (examples/ai-agent-usage-tool.json) with Compare With from the model", () => {
	const example = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'examples', 'ai-agent-usage-tool.json'), 'utf8')) as { nodes: Array<{ name: string; parameters: IDataObject }> };
	const { parameters } = example.nodes.find((node) => node.name === 'GoProxies Traffic')!;
	const WEEK = { start_at: '2026-03-24T00:00:00+02:00', end_at: '2026-03-30T23:59:59+03:00' };
	const WEEK_BEFORE = { start_at: '2026-03-17T00:00:00+02:00', end_at: '2026-03-23T23:59:59+02:00' };
	afterEach(() => jest.useRealTimers());

	test('previousPeriod adds the week before; left out, the answer is as without the option', async () => {
		freezeClockAt('2026-03-30T10:00:00Z');
		const args = { period: 'last7Days', subuser: 'alice' };
		const [compared, plain] = await callTool(ctx.store, parameters, [{ args: { ...args, compareWith: 'previousPeriod' } }, { args }], 'Europe/Vilnius');
		const bytesIn = ({ start_at, end_at }: typeof WEEK) => ctx.sandbox.data.bytes(Date.parse(start_at), Date.parse(end_at), { username: 'alice' });
		const [bytes, previous] = [bytesIn(WEEK), bytesIn(WEEK_BEFORE)];
		expect(JSON.parse(compared.result as string)).toEqual([
			expect.objectContaining({ ...WEEK, bytes, previous_start_at: WEEK_BEFORE.start_at, previous_end_at: WEEK_BEFORE.end_at, previous_bytes: previous, change: Math.round(((bytes - previous) / previous) * 10_000) / 10_000 }),
		]);
		expect(JSON.parse(plain.result as string)).toEqual([{ ...WEEK, bytes, traffic: Math.round(bytes / 1e6) / 1000, unit: 'GB', username: 'alice' }]);
		expect(ctx.sandbox.queries.map((query) => query.query.start_at)).toEqual([WEEK.start_at, WEEK_BEFORE.start_at, WEEK.start_at]);
	});

	test('a value the option does not know comes back to the model with the values it does', async () => {
		const [call] = await callTool(ctx.store, parameters, [{ args: { period: 'today', subuser: '', compareWith: 'lastWeek' } }]);
		const [{ error, description }] = JSON.parse(call.result as string);
		expect(error).toMatch(/Compare With.*lastWeek/);
		expect(description).toMatch(/none, previousPeriod/);
		expect(ctx.sandbox.queries).toEqual([]);
	});
});

describe('as the tool of an AI Agent on n8n 1.x (no isToolExecution on the context)', () => {
	test('a bad argument comes back as a result with the message and its hint, not as a rejection', async () => {
		const [call] = await callTool(ctx.store, TOOL, [{ args: { ...MARCH, period: 'lastYear' } }], 'UTC', { n8nV1: true });
		expect(call.rejected).toBeUndefined();
		const [{ error, description }] = JSON.parse(call.result as string);
		expect(error).toMatch(/Period.*"lastYear"/);
		expect(description).toMatch(/last7Days/);
		expect(ctx.sandbox.queries).toEqual([]);
	});

	test('a good call still gives the figures', async () => {
		const [{ result }] = await callTool(ctx.store, TOOL, [{ args: { ...MARCH, country: 'DE' } }], 'Europe/Vilnius', { n8nV1: true });
		const [figure] = JSON.parse(result as string);
		expect(figure).toMatchObject({ country: 'DE', unit: 'MB' });
		expect(figure.bytes).toBe(ctx.sandbox.data.bytes(Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00'), { country: 'DE' }));
	});
});

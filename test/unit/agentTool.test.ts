import { callTool } from '../harness/agent';
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

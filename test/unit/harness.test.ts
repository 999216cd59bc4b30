import { heldLogLines } from '../harness/n8n';
import { customPeriod, useSandbox } from '../harness/setup';

const ctx = useSandbox();

test('the harness hands each run its log lines and keeps none, so a long-lived test runner does not grow', async () => {
	const failure = { error: { code: 'internal', message: 'Logged failure' }, status: 500, path: '/api/v1/stats/traffic' };
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: failure, times: 3 });
	for (let run = 0; run < 3; run++) {
		const { logs } = await ctx.run({ resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') });
		expect(logs.join('\n')).toContain('GoProxies API error: Logged failure');
		expect(heldLogLines()).toBe(0);
	}
});

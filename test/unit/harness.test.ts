import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

import { heldLogLines } from '../harness/n8n';
import { customPeriod, stopN8nTimers, useSandbox } from '../harness/setup';

const ctx = useSandbox();

test('the harness hands each run its log lines and keeps none, so a long-lived test runner does not grow', async () => {
	const failure = { error: { code: 'internal', message: 'Logged failure' }, status: 500, path: '/api/v1/stats/traffic' };
	ctx.sandbox.fault({ path: '/api/v1/stats/traffic', status: 500, body: failure, times: 3 });
	for (let run = 0; run < 3; run++) {
		const { logs } = await ctx.run({ resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') });
		expect(logs.join('\n')).toContain('Logged failure');
		expect(heldLogLines()).toBe(0);
	}
});

test('after its runs a test file stops the interval n8n-core started, which would otherwise hold all its modules for good', async () => {
	const { error } = await ctx.run({ resource: 'traffic', operation: 'get', ...customPeriod('2026-03-01T00:00:00', '2026-03-31T23:59:59') });
	expect(error).toBeUndefined();
	const { cleanupTimer } = Container.get(SSHClientsManager) as unknown as { cleanupTimer: { _destroyed: boolean } };
	expect(cleanupTimer._destroyed).toBe(false);
	stopN8nTimers();
	expect(cleanupTimer._destroyed).toBe(true);
});

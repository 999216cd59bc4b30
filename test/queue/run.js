#!/usr/bin/env node
'use strict';
// npm run test:queue: the package in n8n's queue mode (PostgreSQL, Redis, a main and two workers sharing
// one user folder with the packed package installed as a community package), against the sandbox API.
// Work reaches the workers through production webhooks; expected figures come from the sandbox's data.
const assert = require('node:assert/strict');
const lib = require('../e2e/lib');
const { makeData } = require('../sandbox/data');
const { startCluster, webhookWorkflow, goProxiesNode } = require('./cluster');
const { running, stopAll } = require('./processes');

const MARCH = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59' };
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')];
const data = makeData();
const IN_FLIGHT = 10;
const statsRequests = (counts) => Object.entries(counts).filter(([key]) => key.startsWith('/api/v1/stats/')).reduce((sum, [, n]) => sum + n, 0);

/** "error 3, success 37": how often each value occurs. */
const tally = (values) => [...new Set(values)].sort().map((value) => `${value} ${values.filter((v) => v === value).length}`).join(', ');

async function waitUntil(test, seconds) {
	const until = Date.now() + seconds * 1000;
	while (!(await test())) {
		if (Date.now() > until) throw new Error(`not within ${seconds} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * The workflows the batches run, each a webhook → GoProxies Stats with its expected answer. Get by Subuser
 * (once it exists) is one more entry: { id, path, parameters: { resource, operation, ...MARCH }, expected }.
 */
const CASES = [
	{
		id: 'queueTrafficGet01',
		path: 'goproxies-traffic-get',
		parameters: { resource: 'traffic', operation: 'get', ...MARCH, filters: { country: 'DE', username: 'john doe' }, options: { unit: 'MB' } },
		expected: () => {
			const bytes = data.bytes(...MARCH_MS, { country: 'DE', username: 'john doe' });
			return [{ start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00', bytes, traffic: Math.round(bytes / 1e3) / 1000, unit: 'MB', country: 'DE', username: 'john doe' }];
		},
		pick: (items) => items,
	},
	{
		id: 'queueByCountry01',
		path: 'goproxies-by-country',
		parameters: { resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 5 } },
		expected: () => data.countries.map((country) => [country, data.bytes(...MARCH_MS, { country })]).sort((a, b) => b[1] - a[1]),
		pick: (items) => items.map((item) => [item.country, item.bytes]),
	},
];

const results = [];
async function check(name, fn) {
	const started = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		process.stdout.write(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
	} catch (error) {
		results.push({ name, ok: false });
		process.stdout.write(`  FAIL  ${name}\n        ${String(error.stack ?? error).split('\n').slice(0, 8).join('\n        ')}\n`);
	}
}

/** Runs `count` jobs with at most `inFlight` under way at once; resolves with their results in order. */
async function pool(count, inFlight, job) {
	const out = new Array(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < count) {
				const index = next++;
				out[index] = await job(index);
			}
		}),
	);
	return out;
}

async function main() {
	const started = Date.now();
	const sandbox = await lib.startSandboxProcess();
	process.on('exit', () => sandbox.child.kill('SIGKILL'));
	let cluster;
	try {
		const account = (await sandbox.control('state')).account;
		const counts = async () => (await sandbox.control('state')).counts;
		cluster = await startCluster({
			sandboxUrl: sandbox.url,
			account,
			workflows: CASES.map((c) => webhookWorkflow(c.id, c.path, [goProxiesNode(c.parameters)])),
		});
		lib.log(`n8n main and ${cluster.workers.length} workers ready after ${Math.round((Date.now() - started) / 1000)} s`);

		/** POSTs to the case's production webhook; returns { status, items } (items: the last node's output). */
		const call = async (c) => {
			const res = await fetch(`${cluster.main.url}/webhook/${c.path}`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
			const text = await res.text();
			let body;
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
			}
			return { status: res.status, body };
		};
		const batch = (count) => pool(count, IN_FLIGHT, (i) => call(CASES[i % CASES.length]).then((r) => ({ ...r, c: CASES[i % CASES.length] })));
		const wrong = (answers) => answers.filter((a) => a.status !== 200 || JSON.stringify(a.c.pick(a.body)) !== JSON.stringify(a.c.expected()));
		/** Execution ids each worker logged as started, from its own log. */
		const startedBy = () => cluster.workers.map((w) => [...w.output.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]));
		const executions = () => cluster.psql('select status, count(*) from execution_entity group by status order by status');
		/** n8n's execution records in order: { id, workflowId, status, message } (message: the run data, for errors). */
		const executionsOf = () =>
			cluster
				.psql(`select e.id, e."workflowId", e.status, case when e.status = 'success' then '' else coalesce(d.data, '') end from execution_entity e left join execution_data d on d."executionId" = e.id order by e.id`)
				.split('\n')
				.filter(Boolean)
				.map((line) => {
					const [id, workflowId, status, ...rest] = line.split('|');
					return { id, workflowId, status, message: rest.join('|') };
				});

		await check('first execution: logs in once and stores the token in PostgreSQL', async () => {
			const [answer] = await batch(1);
			assert.deepEqual(wrong([answer]), []);
			assert.equal((await counts())['/api/v1/login'], 1);
		});

		await check(`100 executions, ${IN_FLIGHT} in flight: all correct, each run by exactly one worker, both workers ran some`, async () => {
			const before = startedBy().flat().length;
			const answers = await batch(100);
			const bad = wrong(answers);
			assert.equal(bad.length, 0, `${bad.length} wrong answers (HTTP ${tally(bad.map((a) => a.status))}), e.g. ${String(JSON.stringify(bad[0]?.body)).slice(0, 300)}; records: ${executions()}`);
			const perWorker = startedBy();
			const all = perWorker.flat();
			assert.equal(all.length - before, 100, `workers logged ${all.length - before} starts`);
			assert.equal(new Set(all).size, all.length, 'an execution was started by two workers');
			assert.ok(perWorker.every((ids) => ids.length > 0), `executions per worker: ${perWorker.map((ids) => ids.length).join(', ')}`);
			lib.log(`executions per worker: ${perWorker.map((ids) => ids.length).join(', ')}`);
			assert.equal(executions(), `success|${all.length}`);
		});

		await check('one login for the whole run: both workers used the token stored in PostgreSQL', async () => {
			const now = await counts();
			assert.equal(now['/api/v1/login'], 1);
			assert.equal(now['401'] ?? 0, 0);
		});

		await check(`after the API expired every token: every execution succeeds, new logins measured`, async () => {
			await sandbox.control('expire-tokens');
			const before = await counts();
			const answers = await batch(40);
			assert.deepEqual(wrong(answers).length, 0);
			const after = await counts();
			const logins = after['/api/v1/login'] - before['/api/v1/login'];
			lib.log(`after expiry: ${logins} new logins, ${(after['401'] ?? 0) - (before['401'] ?? 0)} answers 401 (${IN_FLIGHT} in flight, ${cluster.workers.length} workers)`);
			assert.ok(logins >= 1 && logins <= IN_FLIGHT, `${logins} new logins`);
			const again = await counts();
			await batch(10);
			assert.equal((await counts())['/api/v1/login'], again['/api/v1/login'], 'logged in again after the token was renewed');
		});

		// Once the GoProxies Trigger exists: add its workflow (trigger → No Op, published like the others) to
		// `workflows:` of startCluster above, and a check here: make its event happen in the sandbox, wait two
		// poll intervals, then executionsOf().filter((r) => r.workflowId === id) has exactly one record, one
		// worker logged it (startedBy()), and the sandbox's count of the polled path grew by one per interval
		// (only the main polls).

		await check('one session per account (a new login revokes the others), both workers busy: no loop, failures are GoProxies errors', async () => {
			// the stored token no longer valid and answers slow enough that executions on both workers overlap
			// their logins: each new login revokes tokens others are using
			await sandbox.control('reset', { singleSession: true, latencyMs: 200 });
			await sandbox.control('expire-tokens');
			const before = executionsOf();
			const answers = await batch(40);
			const now = await counts();
			const failed = answers.filter((a) => a.status !== 200).length;
			const records = executionsOf().slice(before.length);
			const errors = records.filter((r) => r.status === 'error');
			const named = errors.filter((r) => r.message.includes('GoProxies API error: Token is invalid or expired'));
			lib.log(
				`single session: ${failed} of 40 executions failed, ${now['/api/v1/login'] ?? 0} logins, ${now['401'] ?? 0} answers 401, ` +
					`${statsRequests(now)} statistics requests`,
			);
			assert.equal(records.length, 40);
			assert.equal(errors.length, failed);
			assert.equal(named.length, errors.length, `errors without the GoProxies message: ${errors.filter((r) => !named.includes(r)).map((r) => r.message.slice(0, 200)).join(' | ')}`);
			assert.ok(now['/api/v1/login'] >= 2, 'no token was revoked: the case did not happen');
			// no loop: n8n logs in again at most once per rejected request
			assert.ok(now['/api/v1/login'] <= now['401'], 'more logins than rejected requests');
			await sandbox.control('reset');
		});

		await check('a worker killed with SIGKILL in the middle of a batch: every execution ends as success or error, none lost, the other goes on', async () => {
			await sandbox.control('reset', { latencyMs: 300 }); // executions long enough for the kill to land in some
			const [victim, ...others] = cluster.workers;
			const before = executionsOf().length;
			const victimStarts = startedBy()[0].length;
			const running = batch(40);
			await waitUntil(() => startedBy()[0].length >= victimStarts + 5, 120);
			process.kill(-victim.child.pid, 'SIGKILL');
			const othersAtKill = startedBy().slice(1).flat().length;
			const answers = await running;
			await waitUntil(() => executionsOf().slice(before).every((r) => ['success', 'error', 'crashed'].includes(r.status)), 90);
			const records = executionsOf().slice(before);
			lib.log(`after the kill: ${tally(records.map((r) => r.status))}; answers ${answers.filter((a) => a.status === 200).length} × 200, ${answers.filter((a) => a.status !== 200).length} other`);
			assert.equal(records.length, 40, 'an execution has no record');
			assert.deepEqual(records.filter((r) => !['success', 'error', 'crashed'].includes(r.status)), []);
			assert.ok(records.some((r) => r.status !== 'success'), 'the kill did not land in any execution');
			assert.deepEqual(wrong(answers.filter((a) => a.status === 200)), []);
			assert.ok(startedBy().slice(1).flat().length > othersAtKill, 'the other worker ran nothing after the kill');
			assert.equal(others.every((w) => w.child.exitCode === null), true);
		});

		await check('neither the password nor any token appears in anything n8n printed', async () => {
			const { issuedTokens } = await sandbox.control('state');
			const text = [cluster.main, ...cluster.workers].map((p) => p.output).join('\n');
			const leaked = [account.password, ...issuedTokens].filter((secret) => text.includes(secret));
			assert.equal(leaked.length, 0, `${leaked.length} secret(s) found in n8n's output`);
		});
	} finally {
		if (cluster) await cluster.stop();
		await sandbox.stop();
		await stopAll();
	}
	await check('every process the run started is stopped', async () => {
		assert.deepEqual(running(), []);
		assert.notEqual(sandbox.child.exitCode ?? sandbox.child.signalCode, null, 'the sandbox is still running');
	});

	const failed = results.filter((r) => !r.ok).length;
	process.stdout.write(`\n${results.length - failed} passed, ${failed} failed\n`);
	process.stdout.write(`(queue-mode run took ${Math.round((Date.now() - started) / 1000)} s)\n`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`test:queue could not run: ${error.stack ?? error}\n`);
	const passed = results.filter((r) => r.ok).length;
	process.stdout.write(`\n${passed} passed, ${results.length - passed + 1} failed\n`);
	process.exit(1);
});

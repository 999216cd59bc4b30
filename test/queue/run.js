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

/** The workflows the batches run, each a webhook → GoProxies Stats with its expected answer. */
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
	{
		id: 'queueBySubuser01',
		path: 'goproxies-by-subuser',
		parameters: { resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { concurrency: 5 } },
		expected: () => data.users.map((username) => [username, data.bytes(...MARCH_MS, { username })]).sort((a, b) => b[1] - a[1]),
		pick: (items) => items.map((item) => [item.username, item.bytes]),
	},
];

/**
 * A GoProxies Trigger that alice can only reach when the test lowers her limit: 1,000% of a 100 GB limit is
 * more than she uses in any month of the sandbox's data. Polled every minute, by the main process only.
 */
const TRIGGER_ID = 'queueTrigger0001';
const triggerWorkflow = {
	id: TRIGGER_ID,
	name: TRIGGER_ID,
	active: false,
	settings: { executionOrder: 'v1', timezone: 'Europe/Vilnius' },
	connections: {},
	nodes: [
		{
			id: `${TRIGGER_ID}-node`,
			name: 'GoProxies Trigger',
			type: `${lib.PACKAGE_NAME}.goProxiesTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'subuserLimitReached', threshold: 1000, filters: { username: 'alice' } },
			credentials: { goProxiesApi: { id: lib.CREDENTIAL_ID, name: 'GoProxies sandbox' } },
		},
	],
};
const SUBUSERS_PATH = '/api/v1/reseller/subusers';

const { check, summary } = lib.checker({ detail: (error) => String(error.stack ?? error).split('\n').slice(0, 8).join('\n') });

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
			workflows: [...CASES.map((c) => webhookWorkflow(c.id, c.path, [goProxiesNode(c.parameters)])), triggerWorkflow],
		});
		lib.log(`n8n main and ${cluster.workers.length} workers ready after ${Math.round((Date.now() - started) / 1000)} s`);

		/** POSTs to the case's production webhook; returns { status, items } (items: the last node's output). */
		const call = async (c) => {
			const sent = new Date().toISOString();
			let res;
			try {
				res = await fetch(`${cluster.main.url}/webhook/${c.path}`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
			} catch (error) {
				if (error.name !== 'TimeoutError') throw error;
				return { status: 'no answer', body: `POST /webhook/${c.path} sent at ${sent}: no answer within 120 s; ${executionsAround(c.id, sent)}` };
			}
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
		const allExecutions = () =>
			cluster
				.psql(`select e.id, e."workflowId", e.status, case when e.status = 'success' then '' else coalesce(d.data, '') end from execution_entity e left join execution_data d on d."executionId" = e.id order by e.id`)
				.split('\n')
				.filter(Boolean)
				.map((line) => {
					const [id, workflowId, status, ...rest] = line.split('|');
					return { id, workflowId, status, message: rest.join('|') };
				});
		/** The workflow's executions created within 2 s of `sent`, and every log line naming them. */
		const executionsAround = (workflowId, sent) => {
			const rows = cluster.psql(
				`select id, status, "createdAt", "startedAt", "stoppedAt" from execution_entity where "workflowId" = '${workflowId}' ` +
					`and "createdAt" between timestamptz '${sent}' - interval '2 seconds' and timestamptz '${sent}' + interval '2 seconds' order by id`,
			);
			const ids = rows.split('\n').filter(Boolean).map((row) => row.split('|')[0]);
			const lines = [cluster.main, ...cluster.workers].flatMap((p) =>
				p.output.split('\n').filter((line) => ids.some((id) => new RegExp(`\\b(execution\\s+|executionId\\W+)${id}\\b`).test(line))).map((line) => `${p.name}: ${line}`),
			);
			return `its executions created then: ${rows.replace(/\n/g, '; ') || 'none'}; their log lines: ${lines.join(' / ') || 'none'}`;
		};
		/** The batches' execution records: the trigger's own (its firing, a poll failing) are not theirs. */
		const executionsOf = () => allExecutions().filter((r) => r.workflowId !== TRIGGER_ID);

		await check('first execution: logs in once and stores the token in PostgreSQL', async () => {
			const [answer] = await batch(1);
			assert.deepEqual(wrong([answer]), []);
			assert.equal((await counts())['/api/v1/login'], 1);
		});

		await check(`100 executions, ${IN_FLIGHT} in flight: all correct, each run by exactly one worker, both workers ran some`, async () => {
			const before = startedBy().flat().length;
			const answers = await batch(100);
			const bad = wrong(answers);
			assert.equal(bad.length, 0, `${bad.length} wrong answers (HTTP ${tally(bad.map((a) => a.status))}), e.g. ${String(JSON.stringify(bad[0]?.body)).slice(0, 3000)}; records: ${executions()}`);
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

		await check('the GoProxies Trigger polls on the main only, and fires exactly once with two workers running', async () => {
			// Every process that polled would ask for the subuser list once a minute: only the main may.
			const polls = async () => (await counts())[SUBUSERS_PATH] ?? 0;
			const fired = () => allExecutions().filter((r) => r.workflowId === TRIGGER_ID);
			const first = await polls();
			await waitUntil(async () => (await polls()) > first, 75);
			const sincePoll = await polls();
			assert.equal(fired().length, 0, 'fired before alice reached the threshold');
			await sandbox.control('subuser', { username: 'alice', changes: { traffic_limit_amount: 1 } });
			await waitUntil(async () => fired().length > 0, 75);
			const atFiring = await polls();
			await waitUntil(async () => (await polls()) > atFiring, 75); // one more poll, alice still over: no repeat
			await new Promise((resolve) => setTimeout(resolve, 5_000));
			// The poll that fired and the one after it: two requests if only the main polls, six with the workers too.
			assert.equal((await polls()) - sincePoll, 2, 'subuser-list requests from the firing poll and the next one');
			const records = fired();
			assert.equal(records.length, 1, `${records.length} executions of the trigger`);
			assert.equal(records[0].status, 'success');
			const runBy = startedBy().map((ids) => ids.includes(records[0].id));
			assert.equal(runBy.filter(Boolean).length, 1, 'the trigger execution was not run by exactly one worker');
		});

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

	const failed = summary();
	process.stdout.write(`(queue-mode run took ${Math.round((Date.now() - started) / 1000)} s)\n`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	process.stderr.write(`test:queue could not run: ${error.stack ?? error}\n`);
	summary(1);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// npm run test:queue: the package in n8n's queue mode (PostgreSQL, Redis, a main and two workers sharing
// one user folder with the packed package installed as a community package), against the sandbox API.
// Work reaches the workers through production webhooks; expected figures come from the sandbox's data.
const assert = require('node:assert/strict');
const { suite } = require('../support/checks');
const { MCP, goProxiesNode, pollEvery, readExample, triggerWorkflow, webhookWorkflow } = require('../support/fixtures');
const { connect, servedWithin } = require('../support/mcp');
const { everythingN8nSaid, itemsOf, log, parseRunData } = require('../support/n8n');
const { sleep, waitFor } = require('../support/processes');
const { pool, startCluster } = require('../support/queue');
const { makeData } = require('../sandbox/data');
const { requestsTo } = require('../sandbox/server');

const MARCH = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59' };
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')];
const data = makeData();
const IN_FLIGHT = 10;
const ENDED = ['success', 'error', 'crashed', 'canceled'];
/** A list as an SQL list of strings. */
const quoted = (values) => values.map((value) => `'${value}'`).join(', ');

/** "error 3, success 37": how often each value occurs. */
const tally = (values) => [...new Set(values)].sort().map((value) => `${value} ${values.filter((v) => v === value).length}`).join(', ');

/** Waits until `test()` holds, checking every 200 ms; fails after `seconds`. */
const waitUntil = (test, seconds, what = 'the condition') => waitFor(what, test, { seconds, every: 200 });

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
const CASE_IDS = quoted(CASES.map((c) => c.id));

/**
 * A GoProxies Trigger that alice can only reach when the test lowers her limit: 1,000% of a 100 GB limit is
 * more than she uses in any month of the sandbox's data. Polled by the main only, every 10 s (fixtures.js
 * pollEvery), so that the check below sees several polls in a minute instead of one.
 */
const TRIGGER_ID = 'queueTrigger0001';
const POLL_SECONDS = 10;
const TRIGGER = triggerWorkflow(TRIGGER_ID, { event: 'subuserLimitReached', threshold: 1000, filters: { username: 'alice' } }, { pollTimes: pollEvery(POLL_SECONDS) });
/** How many poll times passed between two moments (ms): every minute at :00, :10, … :50, in any zone. */
const pollTimesBetween = (from, to) => Math.floor(to / (POLL_SECONDS * 1000)) - Math.floor(from / (POLL_SECONDS * 1000));
/** Waits until 5 s after the next poll time (halfway to the one after), so that its request has been made; returns that moment. */
async function afterNextPollTime() {
	const next = (Math.floor(Date.now() / (POLL_SECONDS * 1000)) + 1) * POLL_SECONDS * 1000;
	await sleep(next + 5000 - Date.now());
	return Date.now();
}
const SUBUSERS_PATH = '/api/v1/reseller/subusers';
const { check, run } = suite('queue-mode run');

run(async () => {
	const started = Date.now();
	let cluster;
	await check('queue mode starts: PostgreSQL, Redis, a main and two workers, the workflows published', async () => {
		cluster = await startCluster({
			workflows: [...CASES.map((c) => webhookWorkflow(c.id, c.path, [goProxiesNode(c.parameters)], { responseMode: 'onReceived' })), TRIGGER, readExample(MCP.file)],
		});
		log(`n8n main and ${cluster.workers.length} workers ready after ${Math.round((Date.now() - started) / 1000)} s`);
	}, { always: true });
	const { sandbox, account } = cluster;
	const counts = sandbox.counts;

	/** POSTs to the case's production webhook, which answers as soon as n8n has queued the execution. */
	const call = async (c) => {
		const res = await fetch(`${cluster.main.url}/webhook/${c.path}`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
		const text = await res.text();
		assert.equal(res.status, 200, `POST /webhook/${c.path} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
	};
	const lastId = () => Number(cluster.psql('select coalesce(max(id), 0) from execution_entity'));
	/** n8n's execution records after `afterId`, oldest first: { id, workflowId, status, data } (data: the stored run data). */
	const records = (afterId = 0) =>
		cluster
			.psql(`select e.id, e."workflowId", e.status, coalesce(d.data, '') from execution_entity e left join execution_data d on d."executionId" = e.id where e.id > ${afterId} order by e.id`)
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [id, workflowId, status, ...rest] = line.split('|');
				return { id, workflowId, status, data: rest.join('|') };
			});
	const caseOf = (record) => CASES.find((c) => c.id === record.workflowId);
	/** Every line of n8n's output (main and workers) that names one of these executions. */
	const logLinesOf = (ids) =>
		[cluster.main, ...cluster.workers].flatMap((p) =>
			p.proc.output().split('\n').filter((line) => ids.some((id) => new RegExp(`\\b(execution\\s+|executionId\\W+)${id}\\b`).test(line))).map((line) => `${p.proc.name}: ${line}`),
		);
	/**
	 * Starts `count` executions (the cases in turn, IN_FLIGHT webhook calls at a time) and waits until n8n has
	 * recorded an end for each; returns their records. Results are read from n8n's execution records, the
	 * run data a user sees in the Executions list, not from the webhook's answer.
	 */
	const batch = async (count) => {
		const after = lastId();
		await pool(count, IN_FLIGHT, (i) => call(CASES[i % CASES.length]));
		const mine = () => records(after).filter(caseOf);
		try {
			await waitUntil(() => Number(cluster.psql(`select count(*) from execution_entity where id > ${after} and "workflowId" in (${CASE_IDS}) and status in (${quoted(ENDED)})`)) >= count, 180);
		} catch {
			const open = mine().filter((r) => !ENDED.includes(r.status));
			throw new Error(`${mine().length} of ${count} executions recorded, ${open.length} not ended after 180 s: ${open.map((r) => `${r.id} ${r.status}`).join(', ')}; their log lines: ${logLinesOf(open.map((r) => r.id)).join(' / ') || 'none'}`);
		}
		const ended = mine();
		assert.equal(ended.length, count, `${count} webhook calls made ${ended.length} executions`);
		return ended;
	};
	/** The GoProxies Stats node's output items in a record's run data. */
	const outputOf = (record) => itemsOf(parseRunData(record.data).resultData.runData, 'GoProxies Stats');
	const isRight = (record) => record.status === 'success' && JSON.stringify(caseOf(record).pick(outputOf(record))) === JSON.stringify(caseOf(record).expected());
	/** The records that did not end in success with the expected items, each as "id status: what it holds". */
	const wrong = (list) => list.filter((r) => !isRight(r)).map((r) => `${r.id} ${r.status}: ${r.data.slice(0, 300)}`);
	/** Execution ids each worker logged as started, from its own log. */
	const startedBy = () => cluster.workers.map((w) => [...w.proc.output().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]));
	/** Fails unless exactly one worker logged starting execution `id`; says which did. */
	const assertRunByOneWorker = (id, what) => {
		const runBy = startedBy().map((ids) => ids.includes(id));
		assert.equal(runBy.filter(Boolean).length, 1, `${what} (execution ${id}) was not started by exactly one worker (per worker: ${runBy.join(', ')})`);
	};
	const executions = () => cluster.psql('select status, count(*) from execution_entity group by status order by status');

	await check('first execution: logs in once and stores the token in PostgreSQL', async () => {
		assert.deepEqual(wrong(await batch(1)), []);
		assert.equal((await counts())['/api/v1/login'], 1);
	});

	await check(`100 executions, ${IN_FLIGHT} in flight: all correct, each run by exactly one worker, both workers ran some`, async () => {
		const before = startedBy().flat().length;
		const bad = wrong(await batch(100));
		assert.equal(bad.length, 0, `${bad.length} wrong, e.g. ${bad[0]}; records: ${executions()}`);
		const perWorker = startedBy();
		const all = perWorker.flat();
		assert.equal(all.length - before, 100, `workers logged ${all.length - before} starts`);
		assert.equal(new Set(all).size, all.length, 'an execution was started by two workers');
		assert.ok(perWorker.every((ids) => ids.length > 0), `executions per worker: ${perWorker.map((ids) => ids.length).join(', ')}`);
		log(`executions per worker: ${perWorker.map((ids) => ids.length).join(', ')}`);
		assert.equal(executions(), `success|${all.length}`);
	});

	await check('one login for the whole run: both workers used the token stored in PostgreSQL', async () => {
		const now = await counts();
		assert.equal(now['/api/v1/login'], 1);
		assert.equal(now['401'] ?? 0, 0);
	});

	await check('an MCP client\'s tool call through the main is run by a worker and gets the right figures', async () => {
		const after = lastId();
		const url = `${cluster.main.url}/mcp/${MCP.path}`;
		await servedWithin(url, 90);
		const client = await connect(url, 'Streamable HTTP', []);
		try {
			const { items, isError, text } = await client.call('GoProxies_Total_Traffic', { ...MARCH, subuser: 'alice', country: 'DE' });
			assert.equal(isError, false, text.slice(0, 300));
			assert.deepEqual(items.map((item) => [item.bytes, item.username, item.country]), [[data.bytes(...MARCH_MS, { username: 'alice', country: 'DE' }), 'alice', 'DE']]);
		} finally {
			await client.close();
		}
		await waitUntil(() => records(after).some((r) => r.workflowId === MCP.workflowId && ENDED.includes(r.status)), 60);
		const [record] = records(after).filter((r) => r.workflowId === MCP.workflowId);
		assert.equal(record.status, 'success');
		assertRunByOneWorker(record.id, 'the MCP tool call');
	});

	await check(`after the API expired every token: every execution succeeds, new logins measured`, async () => {
		await sandbox.control('expire-tokens');
		const before = await counts();
		assert.deepEqual(wrong(await batch(40)), []);
		const after = await counts();
		const logins = after['/api/v1/login'] - before['/api/v1/login'];
		log(`after expiry: ${logins} new logins, ${(after['401'] ?? 0) - (before['401'] ?? 0)} answers 401 (${IN_FLIGHT} in flight, ${cluster.workers.length} workers)`);
		assert.ok(logins >= 1 && logins <= IN_FLIGHT, `${logins} new logins`);
		const again = await counts();
		await batch(10);
		assert.equal((await counts())['/api/v1/login'], again['/api/v1/login'], 'logged in again after the token was renewed');
	});

	await check('the GoProxies Trigger polls on the main only, and fires exactly once with two workers running', async () => {
		// Every process that polled would ask for the subuser list at each poll time: only the main may.
		const polls = async () => (await counts())[SUBUSERS_PATH] ?? 0;
		const fired = () => records().filter((r) => r.workflowId === TRIGGER_ID);
		const from = await afterNextPollTime();
		const pollsFrom = await polls();
		assert.equal(fired().length, 0, 'fired before alice reached the threshold');
		// 1 MB: alice is over 1,000% of it from the first hour of any period
		await sandbox.control('subuser', { username: 'alice', changes: { traffic_limit_amount: 0.001 } });
		await waitUntil(async () => fired().length > 0, 60, 'the trigger to fire');
		await afterNextPollTime(); // one more poll, alice still over: no repeat
		const to = await afterNextPollTime();
		const pollTimes = pollTimesBetween(from, to);
		assert.equal((await polls()) - pollsFrom, pollTimes, `subuser-list requests in ${pollTimes} poll times (one each when only the main polls, three with the workers too)`);
		const firings = fired();
		assert.equal(firings.length, 1, `${firings.length} executions of the trigger`);
		assert.equal(firings[0].status, 'success');
		assertRunByOneWorker(firings[0].id, 'the trigger execution');
	});

	await check('one session per account (a new login revokes the others), both workers busy: no loop, failures are GoProxies errors', async () => {
		// the stored token no longer valid and answers slow enough that executions on both workers overlap
		// their logins: each new login revokes tokens others are using
		await sandbox.control('reset', { singleSession: true, latencyMs: 200 });
		await sandbox.control('expire-tokens');
		const ended = await batch(40);
		const now = await counts();
		const failed = ended.filter((r) => r.status !== 'success');
		const errors = ended.filter((r) => r.status === 'error');
		const named = errors.filter((r) => r.data.includes('GoProxies API error: Token is invalid or expired'));
		log(
			`single session: ${failed.length} of 40 executions failed, ${now['/api/v1/login'] ?? 0} logins, ${now['401'] ?? 0} answers 401, ` +
				`${requestsTo(now, '/api/v1/stats/')} statistics requests`,
		);
		assert.equal(ended.length, 40);
		assert.deepEqual(failed, errors, 'an execution ended other than in success or error');
		assert.deepEqual(wrong(ended.filter((r) => r.status === 'success')), []);
		assert.equal(named.length, errors.length, `errors without the GoProxies message: ${errors.filter((r) => !named.includes(r)).map((r) => r.data.slice(0, 200)).join(' | ')}`);
		assert.ok(now['/api/v1/login'] >= 2, 'no token was revoked: the case did not happen');
		// no loop: n8n logs in again at most once per rejected request
		assert.ok(now['/api/v1/login'] <= now['401'], 'more logins than rejected requests');
		await sandbox.control('reset');
	});

	await check('a worker killed with SIGKILL in the middle of a batch: every execution ends as success or error, none lost, the other goes on', async () => {
		await sandbox.control('reset', { latencyMs: 300 }); // executions long enough for the kill to land in some
		const [victim, ...others] = cluster.workers;
		const victimStarts = startedBy()[0].length;
		const running = batch(40);
		await waitUntil(() => startedBy()[0].length >= victimStarts + 5, 120);
		process.kill(-victim.proc.child.pid, 'SIGKILL');
		const othersAtKill = startedBy().slice(1).flat().length;
		const ended = await running;
		// The executions the kill cut short: started by the killed worker, never finished by it.
		const finishedByVictim = [...victim.proc.output().matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]);
		const cut = ended.filter((r) => startedBy()[0].includes(r.id) && !finishedByVictim.includes(r.id));
		// n8n 2 fails them (error) once their lock runs out; n8n 1.x hands them to another worker, which runs them again
		const rerun = cut.filter((r) => startedBy().slice(1).some((ids) => ids.includes(r.id)));
		log(`after the kill: ${tally(ended.map((r) => r.status))}; ${cut.length} cut short (${tally(cut.map((r) => r.status))}), ${rerun.length} of them run again by another worker`);
		assert.equal(ended.length, 40, 'an execution has no record');
		assert.deepEqual(ended.filter((r) => !['success', 'error', 'crashed'].includes(r.status)).map((r) => `${r.id} ${r.status}`), []);
		assert.ok(cut.length > 0, 'the kill did not land in any execution');
		assert.deepEqual(cut.filter((r) => r.status === 'success' && !rerun.includes(r)).map((r) => r.id), [], 'an execution cut short ended as a success without being run again');
		assert.deepEqual(wrong(ended.filter((r) => r.status === 'success')), []);
		assert.ok(startedBy().slice(1).flat().length > othersAtKill, 'the other worker ran nothing after the kill');
		assert.equal(others.every((w) => w.proc.child.exitCode === null), true);
	});

	await check('neither the password nor any token appears in anything n8n printed', async () => {
		const { issuedTokens } = await sandbox.control('state');
		const text = everythingN8nSaid();
		const leaked = [account.password, ...issuedTokens].filter((secret) => text.includes(secret));
		assert.equal(leaked.length, 0, `${leaked.length} secret(s) found in n8n's output`);
	});
	await cluster.stop();
});

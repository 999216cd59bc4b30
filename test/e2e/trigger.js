'use strict';
// The GoProxies Trigger in a real, running n8n: workflows imported and published before `n8n start`, which
// activates and polls them; what fired is counted from n8n's own execution records, read through its REST API.
// `node test/e2e/trigger.js` runs these checks alone; `npm run test:e2e` runs them after the others (run.js).
const assert = require('node:assert/strict');
const { suite } = require('../support/checks');
const { CREDENTIAL, OWNER, TRIGGER_TYPE, pollEvery, triggerWorkflow } = require('../support/fixtures');
const { itemsOf, parseRunData, runManually, signIn, startN8n } = require('../support/n8n');
const { sleep, waitFor } = require('../support/processes');
const { importWorkflows, prepareN8n, publishWorkflow } = require('../support/workspace');
const { atOrAbove, makeData } = require('../sandbox/data');

const TRIGGER = 'GoProxies Trigger';
const HOUR = 3_600_000;
const ALERT_ID = 'e2eTriggerAlert1';
const HISTORY_ID = 'e2eTriggerHist01';
const PROJECTED_ID = 'e2eTriggerProj01';
/** A poll every 10 s (fixtures.js pollEvery): the checks below wait for the next poll, not for a minute. */
const POLL_EVERY_10_S = pollEvery(10);

const WORKFLOWS = [
	triggerWorkflow(ALERT_ID, { event: 'subuserLimitReached', threshold: 80 }, { name: 'e2e: subuser reached 80% of its limit', timezone: 'UTC', pollTimes: POLL_EVERY_10_S }),
	// Start At is read at the first poll only, so this is exactly 72 complete hours before activation.
	triggerWorkflow(
		HISTORY_ID,
		{ event: 'newHistoryBucket', resource: 'traffic', interval: 'hour', options: { startAt: "={{ $now.startOf('hour').minus(72, 'hours') }}", delayMinutes: 0 } },
		{ name: 'e2e: hourly traffic history', timezone: 'UTC', pollTimes: POLL_EVERY_10_S },
	),
	triggerWorkflow(PROJECTED_ID, { event: 'subuserProjectedToReachLimit', withinDays: 3 }, { name: 'e2e: subuser projected to reach its limit', pollTimes: POLL_EVERY_10_S }),
];

/** The ended executions of a workflow, oldest first, each with the items its trigger output. */
async function executionsOf(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await rest('GET', `executions?filter=${filter}&limit=100`);
	const ended = results.filter((execution) => execution.status !== 'running' && execution.status !== 'new');
	const executions = [];
	for (const { id, mode, status } of ended.sort((a, b) => Number(a.id) - Number(b.id))) {
		const full = await rest('GET', `executions/${id}`);
		executions.push({ id, mode, status, items: itemsOf(parseRunData(full.data).resultData.runData, TRIGGER) });
	}
	return executions;
}

const triggered = (executions) => executions.filter((execution) => execution.mode === 'trigger');

/** The trigger checks, on a prepared n8n (workspace.js) whose sandbox they may reset. */
async function triggerChecks({ check, n8n }) {
	const { sandbox } = n8n;
	await check('GoProxies Trigger workflows import and publish', async () => {
		await sandbox.control('reset');
		importWorkflows(n8n.env, n8n.work, WORKFLOWS);
		for (const { id } of WORKFLOWS) publishWorkflow(n8n.env, id);
	}, { always: true });

	const server = await startN8n(n8n.env, { owner: OWNER });
	try {
		const rest = await signIn(server.url, OWNER);
		const subuserPolls = async () => (await sandbox.counts())['/api/v1/reseller/subusers'] ?? 0;
		const nextPoll = async () => {
			const polls = await subuserPolls();
			await waitFor('the next poll', async () => (await subuserPolls()) > polls, { seconds: 60, every: 500 });
			await sleep(3000); // the poll's execution recorded, if it fired
		};
		/** The subusers the sandbox's data puts at or above 80% of their limit now. */
		const overThreshold = (changes = {}) => atOrAbove(sandbox.data.subuserList(Date.now(), changes), 80);
		/** The trigger executions of a workflow once there are at least `atLeast` of them. */
		const firings = async (workflowId, atLeast = 1) =>
			await waitFor(`${atLeast} firing(s) of ${workflowId}`, async () => {
				const executions = triggered(await executionsOf(rest, workflowId));
				return executions.length >= atLeast && executions;
			}, { seconds: 90, every: 1000 });

		await check('Subuser Reached a Share of Its Limit: fires at activation for the subusers over the threshold', async () => {
			const [first] = await firings(ALERT_ID);
			assert.equal(first.status, 'success');
			const expected = overThreshold();
			assert.ok(expected.length >= 1, 'the sandbox has no subuser over 80% of its limit');
			assert.deepEqual(first.items.map((item) => item.username), expected);
			assert.deepEqual(Object.keys(first.items[0]).sort(), ['enabled', 'period_ends_at', 'period_started_at', 'recurring', 'threshold', 'traffic_limit', 'traffic_used', 'unit', 'used_share', 'username']);
		});

		await check('Fetch Test Event through the REST API: real data, the closest candidate, the state untouched', async () => {
			const executionId = await runManually(rest, ALERT_ID, { trigger: TRIGGER, destination: TRIGGER });
			const manual = await waitFor('the manual execution', async () => (await executionsOf(rest, ALERT_ID)).find((execution) => execution.id === String(executionId)), { seconds: 60, every: 500 });
			assert.equal(manual.mode, 'manual');
			const subusers = sandbox.data.subuserList(Date.now()).filter((subuser) => subuser.traffic_limit_amount > 0);
			const highest = subusers.sort((a, b) => b.traffic_used / b.traffic_limit_amount - a.traffic_used / a.traffic_limit_amount)[0];
			assert.deepEqual(manual.items.map((item) => item.username), [highest.username]);
		});

		await check("the trigger's Subuser dropdown lists every subuser through n8n's editor API", async () => {
			const options = await rest('POST', 'dynamic-node-parameters/options', {
				nodeTypeAndVersion: { name: TRIGGER_TYPE, version: 1 },
				path: 'filters.username',
				methodName: 'getSubusers',
				currentNodeParameters: { event: 'subuserLimitReached', filters: {} },
				credentials: { goProxiesApi: CREDENTIAL },
			});
			assert.deepEqual(options.map((option) => option.value).sort(), [...makeData().users].sort());
		});

		await check('a later poll fires nothing; then the one subuser the sandbox pushes over fires, exactly once', async () => {
			await nextPoll();
			assert.equal(triggered(await executionsOf(rest, ALERT_ID)).length, 1);
			const before = overThreshold();
			const pushed = sandbox.data.users.find((username) => !before.includes(username) && username !== 'bob');
			const changes = { [pushed]: { traffic_limit_amount: 0.001 } }; // 1 MB: over 80% from any period's first hour
			await sandbox.control('subuser', { username: pushed, changes: changes[pushed] });
			assert.deepEqual(overThreshold(changes).filter((username) => !before.includes(username)), [pushed]);
			const [, second] = await firings(ALERT_ID, 2);
			assert.deepEqual(second.items.map((item) => item.username), [pushed]);
			await nextPoll();
			assert.equal(triggered(await executionsOf(rest, ALERT_ID)).length, 2);
		});

		await check('Subuser Projected to Reach Its Limit: fires at activation for those projected within 3 days, once per subuser and limit', async () => {
			const executions = await firings(PROJECTED_ID);
			const [first] = executions;
			assert.equal(first.status, 'success');
			// the check above changed one subuser's limit, which re-arms that subuser
			const fired = executions.flatMap((execution) => execution.items.map((item) => `${item.username} (limit ${item.traffic_limit}, period from ${item.period_started_at})`));
			assert.equal(new Set(fired).size, fired.length, `fired twice for the same limit and period: ${fired.join(', ')}`);
			// žygimantas is over his 1 MB limit from the first hour: projected in the past, within any window
			assert.ok(first.items.some((item) => item.username === 'žygimantas'), JSON.stringify(first.items.map((item) => item.username)));
			for (const item of first.items) {
				assert.ok(item.traffic_limit > 0 && item.traffic_used > 0, `${item.username} has no limit or no usage`);
				assert.ok(Date.parse(item.projected_limit_at) <= Date.now() + 3 * 86_400_000, `${item.username}: ${item.projected_limit_at}`);
				assert.equal(item.within_days, 3);
			}
		});

		await check('New History Bucket, Start At three days back: 72 hourly buckets, once each, across polls', async () => {
			const executions = await firings(HISTORY_ID);
			assert.equal(executions[0].items.length, 72);
			const items = executions.flatMap((execution) => execution.items);
			const starts = items.map((item) => Date.parse(item.start_at));
			assert.equal(new Set(starts).size, starts.length, 'a bucket was emitted twice');
			for (let i = 1; i < items.length; i++) assert.equal(starts[i], Date.parse(items[i - 1].end_at) + 1000, 'buckets not in order or with a gap');
			assert.equal(starts[0] % HOUR, 0);
			// Later executions only when an hour ended during the run: one bucket each.
			assert.ok(executions.slice(1).every((execution) => execution.items.length === 1));
			assert.ok(Date.parse(items.at(-1).end_at) + 1000 <= Date.now());
			const data = makeData();
			assert.deepEqual(items.map((item) => item.bytes), items.map((item) => data.bytes(Date.parse(item.start_at), Date.parse(item.end_at))));
		});
	} finally {
		await server.stop();
	}
}

module.exports = { triggerChecks };

if (require.main === module) {
	const { check, run } = suite('trigger checks');
	run(async () => triggerChecks({ check, n8n: await prepareN8n({ name: 'e2e-trigger' }) }));
}

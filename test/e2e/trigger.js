'use strict';
// The GoProxies Trigger in a real, running n8n: workflows imported and published with `n8n publish:workflow`,
// then `n8n start` activates and polls them every minute (n8n's shortest Poll Times). What fired is counted
// from n8n's own execution records, read through its REST API. `node test/e2e/trigger.js` runs these
// checks alone; `npm run test:e2e` runs them after the others (see run.js).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');
const { atOrAbove, makeData } = require('../sandbox/data');

const TRIGGER = 'GoProxies Trigger';
const OWNER = { email: 'trigger@example.com', password: 'E2e-trigger-pass-1', firstName: 'E2E', lastName: 'Trigger' };
const HOUR = 3_600_000;
const ALERT_ID = 'e2eTriggerAlert1';
const HISTORY_ID = 'e2eTriggerHist01';

function triggerWorkflow(id, name, parameters) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'UTC' },
		connections: {},
		pinData: {},
		nodes: [
			{
				id: `${id}-trigger`,
				name: TRIGGER,
				type: `${lib.PACKAGE_NAME}.goProxiesTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: { goProxiesApi: { id: lib.CREDENTIAL_ID, name: 'GoProxies sandbox' } },
			},
		],
	};
}

const WORKFLOWS = [
	triggerWorkflow(ALERT_ID, 'e2e: subuser reached 80% of its limit', { event: 'subuserLimitReached', threshold: 80 }),
	// Start At is read at the first poll only, so this is exactly 72 complete hours before activation.
	triggerWorkflow(HISTORY_ID, 'e2e: hourly traffic history', {
		event: 'newHistoryBucket',
		resource: 'traffic',
		interval: 'hour',
		options: { startAt: "={{ $now.startOf('hour').minus(72, 'hours') }}", delayMinutes: 0 },
	}),
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, condition, seconds = 150) {
	for (let i = 0; i < seconds; i++) {
		const value = await condition();
		if (value) return value;
		await sleep(1000);
	}
	throw new Error(`gave up after ${seconds} s waiting for ${what}`);
}

/** A signed-in client of n8n's REST API. */
async function signIn(url, transcript) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'goproxies-e2e-trigger' };
	const login = await fetch(`${url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }) });
	assert.equal(login.status, 200, 'could not sign in to n8n');
	headers.cookie = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
	return async (method, route, body) => {
		const res = await fetch(`${url}/rest/${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await res.text();
		transcript.push(text);
		assert.ok(res.ok, `${method} /rest/${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return JSON.parse(text).data;
	};
}

/** The finished executions of a workflow, oldest first, each with the items its trigger output. */
async function executionsOf(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { results } = await rest('GET', `executions?filter=${filter}&limit=200`);
	const finished = results.filter((execution) => execution.status !== 'running' && execution.status !== 'new');
	const executions = [];
	for (const { id, mode, status } of finished.sort((a, b) => Number(a.id) - Number(b.id))) {
		const full = await rest('GET', `executions/${id}`);
		const runData = lib.parseRunData(full.data).resultData.runData;
		const items = runData[TRIGGER]?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];
		executions.push({ id, mode, status, items });
	}
	return executions;
}

const triggered = (executions) => executions.filter((execution) => execution.mode === 'trigger');


/** The trigger checks, on an n8n user folder whose credentials are imported and a sandbox process. */
async function triggerChecks({ env, sandbox, work, check, transcript, run }) {
	await check('GoProxies Trigger workflows import and publish with n8n publish:workflow', async () => {
		await sandbox.control('reset');
		for (const workflow of WORKFLOWS) {
			const file = path.join(work, `${workflow.id}.json`);
			fs.writeFileSync(file, JSON.stringify(workflow));
			const imported = run(['import:workflow', `--input=${file}`]);
			assert.equal(imported.status, 0, imported.stderr);
			const published = run(['publish:workflow', `--id=${workflow.id}`]);
			assert.equal(published.status, 0, published.stderr);
		}
	});

	const server = await lib.startN8nServer({ ...env, N8N_PORT: String(await lib.freePort()), ...lib.ownerEnvironment(OWNER) }, { onOutput: (text) => transcript.push(text) });
	try {
		const rest = await signIn(server.url, transcript);
		const subuserPolls = async () => (await sandbox.control('state')).counts['/api/v1/reseller/subusers'] ?? 0;
		/** The subusers the sandbox's data puts at or above 80% of their limit now. */
		const overThreshold = (changes = {}) => atOrAbove(sandbox.data.subuserList(Date.now(), changes), 80);

		await check('Subuser Reached a Share of Its Limit: fires at activation for the subusers over the threshold', async () => {
			const [first] = await waitFor('the activation execution', async () => {
				const executions = triggered(await executionsOf(rest, ALERT_ID));
				return executions.length > 0 && executions;
			});
			assert.equal(first.status, 'success');
			const expected = overThreshold();
			assert.ok(expected.length >= 1, 'the sandbox has no subuser over 80% of its limit');
			assert.deepEqual(first.items.map((item) => item.username), expected);
			assert.deepEqual(Object.keys(first.items[0]).sort(), ['enabled', 'period_ends_at', 'period_started_at', 'recurring', 'threshold', 'traffic_limit', 'traffic_used', 'unit', 'used_share', 'username']);
		});

		await check('Fetch Test Event through the REST API: real data, the closest candidate, the state untouched', async () => {
			const { executionId } = await rest('POST', `workflows/${ALERT_ID}/run`, {
				triggerToStartFrom: { name: TRIGGER },
				destinationNode: { nodeName: TRIGGER, mode: 'inclusive' },
			});
			const manual = await waitFor('the manual execution', async () =>
				(await executionsOf(rest, ALERT_ID)).find((execution) => execution.id === String(executionId)),
			);
			assert.equal(manual.mode, 'manual');
			const subusers = sandbox.data.subuserList(Date.now()).filter((subuser) => subuser.traffic_limit_amount > 0);
			const highest = subusers.sort((a, b) => b.traffic_used / b.traffic_limit_amount - a.traffic_used / a.traffic_limit_amount)[0];
			assert.deepEqual(manual.items.map((item) => item.username), [highest.username]);
		});

		await check("the trigger's Subuser dropdown lists every subuser through n8n's editor API", async () => {
			const options = await rest('POST', 'dynamic-node-parameters/options', {
				nodeTypeAndVersion: { name: `${lib.PACKAGE_NAME}.goProxiesTrigger`, version: 1 },
				path: 'filters.username',
				methodName: 'getSubusers',
				currentNodeParameters: { event: 'subuserLimitReached', filters: {} },
				credentials: { goProxiesApi: { id: lib.CREDENTIAL_ID, name: 'GoProxies sandbox' } },
			});
			assert.deepEqual(options.map((option) => option.value).sort(), [...makeData().users].sort());
		});

		await check('a later poll fires nothing; then the one subuser the sandbox pushes over fires, exactly once', async () => {
			const polls = await subuserPolls();
			await waitFor('the next poll', async () => (await subuserPolls()) > polls);
			await sleep(3000);
			assert.equal(triggered(await executionsOf(rest, ALERT_ID)).length, 1);
			const before = overThreshold();
			const pushed = sandbox.data.users.find((username) => !before.includes(username) && username !== 'bob');
			const changes = { [pushed]: { traffic_limit_amount: 0.001 } }; // 1 MB: over 80% from any period's first hour
			await sandbox.control('subuser', { username: pushed, changes: changes[pushed] });
			assert.deepEqual(overThreshold(changes).filter((username) => !before.includes(username)), [pushed]);
			const [, second] = await waitFor('the second firing', async () => {
				const executions = triggered(await executionsOf(rest, ALERT_ID));
				return executions.length >= 2 && executions;
			});
			assert.deepEqual(second.items.map((item) => item.username), [pushed]);
			const after = await subuserPolls();
			await waitFor('one more poll', async () => (await subuserPolls()) > after);
			await sleep(3000);
			assert.equal(triggered(await executionsOf(rest, ALERT_ID)).length, 2);
		});

		await check('New History Bucket, Start At three days back: 72 hourly buckets, once each, across polls', async () => {
			const executions = triggered(await executionsOf(rest, HISTORY_ID));
			assert.ok(executions.length >= 1, 'no execution of the history trigger');
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

if (require.main === module) lib.runAlone('e2e-trigger', triggerChecks);

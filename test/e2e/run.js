#!/usr/bin/env node
'use strict';
// npm run test:e2e: the package installed into a real n8n as a user installs it, every operation run by
// `n8n execute`, checked against figures computed from the sandbox's data; then the login behaviour,
// failures, Retry On Fail, the node as an AI Agent's tool (agent.js), the editor's credential Test and
// dropdowns, the GoProxies Trigger in a running n8n (trigger.js), the MCP example (mcp.js), secrets, and every
// example workflow loading in that n8n. N8N_VERSION picks the n8n (test/support/versions.json).
const assert = require('node:assert/strict');
const path = require('node:path');
const { DateTime } = require('luxon');
const { suite } = require('../support/checks');
const { n8nRuntime, versions } = require('../support/runtime');
const { CREDENTIAL, EXAMPLES, OWNER, STATS_TYPE, exampleFiles, readExample } = require('../support/fixtures');
const { endedExecution, everythingN8nSaid, itemsOf, runManually, signIn, startN8n } = require('../support/n8n');
const { startListener } = require('../support/sandbox');
const { prepareN8n, importWorkflows } = require('../support/workspace');
const { makeData } = require('../sandbox/data');
const { agentChecks } = require('./agent');
const { mcpChecks } = require('./mcp');
const { triggerChecks } = require('./trigger');
const { validateWorkflow } = require('./validate-workflow');

const WORKFLOWS = path.join(__dirname, 'workflows');
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')];
const data = makeData();
const WEEKLY_CHART_ID = 'exWeeklyChart001';

const { check, skip, run } = suite('end-to-end run');
/** On the minimum version only the core checks run (the operations, the login, failures, the credential); the others say so. */
const CORE_ONLY = n8nRuntime.version === versions.minimum;
const MINIMUM = `n8n ${n8nRuntime.version} is the minimum version, proven for the operations and the credential only: docs/compatibility.md`;
const beyondCore = CORE_ONLY ? (name) => skip(name, MINIMUM) : check;

run(async () => {
	let n8n;
	await check('credentials and workflows import into n8n', async () => {
		n8n = await prepareN8n({ name: 'e2e-run', sandboxArgs: ['--secrets'], workflows: [WORKFLOWS] });
	}, { always: true });
	const { sandbox, account } = n8n;
	const { secrets: subuserSecrets } = await sandbox.control('state');
	/** A workflow run by `n8n execute`, as n8n recorded it, with the GoProxies Stats node's items and error. */
	const execute = (id) => {
		const { status, runData, error } = n8n.execute(id);
		return { status, items: itemsOf(runData, 'GoProxies Stats'), error: error ?? runData['GoProxies Stats']?.[0]?.error };
	};
	const logins = async () => (await sandbox.counts())['/api/v1/login'];

	await check('traffic → Get Total, filtered, in MB', async () => {
		const { items, error } = execute('e2eTrafficGet001');
		assert.equal(error, undefined);
		const bytes = data.bytes(...MARCH_MS, { country: 'DE', username: 'john doe' });
		assert.deepEqual(items, [
			{ start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00', bytes, traffic: Math.round(bytes / 1e3) / 1000, unit: 'MB', country: 'DE', username: 'john doe' },
		]);
	});

	await check('traffic → Get History: one item per day, adding up to the month', async () => {
		const { items } = execute('e2eTrafficHist01');
		assert.equal(items.length, 31);
		assert.equal(items.reduce((sum, item) => sum + item.bytes, 0), data.bytes(...MARCH_MS));
		assert.equal(items[28].start_at, '2026-03-29T00:00:00+02:00');
	});

	await check('traffic → Get by Country: every used country, largest first, adding up to the month', async () => {
		const { items } = execute('e2eByCountry0001');
		const expected = data.countries.map((country) => [country, data.bytes(...MARCH_MS, { country })]).sort((a, b) => b[1] - a[1]);
		assert.deepEqual(items.map((item) => [item.country, item.bytes]), expected);
		assert.equal(items[0].name, new Intl.DisplayNames(['en'], { type: 'region' }).of(expected[0][0]));
	});

	await check('request → Get History: weekly buckets of successful requests', async () => {
		const { items } = execute('e2eReqHistory001');
		assert.equal(items.length, 5);
		assert.equal(items.reduce((sum, item) => sum + item.amount, 0), data.requests(...MARCH_MS, { status: 200 }).amount);
		assert.deepEqual([items[0].status, items[0].interval], [200, 'week']);
	});

	await check('country → Get Many: the used countries with names', async () => {
		const { items } = execute('e2eCountries0001');
		assert.deepEqual(items.map((item) => item.country), data.countries);
		assert.deepEqual(items[0], { country: 'US', name: 'United States' });
	});

	await check('traffic → Get by Subuser: every subuser in Germany, largest first, adding up to the month', async () => {
		const { items, error } = execute('e2eBySubuser0001');
		assert.equal(error, undefined);
		const expected = data.users.map((username) => [username, data.bytes(...MARCH_MS, { country: 'DE', username })]).sort((a, b) => b[1] - a[1]);
		assert.deepEqual(items.map((item) => [item.username, item.bytes]), expected);
		assert.equal(expected.reduce((sum, [, bytes]) => sum + bytes, 0), data.bytes(...MARCH_MS, { country: 'DE' }));
		assert.deepEqual(Object.keys(items[0]), ['username', 'bytes', 'traffic', 'unit', 'share', 'start_at', 'end_at', 'country']);
		assert.deepEqual([items[0].unit, items[0].country, items[0].start_at], ['MB', 'DE', '2026-03-01T00:00:00+02:00']);
	});

	await check('subuser → Get Many: every subuser with its usage against its limit, no secret', async () => {
		const before = Date.now();
		const { items, error } = execute('e2eSubusers00001');
		const possible = [before, Date.now()].map((now) => sandbox.data.subuserList(now));
		assert.equal(error, undefined);
		assert.deepEqual(items.map((item) => item.username), data.users);
		const periodStart = DateTime.fromMillis(sandbox.data.periodStart(before), { zone: 'Europe/Vilnius' });
		for (const [index, item] of items.entries()) {
			const sandboxSide = possible.map((list) => list[index]);
			assert.ok(sandboxSide.some((subuser) => subuser.traffic_used === item.traffic_used), `${item.username}: traffic_used ${item.traffic_used}`);
			assert.equal(item.traffic_limit, sandboxSide[0].traffic_limit_amount);
			assert.equal(item.used_share, item.traffic_limit > 0 ? Math.round((item.traffic_used / item.traffic_limit) * 10_000) / 10_000 : null);
			assert.equal(item.period_started_at, periodStart.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
			assert.equal(item.period_ends_at, periodStart.plus({ days: 30 }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
			assert.equal('secret' in item, false);
		}
	});

	await check('one login served all seven executions: n8n kept the token', async () => {
		assert.equal(await logins(), 1);
	});

	await check('Compare With → Previous Period: Get Total of March against the 31 days before, with the change', async () => {
		const { items, error } = execute('e2eCompareTotal1');
		assert.equal(error, undefined);
		const previous = { start_at: '2026-01-29T00:00:00+02:00', end_at: '2026-02-28T23:59:59+02:00' };
		const bytes = data.bytes(...MARCH_MS, { username: 'alice' });
		const previousBytes = data.bytes(Date.parse(previous.start_at), Date.parse(previous.end_at), { username: 'alice' });
		assert.ok(previousBytes > 0);
		const megabytes = (n) => Math.round(n / 1e3) / 1000;
		assert.deepEqual(items, [
			{
				start_at: '2026-03-01T00:00:00+02:00',
				end_at: '2026-03-31T23:59:59+03:00',
				bytes,
				traffic: megabytes(bytes),
				unit: 'MB',
				username: 'alice',
				previous_start_at: previous.start_at,
				previous_end_at: previous.end_at,
				previous_bytes: previousBytes,
				previous_traffic: megabytes(previousBytes),
				change: Math.round(((bytes - previousBytes) / previousBytes) * 10_000) / 10_000,
			},
		]);
	});

	await check('Compare With → Previous Period: Get by Subuser this month against the same days of last month, every subuser', async () => {
		const before = Date.now();
		const { items, error } = execute('e2eCompareSubus1');
		assert.equal(error, undefined);
		// This Month and the same part of last month (up to its last day), in the workflow's zone, as of the run's start or end.
		const windows = [before, Date.now()].map((ms) => {
			const now = DateTime.fromMillis(ms, { zone: 'Europe/Vilnius' });
			const lastMonth = now.startOf('month').minus({ months: 1 });
			const lastDay = lastMonth.set({ day: Math.min(now.day, lastMonth.daysInMonth) }).endOf('day').startOf('second');
			const rfc = (dateTime) => dateTime.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
			return { start_at: rfc(now.startOf('month')), end_at: rfc(now.endOf('day').startOf('second')), previous_start_at: rfc(lastMonth), previous_end_at: rfc(lastDay) };
		});
		const window = windows.find((w) => w.previous_end_at === items[0]?.previous_end_at && w.start_at === items[0]?.start_at);
		assert.ok(window, `no item, or the windows differ: ${JSON.stringify([items[0], windows])}`);
		const range = (start, end) => [Date.parse(start), Date.parse(end)];
		const expected = data.users
			.map((username) => ({
				username,
				bytes: data.bytes(...range(window.start_at, window.end_at), { username }),
				previous_bytes: data.bytes(...range(window.previous_start_at, window.previous_end_at), { username }),
			}))
			.sort((a, b) => b.bytes - a.bytes);
		assert.deepEqual(items.map(({ username, bytes, previous_bytes }) => ({ username, bytes, previous_bytes })), expected);
		for (const item of items) {
			assert.deepEqual([item.previous_start_at, item.previous_end_at], [window.previous_start_at, window.previous_end_at]);
			assert.equal(item.change, item.previous_bytes === 0 ? null : Math.round(((item.bytes - item.previous_bytes) / item.previous_bytes) * 10_000) / 10_000);
		}
	});

	await check('after the API expired the tokens: exactly one new login, and the run succeeds', async () => {
		await sandbox.control('expire-tokens');
		const { items, error } = execute('e2eTrafficGet001');
		assert.equal(error, undefined);
		assert.equal(items.length, 1);
		const after = await sandbox.counts();
		assert.equal(after['/api/v1/login'], 2);
		assert.equal(after['401'], 1);
		execute('e2eCountries0001');
		assert.equal(await logins(), 2);
	});

	// The wording of each message is asserted by the unit tests (test/unit/failureMessages.test.ts); here, that
	// a real n8n shows the node's message, not one of its own.
	await check('a wrong password fails the execution with the login error', async () => {
		const { error, status } = execute('e2eWrongPass0001');
		assert.equal(status, 'error');
		assert.match(error?.message ?? '', /Invalid username or password/);
	});

	await check("an injected 500 fails the execution with the API's message", async () => {
		await sandbox.control('fault', { path: '/api/v1/stats/traffic', status: 500, body: { error: { code: 'internal', message: 'Statistics store unavailable' }, status: 500, path: '/api/v1/stats/traffic' } });
		const { error, status } = execute('e2eTrafficGet001');
		assert.equal(status, 'error');
		assert.match(error?.message ?? '', /Statistics store unavailable/);
		assert.match(error?.description ?? '', /HTTP 500, code "internal"/);
	});

	await check('under "On Error: Continue" the failure becomes an error item', async () => {
		const { items, error, status } = execute('e2eContinue00001');
		assert.equal(status, 'success');
		assert.equal(error, undefined);
		assert.equal(items.length, 1);
		assert.deepEqual(Object.keys(items[0]), ['error']);
		assert.match(items[0].error, /Statistics store unavailable/);
	});

	await check('n8n\'s "Retry On Fail" setting retries the node after a passing failure', async () => {
		await sandbox.control('reset');
		await sandbox.control('fault', { path: '/api/v1/stats/traffic', status: 503, body: { error: { code: 'unavailable', message: 'Try again' } }, times: 1 });
		const { items, error } = execute('e2eRetryOnFail01');
		assert.equal(error, undefined);
		assert.equal(items.length, 1);
		assert.equal((await sandbox.counts())['/api/v1/stats/traffic'], 2);
	});

	if (CORE_ONLY) skip('the AI Agent checks (test/e2e/agent.js)', MINIMUM);
	else await agentChecks({ check, n8n });

	await check('every example workflow imports into n8n', async () => importWorkflows(n8n.env, n8n.work, [EXAMPLES]), { always: true });

	// n8n's server, as the editor uses it: the credential's Test and the dropdowns, the weekly chart example, the
	// migration report.
	const editor = await startN8n(n8n.env, { owner: OWNER });
	try {
		const rest = await signIn(editor.url, OWNER);
		await check("in n8n's editor: the credential's Test button, the Country and Subuser dropdowns", async () => {
			// The credential as the edit dialog holds it: the executions above left a session token in it,
			// which comes back redacted and which n8n puts back for the test, as for the password left alone.
			const dialog = await rest('GET', `credentials/${CREDENTIAL.id}?includeData=true`);
			assert.ok(dialog.data.sessionToken, 'the credential holds no session token: the check would not be the one users meet');
			const testCredential = async (changes) =>
				await rest('POST', 'credentials/test', { credentials: { id: dialog.id, name: dialog.name, type: dialog.type, data: { ...dialog.data, ...changes } } });
			const loginsBefore = (await logins()) ?? 0;
			const mistyped = await testCredential({ password: 'changed-and-mistyped' });
			assert.equal(mistyped.status, 'Error');
			assert.match(mistyped.message, /Invalid username or password/);
			assert.ok((await logins()) > loginsBefore, 'the Test did not log in with the password typed');
			assert.deepEqual(await testCredential({ password: account.password, baseUrl: `${sandbox.url}/` }), { status: 'OK', message: 'Connection successful!' });
			assert.deepEqual(await testCredential({}), { status: 'OK', message: 'Connection successful!' });
			// a plain http:// address that is not loopback gets nothing, neither the password nor the token
			const listener = await startListener('127.0.0.2');
			try {
				for (const changes of [{ baseUrl: listener.url }, { password: 'typed-again', baseUrl: listener.url }]) {
					const refused = await testCredential(changes);
					assert.equal(refused.status, 'Error');
					assert.match(refused.message, /https:\/\//);
				}
				assert.deepEqual(listener.received, []);
			} finally {
				await listener.close();
			}
			const dropdown = async (path, methodName, currentNodeParameters) =>
				await rest('POST', 'dynamic-node-parameters/options', {
					nodeTypeAndVersion: { name: STATS_TYPE, version: 1 },
					path,
					methodName,
					currentNodeParameters,
					credentials: { goProxiesApi: CREDENTIAL },
				});
			const countries = await dropdown('filters.country', 'getCountries', { resource: 'traffic', operation: 'get', filters: {} });
			assert.equal(countries.length, data.countries.length, JSON.stringify(countries).slice(0, 500));
			assert.ok(countries.some((option) => option.name === 'United States (US)' && option.value === 'US'));
			const subusers = await dropdown('filters.username', 'getSubusers', { resource: 'subuser', operation: 'getAll', filters: {} });
			assert.deepEqual(subusers.map((option) => option.value).sort(), [...data.users].sort(), JSON.stringify(subusers).slice(0, 500));
		});

		await beyondCore('the weekly chart example, run from its trigger up to Build Chart Data: each day of the last 7 and of the 7 before, as the sandbox counts them', async () => {
			const executionId = await runManually(rest, WEEKLY_CHART_ID, { trigger: 'Schedule Trigger', destination: 'Build Chart Data' });
			const { status, runData } = await endedExecution(rest, executionId);
			assert.equal(status, 'success', JSON.stringify(runData).slice(0, 1000));
			assert.equal(runData['Traffic Chart'], undefined, 'the run went past Build Chart Data');
			const [lastWeek, weekBefore] = ['Last 7 Days by Day', 'The 7 Days Before by Day'].map((node) => itemsOf(runData, node));
			for (const days of [lastWeek, weekBefore]) {
				assert.equal(days.length, 7);
				for (const [i, day] of days.entries()) {
					assert.equal(day.bytes, data.bytes(Date.parse(day.start_at), Date.parse(day.end_at)));
					if (i > 0) assert.equal(Date.parse(day.start_at), Date.parse(days[i - 1].end_at) + 1000);
				}
			}
			assert.equal(Date.parse(weekBefore[6].end_at) + 1000, Date.parse(lastWeek[0].start_at), 'the 7 days before do not end where the last 7 begin');
			const today = DateTime.now().setZone('Europe/Vilnius').toISODate();
			assert.ok([today, DateTime.now().setZone('Europe/Vilnius').minus({ minutes: 5 }).toISODate()].includes(lastWeek[6].start_at.slice(0, 10)), 'the last 7 days do not end today');
			const [thisSeries, beforeSeries] = itemsOf(runData, 'Build Chart Data');
			const gigabytes = (days) => Math.round(days.reduce((sum, day) => sum + day.bytes, 0) / 1e6) / 1000;
			assert.deepEqual(thisSeries.data, lastWeek.map((day) => day.traffic));
			assert.deepEqual(beforeSeries.data, weekBefore.map((day) => day.traffic));
			assert.deepEqual([thisSeries.total, beforeSeries.total], [gigabytes(lastWeek), gigabytes(weekBefore)]);
			assert.equal(thisSeries.labels.length, 7);
			assert.deepEqual(beforeSeries.labels, thisSeries.labels);
		});

		// n8n's report of what its next major version breaks (Settings → Migration report), over every workflow here:
		// the examples and the test workflows, all of them using the package. n8n 2 reports on 3.0, 1.x on 2.0.
		const report = async () => {
			await rest('POST', 'breaking-changes/report/refresh?version=v3');
			return (await rest('GET', 'breaking-changes/report?version=v3')).report;
		};
		const migration = await report().catch((error) => error);
		if (/HTTP 404/.test(migration?.message)) {
			skip("n8n's migration report flags no workflow that uses the package", `n8n ${n8nRuntime.version} has no migration report`);
		} else {
			await check(`n8n's migration report (to ${migration.targetVersion}) flags no workflow that uses the package${migration.targetVersion === 'v3' ? '; it names N8N_UNVERIFIED_PACKAGES_ENABLED' : ''}`, async () => {
				if (migration instanceof Error) throw migration;
				const flagged = migration.workflowResults.flatMap((rule) => rule.affectedWorkflows.map((workflow) => `${rule.ruleId}: ${workflow.name}`));
				assert.deepEqual(flagged, []);
				const instanceRules = migration.instanceResults.map((rule) => rule.ruleId);
				process.stderr.write(`[e2e] n8n ${n8nRuntime.version}'s migration report (to ${migration.targetVersion}), instance rules: ${instanceRules.join(', ')}\n`);
				// n8n 3.0 stops loading unverified community packages unless told to: docs/compatibility.md says so
				if (migration.targetVersion === 'v3') assert.ok(instanceRules.includes('unverified-packages-v3'), 'the report no longer warns of unverified community packages: the docs say it does');
			});
		}
	} finally {
		await editor.stop();
	}

	if (CORE_ONLY) skip('the GoProxies Trigger checks (test/e2e/trigger.js)', MINIMUM);
	else await triggerChecks({ check, n8n });

	if (CORE_ONLY) skip('the MCP checks (test/e2e/mcp.js)', MINIMUM);
	else await mcpChecks({ check, n8n });

	await beyondCore('every example workflow loads with known node types and parameters', async () => {
		const nodesFile = path.join(n8n.work, 'nodes.json');
		n8n.cli(['export:nodes', `--output=${nodesFile}`]);
		const nodeTypes = require(nodesFile);
		assert.ok(nodeTypes.some((type) => type.name === STATS_TYPE), 'n8n did not load the GoProxies Stats node');
		const examples = exampleFiles();
		assert.ok(examples.length >= 4, 'expected at least four examples');
		const problems = examples.flatMap((file) => validateWorkflow(readExample(file), nodeTypes).map((problem) => `${file}: ${problem}`));
		assert.deepEqual(problems, []);
	});

	await check('neither the password nor any token nor a subuser\'s secret appears in anything n8n printed or answered', async () => {
		const { issuedTokens } = await sandbox.control('state');
		assert.ok(issuedTokens.length >= 2);
		assert.ok(subuserSecrets.length > 0);
		const text = everythingN8nSaid();
		const leaked = [account.password, ...issuedTokens, ...subuserSecrets].filter((secret) => text.includes(secret));
		assert.equal(leaked.length, 0, `${leaked.length} secret(s) found in n8n's output`);
	});
});

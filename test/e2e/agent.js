'use strict';
// The AI-agent path in real n8n: an AI Agent whose model is the scripted fake of fake-model.js calls
// GoProxies Stats as its tools. Checked: what the sandbox was asked, what the model was sent (tool
// schema, tool results, no secrets), the agent's answer, and a bad argument coming back to the model.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DateTime } = require('luxon');
const { OWNER, STATS_TYPE, fromAiFields, readExample } = require('../support/fixtures');
const { endedExecution, itemsOf, runManually, signIn, startN8n } = require('../support/n8n');
const { n8nRuntime } = require('../support/runtime');
const { importWorkflows } = require('../support/workspace');
const { makeData } = require('../sandbox/data');
const { startFakeModel, textOf, figureIn: figure } = require('./fake-model');

const WORKFLOW_FILE = path.join(__dirname, 'workflows', 'ai-agent.json');
const WORKFLOW_ID = 'e2eAiAgentTool01';
const EXAMPLE_FILE = 'ai-agent-usage-tool.json';
const EXAMPLE_QUESTION = 'How much traffic did subuser alice use this week?';
const MODEL_CREDENTIAL = { id: 'fakeOpenAiModel1', name: 'Fake model' };
const TIME_ZONE = 'Europe/Vilnius';
const MARCH = { start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' };
const data = makeData();

const args = (values) => ({ period: 'last7Days', startAt: '', endAt: '', username: '', country: '', unit: 'GB', ...values });
const traffic = (query) => ({ path: '/api/v1/stats/traffic', query });
/**
 * The calls the fake model makes in the test workflow, one per turn: each either `refused` (the tool
 * result it must get back: the node's message and hint), or what the sandbox must be `asked` for it and
 * the `figure` the result must carry (the first one with bytes), given `week`, the last 7 days in the
 * zone. Another tool of the workflow is one more row here (and its node in workflows/ai-agent.json).
 */
const CALLS = [
	{
		tool: 'GoProxies_Traffic',
		args: args({ period: 'lastYear', username: 'alice' }),
		refused: { error: /Period.*"lastYear"/, description: /last7Days/ },
	},
	{
		tool: 'GoProxies_Traffic',
		args: args({ username: 'alice', country: 'USA' }),
		refused: { error: /Country.*"USA"/, description: /US/ },
	},
	{
		tool: 'GoProxies_Traffic',
		args: args({ username: 'alice' }),
		asked: (week) => [traffic({ ...week, username: 'alice' })],
		figure: (week) => ({ username: 'alice', bytes: bytesOf(week, { username: 'alice' }) }),
	},
	{
		tool: 'GoProxies_Traffic_by_Country',
		args: { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59', username: '', unit: 'MB' },
		asked: () => [{ path: '/api/v1/stats/countries', query: {} }, ...data.countries.map((country) => traffic({ ...MARCH, country }))],
		figure: () => {
			const [country, bytes] = data.countries.map((c) => [c, bytesOf(MARCH, { country: c })]).sort((a, b) => b[1] - a[1])[0];
			return { country, bytes };
		},
	},
	{
		tool: 'GoProxies_Traffic_by_Subuser',
		args: { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59', country: '', unit: 'GB' },
		asked: () => [
			{ path: '/api/v1/reseller/subusers', query: { limit: 1000, offset: 0 } },
			...data.users.map((username) => traffic({ ...MARCH, username })),
		],
		figure: () => {
			const [username, bytes] = data.users.map((u) => [u, bytesOf(MARCH, { username: u })]).sort((a, b) => b[1] - a[1])[0];
			return { username, bytes };
		},
	},
];
const SCENARIOS = [
	{ question: 'How much traffic did subuser alice use in the last 7 days', calls: CALLS },
	{
		question: EXAMPLE_QUESTION,
		calls: [
			{ tool: 'GoProxies_Traffic', args: { period: 'lastYear', subuser: 'alice' } },
			{ tool: 'GoProxies_Traffic', args: { period: 'last7Days', subuser: 'alice', compareWith: 'previousPeriod' } },
		],
	},
];

/** "2026-03-01T00:00:00+02:00": a wall-clock time of the zone as RFC 3339 with the zone's offset then. */
function zoned(day, time) {
	const offsetAt = (ms) => {
		const name = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
			.formatToParts(ms)
			.find((part) => part.type === 'timeZoneName').value;
		return name === 'GMT' ? '+00:00' : name.slice(3);
	};
	let offset = offsetAt(Date.parse(`${day}T${time}Z`));
	offset = offsetAt(Date.parse(`${day}T${time}${offset}`));
	return `${day}T${time}${offset}`;
}

/** The dates of "last 7 days" in the zone, as they were at `ms`. */
function last7Days(ms) {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(ms);
	const first = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
	return { start_at: zoned(first, '00:00:00'), end_at: zoned(today, '23:59:59') };
}

/** The 7 whole days before a week (Compare With → Previous Period of Last 7 Days). */
function weekBefore(week) {
	const start = DateTime.fromISO(week.start_at, { zone: TIME_ZONE });
	const rfc = (dateTime) => dateTime.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
	return { start_at: rfc(start.minus({ days: 7 })), end_at: rfc(start.minus({ seconds: 1 })) };
}

const bytesOf = (range, filter = {}) => data.bytes(Date.parse(range.start_at), Date.parse(range.end_at), filter);

/**
 * Asserts the sandbox was asked exactly `askedIn(week)` (in any order), `week` being the last 7 days in
 * the zone as of the run's start or its end (a run may straddle midnight); returns that week.
 */
function assertAsked(queries, askedIn, startedAt, ranUntil) {
	const sorted = (list) => list.map((query) => JSON.stringify(query)).sort();
	const weeks = [last7Days(startedAt), last7Days(ranUntil)];
	const week = weeks.find((w) => JSON.stringify(sorted(askedIn(w))) === JSON.stringify(sorted(queries))) ?? weeks[0];
	assert.deepEqual(sorted(queries), sorted(askedIn(week)), `the sandbox's queries (last 7 days in ${TIME_ZONE})`);
	return week;
}

/** Asserts the model was sent each GoProxies tool of the workflow: its description, and its $fromAI fields. */
function assertToolsDescribed(request, workflow) {
	const tools = workflow.nodes.filter((node) => node.type === `${STATS_TYPE}Tool`);
	assert.ok(tools.length >= 2);
	for (const node of tools) {
		const sent = request.tools.find((tool) => tool.function.name === node.name.replaceAll(' ', '_'));
		assert.ok(sent, `no tool for ${node.name} among ${request.tools.map((tool) => tool.function.name)}`);
		assert.equal(sent.function.description, node.parameters.toolDescription);
		const properties = Object.fromEntries(
			Object.entries(sent.function.parameters.properties).map(([key, value]) => [key, { description: value.description, type: value.type }]),
		);
		assert.deepEqual(properties, fromAiFields(node));
	}
}

function credentialFile(dir, modelUrl) {
	const file = path.join(dir, 'model-credentials.json');
	fs.writeFileSync(file, JSON.stringify([{ ...MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-e2e-model', url: modelUrl } }]));
	return file;
}

/** The chat-completion requests n8n sent to the fake model since the `from`th request, parsed. */
const chatRequests = async (model, from = 0) =>
	(await model.requests()).slice(from).filter((r) => r.url === '/v1/chat/completions').map((r) => JSON.parse(r.body));

/** The text of the last tool message of a chat request: what the model was given as the tool result. */
const lastToolResult = (request) => textOf(request.messages.filter((m) => m.role === 'tool').at(-1));

/**
 * Runs the shipped example in n8n's server as the editor does, with its chat trigger's output pinned to the
 * question (`n8n execute` starts only from a manual trigger) and its model credential the fake's.
 */
async function runExample(example, n8n) {
	const trigger = example.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	const modelNode = example.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
	modelNode.credentials = { openAiApi: MODEL_CREDENTIAL };
	example.pinData = { [trigger.name]: [{ json: { sessionId: 'e2e-session', action: 'sendMessage', chatInput: EXAMPLE_QUESTION } }] };
	importWorkflows(n8n.env, n8n.work, [example]);
	const server = await startN8n(n8n.env, { owner: OWNER });
	try {
		const rest = await signIn(server.url, OWNER);
		return await endedExecution(rest, await runManually(rest, example.id, { trigger: trigger.name }), 120);
	} finally {
		await server.stop();
	}
}

async function agentChecks({ check, n8n }) {
	const { sandbox } = n8n;
	const model = await startFakeModel(SCENARIOS);
	const state = async () => sandbox.control('state');
	try {
		await check('AI agent: the fake model credential imports', async () => {
			n8n.cli(['import:credentials', `--input=${credentialFile(n8n.work, model.url)}`]);
			if (!n8nRuntime.atLeast('2.1.0')) {
				// AI Agent 3.1 came with n8n 2.1; before, the test workflow runs the newest there is, 3
				process.stderr.write(`[e2e] n8n ${n8nRuntime.version} has no AI Agent 3.1: the test workflow runs AI Agent 3\n`);
				const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
				workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.agent').typeVersion = 3;
				importWorkflows(n8n.env, n8n.work, [workflow]);
			}
		}, { always: true });

		await check('AI agent → GoProxies tools: bad arguments come back as readable results, the retry gets the right figures', async () => {
			const queriesBefore = (await state()).queries.length;
			const requestsBefore = (await model.requests()).length;
			const startedAt = Date.now();
			const { status, runData, error } = n8n.execute(WORKFLOW_ID);
			const ranUntil = Date.now();
			assert.equal(error, undefined, JSON.stringify(error));
			assert.equal(status, 'success');

			const requests = await chatRequests(model, requestsBefore);
			assert.equal(requests.length, CALLS.length + 1, 'a request per tool call and one for the answer');
			const [{ output: answer }] = itemsOf(runData, 'AI Agent');
			const queries = (await state()).queries.slice(queriesBefore);
			const week = assertAsked(queries, (w) => CALLS.flatMap((call) => call.asked?.(w) ?? []), startedAt, ranUntil);

			CALLS.forEach((call, k) => {
				const toolResult = JSON.parse(lastToolResult(requests[k + 1]));
				if (call.refused) {
					assert.match(toolResult[0].error, call.refused.error);
					assert.match(toolResult[0].description, call.refused.description);
					return;
				}
				const expected = call.figure(week);
				const received = figure(toolResult);
				assert.deepEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, received[key]])), expected);
				assert.match(answer, new RegExp(`${expected.country ?? expected.username}: [\\d.]+ \\w+ \\(${expected.bytes} bytes\\)`));
			});
		});

		await check('AI agent: the model is told each tool, what it does, and each $fromAI field with its description and type', async () => {
			const [first] = await chatRequests(model);
			assert.ok(first, 'the model was sent nothing: this check reads the requests of the workflow run above');
			const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
			assert.equal(Object.keys(fromAiFields(workflow.nodes.find((node) => node.name === 'GoProxies Traffic'))).length, 6);
			assertToolsDescribed(first, workflow);
		});

		await check('AI agent: the shipped example (agent 2.2), its model swapped for the fake, gets a bad Period back readably, then this week against the week before', async () => {
			const example = readExample(EXAMPLE_FILE);
			const queriesBefore = (await state()).queries.length;
			const requestsBefore = (await model.requests()).length;
			const startedAt = Date.now();
			const { status, runData } = await runExample(example, n8n);
			const ranUntil = Date.now();
			assert.equal(status, 'success', JSON.stringify(runData).slice(0, 2000));

			const requests = await chatRequests(model, requestsBefore);
			assert.equal(requests.length, 3, 'two tool calls and the answer');
			assertToolsDescribed(requests[0], example);
			const [badPeriod] = JSON.parse(lastToolResult(requests[1]));
			assert.match(badPeriod.error, /Period.*"lastYear"/);
			assert.match(badPeriod.description, /last7Days/);
			const queries = (await state()).queries.slice(queriesBefore);
			const week = assertAsked(queries, (w) => [traffic({ ...w, username: 'alice' }), traffic({ ...weekBefore(w), username: 'alice' })], startedAt, ranUntil);
			const aliceBytes = bytesOf(week, { username: 'alice' });
			const compared = figure(JSON.parse(lastToolResult(requests[2])));
			assert.deepEqual([compared.bytes, compared.previous_bytes, compared.previous_start_at], [aliceBytes, bytesOf(weekBefore(week), { username: 'alice' }), weekBefore(week).start_at]);
			assert.match(itemsOf(runData, 'AI Agent')[0].output, new RegExp(`alice: [\\d.]+ GB \\(${aliceBytes} bytes\\)`));
		});

		await check('AI agent: neither the GoProxies password nor any token appears in anything sent to the model', async () => {
			const { issuedTokens, account } = await state();
			const sent = JSON.stringify(await model.requests());
			const leaked = [account.password, ...issuedTokens].filter((secret) => sent.includes(secret));
			assert.equal(leaked.length, 0, `${leaked.length} secret(s) sent to the model`);
		});
	} finally {
		await model.stop();
	}
}

module.exports = { agentChecks, last7Days };

'use strict';
// The package's tools for any MCP client: the shipped example (examples/mcp-server-usage-tools.json), an MCP
// Server Trigger with bearer auth and five GoProxies tools, published in a running n8n and used with the
// MCP SDK's client n8n itself pins, over Streamable HTTP and over SSE. Checked: the tools listed with their
// descriptions and every $fromAI field, each call's figures against the sandbox's data, a bad argument
// coming back readable, answers bounded, a wrong token refused, nothing secret in anything the client got.
// `node test/e2e/mcp.js` runs these checks alone; `npm run test:e2e` runs them after the trigger's.
const assert = require('node:assert/strict');
const { suite } = require('../support/checks');
const { MCP, OWNER, STATS_TYPE, fromAiFields, readExample } = require('../support/fixtures');
const { TRANSPORTS, connect, postInitialize, servedWithin } = require('../support/mcp');
const { startN8n } = require('../support/n8n');
const { importWorkflows, prepareN8n, publishWorkflow } = require('../support/workspace');
const { atOrAbove, makeData } = require('../sandbox/data');
const { last7Days } = require('./agent');

const MARCH = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59' };
const MARCH_MS = [Date.parse('2026-03-01T00:00:00+02:00'), Date.parse('2026-03-31T23:59:59+03:00')];
const data = makeData();

/** The example's tool nodes, as the client must see them: name, description, and the $fromAI fields. */
function exampleTools(example) {
	return example.nodes
		.filter((node) => node.type === `${STATS_TYPE}Tool`)
		.map((node) => ({ name: node.name.replaceAll(' ', '_'), description: node.parameters.toolDescription, fields: fromAiFields(node) }));
}

const bytesOf = (filter) => data.bytes(...MARCH_MS, filter);
const largest = (keys, filterOf, count) =>
	keys
		.map((key) => [key, bytesOf(filterOf(key))])
		.sort((a, b) => b[1] - a[1])
		.slice(0, count);

/** The calls every transport makes, each with the figures the sandbox's data gives for it. */
const CALLS = [
	{
		tool: 'GoProxies_Total_Traffic',
		args: { ...MARCH, subuser: 'alice', country: 'DE' },
		check: ([item]) => assert.deepEqual([item.bytes, item.username, item.country, item.unit], [bytesOf({ username: 'alice', country: 'DE' }), 'alice', 'DE', 'GB']),
	},
	{
		tool: 'GoProxies_Total_Traffic',
		args: { ...MARCH, subuser: 'alice', compareWith: 'previousPeriod' },
		// March against the 31 days before it (Custom: the same wall-clock span, ending a second before)
		check: ([item]) => {
			const previous = { start_at: '2026-01-29T00:00:00+02:00', end_at: '2026-02-28T23:59:59+02:00' };
			const previousBytes = data.bytes(Date.parse(previous.start_at), Date.parse(previous.end_at), { username: 'alice' });
			assert.deepEqual([item.previous_start_at, item.previous_end_at, item.previous_bytes], [previous.start_at, previous.end_at, previousBytes]);
			assert.equal(item.change, Math.round(((item.bytes - previousBytes) / previousBytes) * 10_000) / 10_000);
		},
	},
	{
		tool: 'GoProxies_Traffic_by_Country',
		args: { ...MARCH, limit: 3, subuser: '' },
		check: (items) => assert.deepEqual(items.map((item) => [item.country, item.bytes]), largest(data.countries, (country) => ({ country }), 3)),
	},
	{
		tool: 'GoProxies_Traffic_by_Subuser',
		args: { ...MARCH, limit: 2, country: 'LT' },
		check: (items) => assert.deepEqual(items.map((item) => [item.username, item.bytes]), largest(data.users, (username) => ({ username, country: 'LT' }), 2)),
	},
	{
		tool: 'GoProxies_Subusers_Near_Their_Limit',
		args: { minUsedShare: 80 },
		check: (items, { sandbox }) => {
			const now = sandbox.data.subuserList(Date.now());
			assert.deepEqual(items.map((item) => item.username), atOrAbove(now, 80));
			assert.ok(items.length > 0 && items.every((item) => item.used_share >= 0.8));
		},
	},
	{
		tool: 'GoProxies_Request_History',
		args: { period: 'last7Days', subuser: 'bob' },
		// The last 7 days in the workflow's zone as of the call's start or end (a call may straddle midnight),
		// cut into buckets by the sandbox (24-hour steps: a week with a daylight-saving change has one more).
		check: (items, { calledAt }) => {
			const weeks = calledAt.map(last7Days);
			assert.ok(weeks.some((week) => week.start_at === items[0].start_at && week.end_at === items.at(-1).end_at), JSON.stringify([weeks, items[0], items.at(-1)]));
			items.forEach((item, i) => {
				if (i > 0) assert.equal(Date.parse(item.start_at), Date.parse(items[i - 1].end_at) + 1000);
				assert.equal(item.amount, data.requests(Date.parse(item.start_at), Date.parse(item.end_at), { username: 'bob' }).amount);
				assert.equal(item.interval, 'day');
			});
		},
	},
];

async function mcpChecks({ check, n8n }) {
	const { sandbox } = n8n;
	const example = readExample(MCP.file);
	const received = [];

	await check('MCP: the shipped example imports and publishes', async () => {
		importWorkflows(n8n.env, n8n.work, [example]);
		publishWorkflow(n8n.env, MCP.workflowId);
	}, { always: true });

	const server = await startN8n(n8n.env, { owner: OWNER });
	const url = `${server.url}/mcp/${MCP.path}`;
	try {
		await check('MCP: n8n serves the published example at /mcp/<path>', async () => servedWithin(url, 90));
		await sandbox.control('reset', { secrets: true });
		for (const transport of Object.keys(TRANSPORTS)) {
			await check(`MCP over ${transport}: exactly the example's tools, each with its description and every $fromAI field`, async () => {
				const client = await connect(url, transport, received);
				try {
					const tools = await client.listTools();
					const expected = exampleTools(example);
					assert.deepEqual(tools.map((tool) => tool.name).sort(), expected.map((tool) => tool.name).sort());
					for (const { name, description, fields } of expected) {
						const tool = tools.find((t) => t.name === name);
						assert.equal(tool.description, description);
						const sent = Object.fromEntries(Object.entries(tool.inputSchema.properties).map(([key, value]) => [key, { description: value.description, type: value.type }]));
						assert.deepEqual(sent, fields, name);
					}
				} finally {
					await client.close();
				}
			});

			await check(`MCP over ${transport}: every tool answers with the sandbox's figures`, async () => {
				const client = await connect(url, transport, received);
				try {
					for (const call of CALLS) {
						const before = Date.now();
						const { items, isError, text } = await client.call(call.tool, call.args);
						assert.equal(isError, false, `${call.tool}: ${text.slice(0, 300)}`);
						call.check(items, { sandbox, calledAt: [before, Date.now()] });
					}
				} finally {
					await client.close();
				}
			});

			await check(`MCP over ${transport}: a bad argument comes back with the node's message and hint, and the next call succeeds`, async () => {
				const client = await connect(url, transport, received);
				try {
					const badPeriod = await client.call('GoProxies_Total_Traffic', { period: 'lastYear' });
					assert.match(badPeriod.items[0].error, /Period.*"lastYear"/);
					assert.match(badPeriod.items[0].description, /last7Days/);
					const badCountry = await client.call('GoProxies_Total_Traffic', { period: 'thisMonth', country: 'USA' });
					assert.match(badCountry.items[0].error, /Country.*"USA"/);
					assert.match(badCountry.items[0].description, /US/);
					// Request History takes preset periods only, so that an answer holds 31 days at most
					const custom = await client.call('GoProxies_Request_History', { period: 'custom' });
					assert.match(custom.items[0].error, /Start/);
					assert.match(custom.items[0].description, /preset Period/);
					const good = await client.call('GoProxies_Total_Traffic', { ...MARCH, subuser: 'alice' });
					assert.equal(good.items[0].bytes, bytesOf({ username: 'alice' }));
				} finally {
					await client.close();
				}
			});
		}

		await check('MCP: a wrong or missing bearer token gets HTTP 403 and causes no GoProxies request', async () => {
			const before = JSON.stringify((await sandbox.control('state')).counts);
			for (const headers of [{ Authorization: 'Bearer not-the-token' }, {}]) {
				const post = await postInitialize(url, headers);
				received.push(post.text);
				assert.equal(post.status, 403);
				const get = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
				received.push(await get.text());
				assert.equal(get.status, 403);
			}
			await assert.rejects(connect(url, 'Streamable HTTP', received, 'not-the-token'));
			assert.equal(JSON.stringify((await sandbox.control('state')).counts), before);
		});

		await check('MCP: answers stay bounded for an account with 1,000 subusers (100 at most, 20 by default)', async () => {
			await sandbox.control('reset', { subusers: 1000, secrets: true });
			const client = await connect(url, 'Streamable HTTP', received);
			try {
				const sizes = [];
				for (const [tool, args] of [
					['GoProxies_Subusers_Near_Their_Limit', { minUsedShare: 0 }],
					['GoProxies_Subusers_Near_Their_Limit', { minUsedShare: 0, limit: 1000 }],
					['GoProxies_Traffic_by_Subuser', { ...MARCH, limit: 1000 }],
					['GoProxies_Traffic_by_Country', { ...MARCH, limit: 1000 }],
				]) {
					const { items, text } = await client.call(tool, args);
					const expected = tool.endsWith('Country') ? data.countries.length : args.limit === undefined ? 20 : 100;
					assert.equal(items.length, expected, `${tool} ${JSON.stringify(args)}`);
					sizes.push(`${tool} ${JSON.stringify(args)}: ${items.length} items, ${(Buffer.byteLength(text) / 1024).toFixed(1)} kB`);
				}
				process.stderr.write(`[e2e] MCP answer sizes with 1,000 subusers:\n  ${sizes.join('\n  ')}\n`);
			} finally {
				await client.close();
			}
		});

		await check('MCP: neither the password, nor any token, nor a subuser\'s secret reaches the client', async () => {
			const { issuedTokens, account, secrets } = await sandbox.control('state');
			assert.ok(secrets.length > 0 && received.length > 0);
			const text = received.join('\n');
			const leaked = [account.password, ...issuedTokens, ...secrets].filter((secret) => text.includes(secret));
			assert.equal(leaked.length, 0, `${leaked.length} secret(s) reached the MCP client`);
		});
	} finally {
		await server.stop();
		await sandbox.control('reset', { secrets: true });
	}
}

module.exports = { mcpChecks };

if (require.main === module) {
	const { check, run } = suite('MCP checks');
	run(async () => mcpChecks({ check, n8n: await prepareN8n({ name: 'e2e-mcp', sandboxArgs: ['--secrets'] }) }));
}

#!/usr/bin/env node
'use strict';
// npm run bench:n8n: the node against what a user without it builds (n8n's HTTP Request node with a login
// step), in one real n8n in queue mode (PostgreSQL, Redis, workers), same run, same sandbox; then the
// usage-report example's executions per minute with one and with two workers, and each process's memory.
// Prints a table; asserts nothing (see BENCHMARKS.md). Not in CI: it takes several minutes.
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const { exampleAsWebhook, goProxiesNode, triggerWorkflow, webhookWorkflow } = require('../test/support/fixtures');
const { log, parseRunData } = require('../test/support/n8n');
const { startSandbox } = require('../test/support/sandbox');
const { stopAll } = require('../test/support/processes');
const { pool, startCluster } = require('../test/support/queue');
const { n8nRuntime } = require('../test/support/runtime');

const ITEMS = 1000;
const COUNTRIES = 250;
const SUBUSERS = 1000;
const POLLED_SUBUSERS = 2500; // three pages of the subuser list
const LATENCY_MS = 20;
const RUNS = 5; // each timed workflow, the median kept
const REPORTS = 60; // usage-report executions per worker count
const IN_FLIGHT = 10;
/** `-- --only total|country|subuser|poll|queue`: one of the comparisons (default: all). */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7);
const part = (name) => ONLY === undefined || ONLY === name;
const MARCH = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59' };
const MARCH_QUERY = { start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' };

let position = 200;
/** A node of n8n-nodes-base, placed after the previous one. */
const node = (name, type, typeVersion, parameters) => ({ id: `${name.replace(/\W/g, '')}-n`, name, type: `n8n-nodes-base.${type}`, typeVersion, position: [(position += 200), 0], parameters });

/** The HTTP Request node as a user configures it against this API: the token from the Login node. */
function httpGet(name, apiPath, query, options = {}) {
	return node(name, 'httpRequest', 4.2, {
		url: `={{ $('Login').first().json.baseUrl }}${apiPath}`,
		sendQuery: true,
		queryParameters: { parameters: Object.entries(query).map(([key, value]) => ({ name: key, value })) },
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: "=Bearer {{ $('Login').first().json.token }}" }] },
		options,
	});
}

/** The login step: POST /api/v1/login, then the token and base URL kept for the nodes after it. */
function loginSteps(sandboxUrl, account) {
	return [
		node('Login request', 'httpRequest', 4.2, {
			method: 'POST',
			url: `${sandboxUrl}/api/v1/login`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON.stringify(account),
			options: {},
		}),
		node('Login', 'set', 3.4, {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'token', name: 'token', type: 'string', value: '={{ $json.token }}' },
					{ id: 'base', name: 'baseUrl', type: 'string', value: sandboxUrl },
				],
			},
			options: {},
		}),
	];
}

/** ITEMS items ({ n }), the input of the per-item comparison, the same on both sides. */
const itemSteps = () => [
	node('Make items', 'set', 3.4, {
		mode: 'manual',
		assignments: { assignments: [{ id: 'n', name: 'n', type: 'array', value: `={{ Array.from({ length: ${ITEMS} }, (_, i) => i) }}` }] },
		options: {},
	}),
	node('Items', 'splitOut', 1, { fieldToSplitOut: 'n', options: {} }),
];

/** The GoProxies Trigger, polling every minute on the main: its polls' credential reads are measured. */
const pollingTrigger = triggerWorkflow('benchPollTrigge1', { event: 'subuserLimitReached', threshold: 1000 }, { pollTimes: { item: [{ mode: 'everyMinute' }] } });

function workflows(sandboxUrl, account) {
	const login = () => loginSteps(sandboxUrl, account);
	// Every page of the subuser list (HTTP Request's pagination, 1,000 a page), then a request per subuser.
	const bySubuserHttp = (concurrency) => [
		...login(),
		httpGet('Subusers', '/api/v1/reseller/subusers', { limit: 1000 }, {
			pagination: {
				pagination: {
					paginationMode: 'updateAParameterInEachRequest',
					parameters: { parameters: [{ type: 'qs', name: 'offset', value: '={{ $pageCount * 1000 }}' }] },
					paginationCompleteWhen: 'other',
					completeExpression: '={{ $response.body.subusers.length < 1000 }}',
				},
			},
		}),
		node('Split subusers', 'splitOut', 1, { fieldToSplitOut: 'subusers', options: {} }),
		httpGet('Traffic', '/api/v1/stats/traffic', { ...MARCH_QUERY, username: '={{ $json.username }}' }, {
			batching: { batch: { batchSize: concurrency, batchInterval: LATENCY_MS } },
		}),
		node('Sort', 'sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'bytes', order: 'descending' }] }, options: {} }),
	];
	const byCountryHttp = (concurrency) => [
		...login(),
		httpGet('Countries', '/api/v1/stats/countries', {}),
		node('Split countries', 'splitOut', 1, { fieldToSplitOut: 'countries', options: {} }),
		httpGet('Traffic', '/api/v1/stats/traffic', { ...MARCH_QUERY, country: '={{ $json.countries }}' }, {
			batching: { batch: { batchSize: concurrency, batchInterval: LATENCY_MS } },
		}),
		node('Sort', 'sort', 1, { sortFieldsUi: { sortField: [{ fieldName: 'bytes', order: 'descending' }] }, options: {} }),
	];
	return {
		totalNode: webhookWorkflow('benchTotalNode01', 'bench-total-node', [...itemSteps(), goProxiesNode({ resource: 'traffic', operation: 'get', ...MARCH })]),
		totalHttp: webhookWorkflow('benchTotalHttp01', 'bench-total-http', [...login(), ...itemSteps(), httpGet('Traffic', '/api/v1/stats/traffic', MARCH_QUERY)]),
		country5Node: webhookWorkflow('benchCountry5N01', 'bench-country-5-node', [goProxiesNode({ resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 5 } })]),
		country20Node: webhookWorkflow('benchCountry20N1', 'bench-country-20-node', [goProxiesNode({ resource: 'traffic', operation: 'getByCountry', ...MARCH, options: { concurrency: 20 } })]),
		country5Http: webhookWorkflow('benchCountry5H01', 'bench-country-5-http', byCountryHttp(5)),
		country20Http: webhookWorkflow('benchCountry20H1', 'bench-country-20-http', byCountryHttp(20)),
		// refused before any request (a country that is not two letters), so that its credential reads are n8n's own
		noRequest: webhookWorkflow('benchNoRequest01', 'bench-no-request', [{ ...goProxiesNode({ resource: 'traffic', operation: 'get', filters: { country: 'USA' } }), onError: 'continueRegularOutput' }]),
		subuser5Node: webhookWorkflow('benchSubuser5N01', 'bench-subuser-5-node', [goProxiesNode({ resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { concurrency: 5 } })]),
		subuser20Node: webhookWorkflow('benchSubuser20N1', 'bench-subuser-20-node', [goProxiesNode({ resource: 'traffic', operation: 'getBySubuser', ...MARCH, options: { concurrency: 20 } })]),
		subuser5Http: webhookWorkflow('benchSubuser5H01', 'bench-subuser-5-http', bySubuserHttp(5)),
		subuser20Http: webhookWorkflow('benchSubuser20H1', 'bench-subuser-20-http', bySubuserHttp(20)),
		report: exampleAsWebhook('usage-report.json', 'benchUsageRepor1', 'bench-usage-report'),
	};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

async function main() {
	const sandbox = await startSandbox();
	let cluster;
	const rows = [];
	const row = (measure, node, http, goal = '') => rows.push({ measure, node, 'HTTP Request': http, ratio: typeof node === 'number' && typeof http === 'number' && http > 0 ? (node / http).toFixed(2) : '', goal });
	const loads = [`start: ${load()}`];
	try {
		const account = (await sandbox.control('state')).account;
		const flows = workflows(sandbox.url, account);
		cluster = await startCluster({ name: 'bench-n8n', workers: 1, concurrency: 10, sandbox, workflows: [...Object.values(flows), pollingTrigger] });
		const call = async (workflow) => {
			const webhookPath = workflow.nodes[0].parameters.path;
			const res = await fetch(`${cluster.main.url}/webhook/${webhookPath}`, { method: 'POST', signal: AbortSignal.timeout(300_000) });
			const body = await res.json();
			if (res.status !== 200) throw new Error(`${workflow.name}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
			return body;
		};
		/** The last execution's per-node times (ms) and its total, from n8n's records. */
		const lastRunTimes = () => {
			const [id, ms] = cluster.psql(`select id, extract(epoch from ("stoppedAt" - "startedAt")) * 1000 from execution_entity order by id desc limit 1`).split('|');
			const data = parseRunData(cluster.psql(`select data from execution_data where "executionId" = ${Number(id)}`));
			const nodes = Object.fromEntries(Object.entries(data.resultData.runData).map(([name, tasks]) => [name, tasks[0].executionTime]));
			return { total: Number(ms), nodes };
		};
		/** Median over RUNS of: the named nodes' time, the execution's time; after one warm-up run. */
		const timed = async (workflow, nodeNames, expectItems) => {
			await call(workflow);
			const runs = [];
			for (let i = 0; i < RUNS; i++) {
				const items = await call(workflow);
				if (expectItems !== undefined && items.length !== expectItems) throw new Error(`${workflow.name}: ${items.length} items, expected ${expectItems}`);
				const { total, nodes } = lastRunTimes();
				runs.push({ total, nodes: nodeNames.reduce((sum, name) => sum + nodes[name], 0) });
			}
			return { nodes: median(runs.map((r) => r.nodes)), total: median(runs.map((r) => r.total)) };
		};

		/** The most requests the API saw under way at once during one more run of the workflow. */
		const peakOf = async (workflow, reset = {}) => {
			await sandbox.control('reset', reset);
			await call(workflow);
			return (await sandbox.control('state')).peakConcurrency;
		};

		const reads = () => Number(cluster.psql(`select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'credentials_entity'`));
		const settle = () => new Promise((resolve) => setTimeout(resolve, 11_000)); // an idle backend publishes its counters within 10 s
		const subuserPages = async () => (await sandbox.control('state')).counts['/api/v1/reseller/subusers'] ?? 0;
		/** Resolves once the trigger has polled again (it lists the subusers once a minute). */
		const nextPoll = async () => {
			const pages = await subuserPages();
			for (let i = 0; i < 150 && (await subuserPages()) === pages; i++) await new Promise((resolve) => setTimeout(resolve, 500));
			await new Promise((resolve) => setTimeout(resolve, 2000)); // the poll's remaining pages
		};
		/**
		 * How often n8n read the credential from PostgreSQL during one more run of the workflow: started right
		 * after a poll of the trigger, so that the next one falls outside the window; `pages` is how many pages
		 * of the subuser list the workflow itself reads, so that a poll inside the window would show.
		 */
		const credentialReads = async (workflow, pages = 0) => {
			await nextPoll();
			await settle();
			const [readsBefore, pagesBefore] = [reads(), await subuserPages()];
			await call(workflow);
			await settle();
			const polled = (await subuserPages()) - pagesBefore !== pages;
			return `${reads() - readsBefore}${polled ? ' (a trigger poll fell in)' : ''}`;
		};

		if (part('total')) {
			log(`1. ${ITEMS} items of Get Total, the node vs the HTTP Request node`);
			await sandbox.control('reset');
			const totalNode = await timed(flows.totalNode, ['GoProxies Stats'], ITEMS);
			const totalHttp = await timed(flows.totalHttp, ['Login request', 'Traffic'], ITEMS);
			row(`${fmt(ITEMS)} items of Get Total: the node vs HTTP Request + login (node ms)`, Math.round(totalNode.nodes), Math.round(totalHttp.nodes), '<= 1.1');
			row('  the same, whole execution (ms)', Math.round(totalNode.total), Math.round(totalHttp.total));
			row('  requests in flight at the API at most', await peakOf(flows.totalNode), await peakOf(flows.totalHttp));
			row('  credential reads from PostgreSQL per run', await credentialReads(flows.totalNode), await credentialReads(flows.totalHttp));
			row('  of which n8n\'s own: a run of the node refused before any request', await credentialReads(flows.noRequest), '');
		}

		/**
		 * A breakdown (`by` country or subuser) over `count` of them, the node against the six-node chain a user
		 * builds, at concurrency 5 and 20, then the credential reads of one run of each.
		 */
		const compareBreakdown = async (by, count, reset, chainNodes, ownPages) => {
			await sandbox.control('reset', reset);
			for (const concurrency of [5, 20]) {
				const [node, http] = [flows[`${by}${concurrency}Node`], flows[`${by}${concurrency}Http`]];
				const nodeRun = await timed(node, ['GoProxies Stats'], count);
				const nodePeak = await peakOf(node, reset);
				const httpRun = await timed(http, ['Login request', 'Login', ...chainNodes, 'Traffic', 'Sort'], count);
				const httpPeak = await peakOf(http, reset);
				row(`by ${by}, concurrency ${concurrency}: 1 node vs 6 nodes (node ms)`, Math.round(nodeRun.nodes), Math.round(httpRun.nodes), 'no slower');
				row('  the same, whole execution (ms)', Math.round(nodeRun.total), Math.round(httpRun.total));
				row('  requests in flight at the API at most', nodePeak, httpPeak);
			}
			await sandbox.control('reset', reset);
			row(`  credential reads from PostgreSQL per run (${fmt(count)} ${by === 'country' ? 'countries' : 'subusers'})`, await credentialReads(flows[`${by}5Node`], ownPages), await credentialReads(flows[`${by}5Http`], ownPages));
		};

		if (part('country')) {
			log(`2. by country, ${COUNTRIES} countries, ${LATENCY_MS} ms latency`);
			await compareBreakdown('country', COUNTRIES, { usedCountries: COUNTRIES, latencyMs: LATENCY_MS }, ['Countries', 'Split countries'], 0);
		}

		if (part('subuser')) {
			log(`3. by subuser, ${SUBUSERS} subusers, ${LATENCY_MS} ms latency`);
			// the subuser list is 2 pages: 1,000 subusers, then the empty page that shows it ended
			await compareBreakdown('subuser', SUBUSERS, { subusers: SUBUSERS, latencyMs: LATENCY_MS }, ['Subusers', 'Split subusers'], 2);
		}

		if (part('poll')) {
			log(`4. the GoProxies Trigger's poll over ${POLLED_SUBUSERS} subusers (3 pages), on the main`);
			await sandbox.control('reset', { subusers: POLLED_SUBUSERS });
			await nextPoll();
			await settle();
			const perPoll = [];
			for (let i = 0; i < 3; i++) {
				const [readsBefore, pagesBefore, loginsBefore] = [reads(), await subuserPages(), (await sandbox.control('state')).counts['/api/v1/login'] ?? 0];
				await nextPoll();
				await settle();
				const { counts } = await sandbox.control('state');
				perPoll.push(`${reads() - readsBefore} (${counts['/api/v1/reseller/subusers'] - pagesBefore}; ${(counts['/api/v1/login'] ?? 0) - loginsBefore})`);
			}
			row(`trigger poll over ${fmt(POLLED_SUBUSERS)} subusers, 3 polls: credential reads (pages; logins)`, perPoll.join(', '), '');
		}

		if (part('queue')) {
			log(`5. usage report in queue mode, ${REPORTS} executions, ${IN_FLIGHT} in flight`);
			await sandbox.control('reset', { latencyMs: LATENCY_MS });
			const perMinute = async () => {
				await call(flows.report);
				/** Peak resident memory (kB) of each n8n process and, apart, of the task runners it started. */
				const peaks = new Map();
				const measureGroups = () => {
					const sums = new Map();
					for (const line of execFileSync('ps', ['-eo', 'pid=,pgid=,rss='], { encoding: 'utf8' }).trim().split('\n')) {
						const [pid, pgid, rss] = line.trim().split(/\s+/);
						const proc = [cluster.main, ...cluster.workers].find((p) => String(p.proc.child.pid) === pgid);
						if (!proc) continue;
						const key = pid === pgid ? proc.name : `${proc.name}'s task runners`;
						sums.set(key, (sums.get(key) ?? 0) + Number(rss));
					}
					for (const [key, kb] of sums) peaks.set(key, Math.max(peaks.get(key) ?? 0, kb));
				};
				const sampler = setInterval(measureGroups, 500);
				const start = Date.now();
				await pool(REPORTS, IN_FLIGHT, () => call(flows.report));
				const seconds = (Date.now() - start) / 1000;
				clearInterval(sampler);
				measureGroups();
				return { perMinute: (REPORTS / seconds) * 60, peaks };
			};
			const one = await perMinute();
			loads.push(`after 1 worker: ${load()}`);
			await cluster.addWorker();
			const two = await perMinute();
			row(`usage report (${REPORTS} runs, ${IN_FLIGHT} in flight), executions per minute, 1 worker`, Math.round(one.perMinute), '');
			row('  the same, 2 workers', Math.round(two.perMinute), '');
			for (const [name, kb] of [...one.peaks].sort()) row(`  peak memory (MB), 1 worker: ${name}`, Math.round(kb / 1024), '');
			for (const [name, kb] of [...two.peaks].sort()) row(`  peak memory (MB), 2 workers: ${name}`, Math.round(kb / 1024), '');
		}
		loads.push(`end: ${load()}`);
	} finally {
		if (cluster) await cluster.stop();
		await sandbox.stop();
		await stopAll();
	}

	const header = ['measure', 'node', 'HTTP Request', 'ratio', 'goal'];
	const cells = rows.map((r) => header.map((h) => (typeof r[h] === 'number' ? fmt(r[h]) : String(r[h]))));
	const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (values) => `| ${values.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
	process.stdout.write(`\n${table}\n\n`);
	process.stdout.write(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB; n8n ${n8nRuntime.version} on Node ${n8nRuntime.nodeVersion}, queue mode (PostgreSQL 15, Redis), sandbox ${LATENCY_MS} ms latency for 2, 3 and 5; medians of ${RUNS} runs\n`);
	process.stdout.write(`load average (1, 5, 15 min): ${loads.join('; ')}\n`);
}

main().catch((error) => {
	process.stderr.write(`bench:n8n failed: ${error.stack ?? error}\n`);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// npm run bench [-- --quick]: the node's costs, each measured side by side with its floor in the same run,
// against the sandbox API on loopback. Prints a table; asserts nothing (see BENCHMARKS.md).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../test/sandbox/server');
const { ensureBuilt } = require('../test/support/pack');

const ROOT = path.resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const ITEMS = QUICK ? 200 : 1000;
const COUNTRIES = QUICK ? 60 : 250;
const SUBUSERS = QUICK ? 200 : 1000;
const DROPDOWN_SUBUSERS = 5000;
const LATENCY_MS = 20;
const HISTORY_DAYS = QUICK ? 100 : 400;

function build() {
	ensureBuilt(); // dist/, whose load time is measured
	// the harness, compiled with the nodes it runs
	execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'test/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
	return require(path.join(ROOT, '.cache', 'test-build', 'test', 'harness', 'n8n.js'));
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const rows = [];
const row = (measure, node, floor, ratio, goal) => rows.push({ measure, node, floor, ratio, goal });
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A token from the sandbox's login, for the loops that stand in for the node. */
async function loginToken(sandbox) {
	const login = await fetch(`${sandbox.url}/api/v1/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(sandbox.account),
	});
	return (await login.json()).token;
}

async function bareFetchLoop(sandbox, n, query) {
	const token = await loginToken(sandbox);
	const url = `${sandbox.url}/api/v1/stats/traffic?${new URLSearchParams(query)}`;
	const start = process.hrtime.bigint();
	for (let i = 0; i < n; i++) {
		const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		await res.json();
	}
	return ms(start);
}

/** The same requests through n8n's own HTTP helper (what httpRequestWithAuthentication sends with). */
async function n8nHelperLoop(sandbox, n, query) {
	const { Container } = require('@n8n/di');
	const { OutboundHttp } = require('@n8n/backend-network');
	const token = await loginToken(sandbox);
	const requests = Container.get(OutboundHttp).requests();
	const options = () => ({
		method: 'GET',
		url: `${sandbox.url}/api/v1/stats/traffic`,
		qs: query,
		json: true,
		headers: { Authorization: `Bearer ${token}` },
		timeout: 30_000,
	});
	const start = process.hrtime.bigint();
	for (let i = 0; i < n; i++) await requests.request(options());
	return ms(start);
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

async function main() {
	const loads = [`start: ${load()}`];
	const { CredentialStore, runNode, loadOptions } = build();
	const sandbox = await startSandbox();
	const newStore = () => new CredentialStore({ ...sandbox.account, baseUrl: sandbox.url });
	const range = { period: 'custom', startAt: '2026-03-01T00:00:00', endAt: '2026-03-31T23:59:59' };
	const items = Array.from({ length: ITEMS }, () => ({}));

	// 1 and 2: per-call overhead and logins
	const store = newStore();
	await runNode({ store, parameters: { resource: 'traffic', operation: 'get', ...range }, items: [{}] }); // warm-up
	await bareFetchLoop(sandbox, 50, { start_at: '2026-03-01T00:00:00Z', end_at: '2026-03-31T23:59:59Z' });
	sandbox.reset();
	const measured = newStore();
	let start = process.hrtime.bigint();
	const run = await runNode({ store: measured, parameters: { resource: 'traffic', operation: 'get', ...range }, items });
	const nodeMs = ms(start);
	if (run.error || run.items.length !== ITEMS) throw new Error(`node run failed: ${run.error?.message}`);
	const loginsFirst = sandbox.logins();
	const query = { start_at: '2026-03-01T00:00:00+02:00', end_at: '2026-03-31T23:59:59+03:00' };
	await n8nHelperLoop(sandbox, 50, query); // warm-up
	const fetchMs = await bareFetchLoop(sandbox, ITEMS, query);
	const helperMs = await n8nHelperLoop(sandbox, ITEMS, query);
	row(`${ITEMS} items, traffic.get, vs a bare fetch loop (ms)`, fmt(nodeMs), fmt(fetchMs), fmt(nodeMs / fetchMs, 2), '<= 1.3');
	row(`  vs n8n's own HTTP helper in a loop (ms)`, fmt(nodeMs), fmt(helperMs), fmt(nodeMs / helperMs, 2), '');
	row(`  n8n's HTTP helper vs the bare fetch loop (ms)`, fmt(helperMs), fmt(fetchMs), fmt(helperMs / fetchMs, 2), '');
	row(`logins for ${ITEMS} items`, String(loginsFirst), '1', '', '1');
	row(`credential reads for ${ITEMS} items`, String(measured.reads), '1', '', '1');
	sandbox.reset();
	const loginsBefore = sandbox.logins();
	await runNode({ store: measured, parameters: { resource: 'traffic', operation: 'get', ...range }, items: items.slice(0, 10) });
	sandbox.expireTokens();
	await runNode({ store: measured, parameters: { resource: 'traffic', operation: 'get', ...range }, items });
	row(`logins for ${ITEMS} items, then a forced expiry and ${ITEMS} more`, String(loginsFirst + sandbox.logins() - loginsBefore), '2', '', '2');

	// 3: breakdown by country
	for (const concurrency of [1, 5, 20]) {
		sandbox.reset({ usedCountries: COUNTRIES, latencyMs: LATENCY_MS });
		const byCountry = newStore();
		start = process.hrtime.bigint();
		const result = await runNode({
			store: byCountry,
			parameters: { resource: 'traffic', operation: 'getByCountry', ...range, options: { concurrency } },
		});
		const took = ms(start);
		if (result.error || result.items.length !== COUNTRIES) throw new Error(`getByCountry failed: ${result.error?.message}`);
		const floor = Math.ceil(COUNTRIES / concurrency) * LATENCY_MS;
		row(`getByCountry ${COUNTRIES} countries, ${LATENCY_MS} ms latency, concurrency ${concurrency} (ms)`, fmt(took), fmt(floor), fmt(took / floor, 2), '<= 1.3');
	}

	// 3b: breakdown by subuser (the subuser list is one more call, 20 ms, before the per-subuser calls)
	for (const concurrency of [1, 5, 20]) {
		sandbox.reset({ subusers: SUBUSERS, latencyMs: LATENCY_MS });
		const bySubuser = newStore();
		start = process.hrtime.bigint();
		const result = await runNode({
			store: bySubuser,
			parameters: { resource: 'traffic', operation: 'getBySubuser', ...range, options: { concurrency } },
		});
		const took = ms(start);
		if (result.error || result.items.length !== SUBUSERS) throw new Error(`getBySubuser failed: ${result.error?.message}`);
		const floor = Math.ceil(SUBUSERS / concurrency) * LATENCY_MS;
		row(`getBySubuser ${SUBUSERS} subusers, ${LATENCY_MS} ms latency, concurrency ${concurrency} (ms)`, fmt(took), fmt(floor), fmt(took / floor, 2), concurrency === 20 ? 'report' : '<= 1.3');
		if (concurrency === 20) row(`  credential reads for those ${SUBUSERS} subusers`, String(bySubuser.reads), '1', '', '1');
	}

	// 3c: the Subuser dropdown of an account with 5,000 subusers
	sandbox.reset({ subusers: DROPDOWN_SUBUSERS, latencyMs: LATENCY_MS });
	const dropdown = newStore();
	start = process.hrtime.bigint();
	const options = await loadOptions('getSubusers', dropdown);
	const dropdownMs = ms(start);
	if (options.length !== DROPDOWN_SUBUSERS) throw new Error(`getSubusers gave ${options.length} options`);
	const pages = sandbox.count('/api/v1/reseller/subusers');
	row(`Subuser dropdown, ${fmt(DROPDOWN_SUBUSERS)} subusers, ${LATENCY_MS} ms latency (ms; calls)`, `${fmt(dropdownMs)}; ${pages}`, `${fmt((pages + 1) * LATENCY_MS)}; 6`, fmt(dropdownMs / ((pages + 1) * LATENCY_MS), 2), '');

	// 4: a long hourly history split into items
	sandbox.reset();
	const history = newStore();
	await runNode({ store: history, parameters: { resource: 'country', operation: 'getAll' } }); // log in first
	const end = new Date(Date.UTC(2026, 2, 31, 23, 59, 59));
	const begin = new Date(end.getTime() - HISTORY_DAYS * 86_400_000 + 1000);
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	start = process.hrtime.bigint();
	const long = await runNode({
		store: history,
		parameters: { resource: 'traffic', operation: 'getHistory', period: 'custom', startAt: begin.toISOString(), endAt: end.toISOString(), interval: 'hour' },
	});
	const longMs = ms(start);
	const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
	row(`${HISTORY_DAYS}-day hourly history: ${fmt(long.items.length)} items (ms)`, fmt(longMs), '', '', '');
	row(`  heap growth holding those items (MB)`, fmt(heapGrowth, 1), '', '', '< 50');
	await sandbox.close();

	// 5: footprint
	const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0];
	row('packed tarball (kB)', fmt(pack.size / 1000, 1), '', '', '');
	const requireMs = Number(
		execFileSync(process.execPath, [
			'-e',
			`const s=process.hrtime.bigint();require(${JSON.stringify(path.join(ROOT, 'dist/nodes/GoProxiesStats/GoProxiesStats.node.js'))});process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6))`,
		]),
	);
	row('require the built node module (ms)', fmt(requireMs, 1), '', '', '');

	const header = ['measure', 'node', 'floor', 'ratio', 'goal'];
	const widths = header.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(header.map((h) => r[h])))].join('\n');
	process.stdout.write(`\n${table}\n\n`);
	loads.push(`end: ${load()}`);
	process.stdout.write(
		`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${QUICK ? 'quick run' : 'full run'}\n` +
			`load average (1, 5, 15 min): ${loads.join('; ')}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
	process.exit(1);
});

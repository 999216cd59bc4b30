#!/usr/bin/env node
'use strict';
// npm run test:compat: the end-to-end test (test/e2e/run.js) on every n8n of test/support/versions.json, one
// after the other, each in a process of its own with N8N_VERSION set (each n8n installed into .cache/ on first
// use, a few minutes each); the package packed once for all. Prints each run, then a table; exits with 1 when
// one failed. `-- 1.123.81 2.41.1` runs only those.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { packedPackage } = require('../support/pack');
const { versions } = require('../support/runtime');

const E2E = path.join(__dirname, '..', 'e2e', 'run.js');

/** Runs the e2e on one n8n version; resolves to its closing counts and how long it took. */
function e2eOn(version, env) {
	const started = Date.now();
	const child = spawn(process.execPath, [E2E], { env: { ...env, N8N_VERSION: version }, stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout.on('data', (chunk) => {
		output += chunk;
		process.stdout.write(chunk);
	});
	return new Promise((resolve) => {
		child.once('exit', (code) => {
			const [, passed = '0', failed = '?', skipped = '0'] = output.match(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m) ?? [];
			resolve({ version, node: versions.versions[version].node, passed, failed, skipped, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000) });
		});
	});
}

async function main() {
	const chosen = process.argv.slice(2).filter((arg) => /^\d+\.\d+\.\d+$/.test(arg));
	const all = Object.keys(versions.versions);
	const unknown = chosen.filter((version) => !all.includes(version));
	if (unknown.length > 0) throw new Error(`not in test/support/versions.json: ${unknown.join(', ')}`);
	const env = { ...process.env, GOPROXIES_PACKAGE: packedPackage() };
	const rows = [];
	for (const version of chosen.length > 0 ? chosen : all) {
		process.stdout.write(`\n=== n8n ${version} on Node ${versions.versions[version].node}${version === versions.minimum ? ' (the minimum version: core checks)' : ''}\n`);
		rows.push(await e2eOn(version, env));
	}
	process.stdout.write('\n| n8n | Node | passed | failed | skipped | seconds |\n| --- | --- | --- | --- | --- | --- |\n');
	for (const r of rows) process.stdout.write(`| ${r.version} | ${r.node} | ${r.passed} | ${r.failed} | ${r.skipped} | ${r.seconds} |\n`);
	process.exit(rows.every((r) => r.ok) ? 0 : 1);
}

main().catch((error) => {
	process.stderr.write(`test:compat failed: ${error.stack ?? error}\n`);
	process.exit(1);
});

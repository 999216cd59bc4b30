#!/usr/bin/env node
'use strict';
// npm run demo: the sandbox API and a real n8n at http://localhost:5678 with this package installed,
// a GoProxies credential pointing at the sandbox, the examples imported and an owner account ready.
// npm run demo -- --once: runs the "usage report" example headless, prints its result and exits.
const fs = require('node:fs');
const path = require('node:path');
const lib = require('../test/e2e/lib');

const ONCE = process.argv.includes('--once');
const PORT = 5678;
const OWNER = { email: 'demo@example.com', password: 'GoProxies-demo-1', firstName: 'Demo', lastName: 'Owner' };
const EXAMPLES = path.join(lib.ROOT, 'examples');
const USAGE_REPORT_ID = 'exUsageReport000';

/** n8n stores the owner's password as a bcrypt hash: made with n8n's own bcryptjs. */
function bcryptHash(password) {
	return require(path.join(lib.N8N_DIR, 'node_modules', 'bcryptjs')).hashSync(password, 10);
}

async function waitForHealth(url, child, seconds) {
	for (let i = 0; i < seconds * 2; i++) {
		if (child.exitCode !== null) return false;
		try {
			if ((await fetch(url)).ok) return true;
		} catch {}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return false;
}

async function main() {
	const started = Date.now();
	lib.ensureN8n();
	const work = path.join(lib.CACHE, 'demo');
	const userFolder = path.join(work, 'user');
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	lib.log('building the package and installing it into n8n');
	lib.installPackage(lib.buildAndPack(), userFolder);

	const sandbox = await lib.startSandboxProcess();
	const stopAll = [sandbox.stop];
	const shutdown = async (code) => {
		for (const stop of stopAll.reverse()) await stop();
		process.exit(code);
	};
	try {
		const { account } = await sandbox.control('state');
		const env = await lib.n8nEnvironment(userFolder, {
			N8N_PORT: String(PORT),
			N8N_HOST: 'localhost',
			N8N_SECURE_COOKIE: 'false',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(OWNER.password),
		});
		for (const args of [
			['import:credentials', `--input=${lib.credentialsFile(work, sandbox.url, account)}`],
			['import:workflow', '--separate', `--input=${EXAMPLES}`],
		]) {
			const result = lib.n8n(args, env);
			if (result.status !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}${result.stderr}`);
		}

		if (ONCE) {
			const result = lib.n8n(['execute', '--id', USAGE_REPORT_ID, '--rawOutput'], env);
			const output = lib.parseRawOutput(`${result.stdout}\n${result.stderr}`);
			const { runData, error } = output.data.resultData;
			if (result.status !== 0 || error) throw new Error(`the usage report failed: ${error?.message ?? result.stderr}`);
			const report = runData['Build Report'][0].data.main[0][0].json;
			process.stdout.write(`\n${report.report}\n\n(${report.countries} countries, from the sandbox API at ${sandbox.url}; demo took ${Math.round((Date.now() - started) / 1000)} s)\n`);
			return await shutdown(0);
		}

		const n8n = lib.spawnN8n(['start'], env, { stdio: ['ignore', 'ignore', 'inherit'] });
		stopAll.push(
			() =>
				new Promise((resolve) => {
					if (n8n.exitCode !== null) return resolve();
					const force = setTimeout(() => n8n.kill('SIGKILL'), 15_000);
					n8n.once('exit', () => (clearTimeout(force), resolve()));
					n8n.kill('SIGTERM');
				}),
		);
		process.on('SIGINT', () => {
			process.stdout.write('\nstopping n8n and the sandbox API...\n');
			shutdown(0);
		});
		process.on('SIGTERM', () => shutdown(0));
		lib.log('starting n8n (about 15 s)');
		if (!(await waitForHealth(`http://localhost:${PORT}/rest/settings`, n8n, 120))) {
			throw new Error(`n8n did not start on port ${PORT} (is something else using it?)`);
		}
		process.stdout.write(
			[
				'',
				`  n8n is running at http://localhost:${PORT} (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
				`  sign in with ${OWNER.email} / ${OWNER.password}`,
				'',
				`  Credential "GoProxies sandbox" points at the sandbox GoProxies API on ${sandbox.url}.`,
				'  Workflows: open "GoProxies: usage report" and click Execute workflow; the other examples',
				'  need Slack, Google Sheets, SMTP or OpenAI credentials of your own.',
				'',
				'  Press Ctrl-C to stop everything.',
				'',
			].join('\n'),
		);
	} catch (error) {
		process.stderr.write(`\ndemo failed: ${error.message ?? error}\n`);
		await shutdown(1);
	}
}

main();

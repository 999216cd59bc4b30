#!/usr/bin/env node
'use strict';
// npm run demo: the sandbox API and a real n8n at http://localhost:5678 with this package installed,
// a GoProxies credential pointing at the sandbox, the examples imported (the MCP server's published) and an
// owner account ready.
// npm run demo -- --once: runs the "usage report" example headless, prints its result and exits.
const fs = require('node:fs');
const path = require('node:path');
const lib = require('../test/e2e/lib');

const ONCE = process.argv.includes('--once');
const PORT = 5678;
const OWNER = { email: 'demo@example.com', password: 'GoProxies-demo-1', firstName: 'Demo', lastName: 'Owner' };
const EXAMPLES = path.join(lib.ROOT, 'examples');
const USAGE_REPORT_ID = 'exUsageReport000';


/**
 * Everything the demo sets up before n8n starts: the package built and installed into a fresh n8n user
 * folder under .cache/<name>, the sandbox API running, the credentials and the examples imported, and
 * the environment that creates the owner account. Returns { sandbox, env } (sandbox.stop() ends it).
 */
async function prepareDemo({ name = 'demo', port = PORT } = {}) {
	lib.ensureN8n();
	const work = path.join(lib.CACHE, name);
	const userFolder = path.join(work, 'user');
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	lib.log('building the package and installing it into n8n');
	lib.installPackage(lib.buildAndPack(), userFolder);

	const sandbox = await lib.startSandboxProcess();
	try {
		const { account } = await sandbox.control('state');
		const env = await lib.n8nEnvironment(userFolder, { N8N_PORT: String(port), ...lib.ownerEnvironment(OWNER) });
		for (const args of [
			['import:credentials', `--input=${lib.credentialsFile(work, sandbox.url, account)}`],
			['import:workflow', '--separate', `--input=${EXAMPLES}`],
			['publish:workflow', `--id=${lib.MCP.workflowId}`],
		]) {
			const result = lib.n8n(args, env);
			if (result.status !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}${result.stderr}`);
		}
		return { sandbox, env };
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
}

async function main() {
	const started = Date.now();
	const stopAll = [];
	const shutdown = async (code) => {
		for (const stop of stopAll.reverse()) await stop();
		process.exit(code);
	};
	try {
		const { sandbox, env } = await prepareDemo();
		stopAll.push(sandbox.stop);

		if (ONCE) {
			const result = lib.n8n(['execute', '--id', USAGE_REPORT_ID, '--rawOutput'], env);
			const output = lib.parseRawOutput(`${result.stdout}\n${result.stderr}`);
			const { runData, error } = output.data.resultData;
			// n8n's record of the execution, not the exit code: n8n sometimes crashes as it exits (test/e2e/run.js)
			if (output.status !== 'success' || error) throw new Error(`the usage report failed: ${error?.message ?? result.stderr}`);
			const report = runData['Build Report'][0].data.main[0][0].json;
			process.stdout.write(`\n${report.report}\n\n(${report.countries} countries, from the sandbox API at ${sandbox.url}; demo took ${Math.round((Date.now() - started) / 1000)} s)\n`);
			return await shutdown(0);
		}

		// Ctrl-C stops n8n and the sandbox API: each runs in a process group that test/queue/processes.js stops.
		lib.log('starting n8n (about 15 s)');
		const server = await lib.startN8nServer(env, { echo: true });
		stopAll.push(server.stop);
		process.stdout.write(
			[
				'',
				`  n8n is running at http://localhost:${PORT} (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
				`  sign in with ${OWNER.email} / ${OWNER.password}`,
				'',
				`  Credential "GoProxies sandbox" points at the sandbox GoProxies API on ${sandbox.url}.`,
				'  Workflows: open "GoProxies: usage report" and click Execute workflow; the other examples',
				'  need Slack, Google Sheets, SMTP or OpenAI credentials of your own.',
				`  MCP server (published): http://localhost:${PORT}/mcp/${lib.MCP.path}, header`,
				`  "Authorization: Bearer ${lib.MCP.token}".`,
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

if (require.main === module) main();

module.exports = { OWNER, prepareDemo };

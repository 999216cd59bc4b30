#!/usr/bin/env node
'use strict';
// npm run demo: the sandbox API and a real n8n at http://localhost:5678 with this package installed,
// a GoProxies credential pointing at the sandbox, the examples imported (the MCP server's published) and an
// owner account ready.
// npm run demo -- --once: runs the "usage report" example headless, prints its result and exits.
const { EXAMPLES, MCP, OWNER } = require('../test/support/fixtures');
const { itemsOf, log, startN8n } = require('../test/support/n8n');
const { stopAll } = require('../test/support/processes');
const { prepareN8n } = require('../test/support/workspace');

const ONCE = process.argv.includes('--once');
const PORT = 5678;
const USAGE_REPORT_ID = 'exUsageReport000';

async function main() {
	const started = Date.now();
	log('building the package and installing it into n8n');
	const n8n = await prepareN8n({ name: 'demo', workflows: [EXAMPLES], publish: [MCP.workflowId], env: { N8N_PORT: String(PORT) } });

	if (ONCE) {
		const { status, runData, error } = n8n.execute(USAGE_REPORT_ID);
		if (status !== 'success' || error) throw new Error(`the usage report failed: ${error?.message ?? status}`);
		const [report] = itemsOf(runData, 'Build Report');
		process.stdout.write(`\n${report.report}\n\n(${report.countries} countries, from the sandbox API at ${n8n.sandbox.url}; demo took ${Math.round((Date.now() - started) / 1000)} s)\n`);
		await stopAll();
		process.exit(0);
	}

	// Ctrl-C stops n8n and the sandbox API: each runs in a process group that test/support/processes.js stops.
	log('starting n8n (about 15 s)');
	await startN8n(n8n.env, { owner: OWNER, echo: true });
	process.stdout.write(
		[
			'',
			`  n8n is running at http://localhost:${PORT} (ready in ${Math.round((Date.now() - started) / 1000)} s)`,
			`  sign in with ${OWNER.email} / ${OWNER.password}`,
			'',
			`  Credential "GoProxies sandbox" points at the sandbox GoProxies API on ${n8n.sandbox.url}.`,
			'  Workflows: open "GoProxies: usage report" and click Execute workflow; the other examples',
			'  need Slack, Google Sheets, SMTP or OpenAI credentials of your own.',
			`  MCP server (published): http://localhost:${PORT}/mcp/${MCP.path}, header`,
			`  "Authorization: Bearer ${MCP.token}".`,
			'',
			'  Press Ctrl-C to stop everything.',
			'',
		].join('\n'),
	);
}

main().catch(async (error) => {
	process.stderr.write(`\ndemo failed: ${error.message ?? error}\n`);
	await stopAll();
	process.exit(1);
});

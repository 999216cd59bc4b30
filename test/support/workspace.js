'use strict';
// One setup for every real-n8n suite and script: a fresh n8n user folder with the packed package installed
// the way n8n's community-package service installs it, the sandbox API running, the credentials imported, and
// the workflows the suite needs imported (and published, for triggers and the MCP server).
const fs = require('node:fs');
const path = require('node:path');
const { CACHE, n8nRuntime } = require('./runtime');
const { installPackage } = require('./pack');
const { startSandbox } = require('./sandbox');
const { n8nEnvironment, cliOk, execute } = require('./n8n');
const { credentialsFile } = require('./fixtures');

/**
 * Prepares .cache/<name>: `workflows` are workflow objects, files or folders of them (a folder is imported with
 * --separate); `publish` the ids to publish before n8n starts (a published trigger is polled from the start, an
 * MCP server served). `env` adds to n8n's environment (queue mode's database, the owner account…). The sandbox
 * is started with `sandboxArgs`, unless one is given (when a workflow must name its URL).
 * Returns { work, env, sandbox, account, cli(args), execute(id) }; the caller stops `sandbox`.
 */
async function prepareN8n({ name, sandbox: given, sandboxArgs = [], env: extra = {}, workflows = [], publish = [] }) {
	n8nRuntime.ensure();
	const work = path.join(CACHE, name);
	fs.rmSync(work, { recursive: true, force: true });
	const userFolder = path.join(work, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	installPackage(userFolder);
	const sandbox = given ?? (await startSandbox(sandboxArgs));
	try {
		const env = await n8nEnvironment(userFolder, extra);
		const cli = (args) => cliOk(env, args);
		const { account } = await sandbox.control('state');
		cli(['import:credentials', `--input=${credentialsFile(work, sandbox.url, account)}`]);
		importWorkflows(env, work, workflows);
		for (const id of publish) publishWorkflow(env, id);
		return { work, env, sandbox, account, cli, execute: (id) => execute(env, id) };
	} catch (error) {
		if (!given) await sandbox.stop();
		throw error;
	}
}

/** Imports workflow objects, files and folders of files into the n8n of `env`. */
function importWorkflows(env, work, workflows) {
	const objects = workflows.filter((workflow) => typeof workflow === 'object');
	if (objects.length > 0) {
		const dir = fs.mkdtempSync(path.join(work, 'workflows-'));
		for (const workflow of objects) fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
		cliOk(env, ['import:workflow', '--separate', `--input=${dir}`]);
	}
	for (const input of workflows.filter((workflow) => typeof workflow === 'string')) {
		cliOk(env, ['import:workflow', ...(fs.statSync(input).isDirectory() ? ['--separate'] : []), `--input=${input}`]);
	}
}

/** Publishes (activates) a workflow, so that the next `n8n start` runs its trigger: n8n 2 publishes, 1.x activates. */
function publishWorkflow(env, id) {
	cliOk(env, n8nRuntime.atLeast('2.0.0') ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
}

module.exports = { prepareN8n, importWorkflows, publishWorkflow };

'use strict';
// A real n8n with this package installed: its environment, its CLI, `n8n start` (ready when it says so, on
// the port it was given), a signed-in client of its REST API, and its run data read back.
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { n8nRuntime } = require('./runtime');
const { freePort, listensOn, logger, ranSince, startProcess, waitFor } = require('./processes');

const log = logger('n8n');

/** Every CLI output and REST answer n8n gave this run (processes' own output is kept by processes.js). */
const heard = [];

/** Everything n8n printed or answered in this run: for the checks that no secret ever appears. */
const everythingN8nSaid = () => [...heard, ...ranSince(0).filter((proc) => proc.name.startsWith('n8n')).map((proc) => proc.output())].join('\n');

/** The environment of every n8n process: its own user folder and task broker port, no telemetry, nothing from outside. */
async function n8nEnvironment(userFolder, extra = {}) {
	return {
		...process.env,
		PATH: `${path.dirname(n8nRuntime.nodeBin)}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'goproxies-e2e-not-a-secret-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		GENERIC_TIMEZONE: 'Europe/Vilnius',
		...extra,
	};
}

/** Runs an n8n CLI command to its end; returns { status, stdout, stderr }. */
function cli(env, args) {
	const result = spawnSync(n8nRuntime.nodeBin, [n8nRuntime.n8nBin, ...args], { env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
	// How it ended when it did not exit by itself (status null): the signal that ended it, or why spawnSync gave up.
	const ended = result.status === null ? `, ended by ${result.signal ?? result.error?.message}` : '';
	const outcome = { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${ended}` };
	heard.push(outcome.stdout, outcome.stderr);
	return outcome;
}

/** Runs an n8n CLI command that must succeed. */
function cliOk(env, args) {
	const result = cli(env, args);
	if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} failed:\n${`${result.stdout}${result.stderr}`.slice(-3000)}`);
	return result;
}

/** The run data `n8n execute --rawOutput` printed (pretty-printed JSON between log lines, on success and failure). */
function parseRawOutput(text) {
	const start = text.indexOf('{\n');
	const end = text.indexOf('\n}', start);
	if (start < 0 || end < 0) throw new Error(`no JSON in n8n's output:\n${text.slice(0, 2000)}`);
	return JSON.parse(text.slice(start, end + 2));
}

/** The JSON of the items a node output in its first run, in run data. */
const itemsOf = (runData, node) => runData[node]?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];

/**
 * Runs a workflow with `n8n execute`; `status` is the execution's as n8n recorded it ('success', 'error'), not
 * the process's exit code: n8n 2.40.7 on Node 24 sometimes crashes with SIGSEGV as it exits after an execution
 * (1 in 40 runs of the same workflow), which says nothing of the execution. Returns { status, runData, error }.
 */
function execute(env, workflowId) {
	const result = cli(env, ['execute', '--id', workflowId, '--rawOutput']);
	const output = parseRawOutput(`${result.stdout}\n${result.stderr}`);
	if (result.status === null) log(`n8n execute --id ${workflowId} finished the execution (${output.status}), then${result.stderr.slice(result.stderr.lastIndexOf(', ended by') + 1)}`);
	const { runData, error } = output.data.resultData;
	// n8n 1.85 prints an execution it has finished (stoppedAt set) as still 'running'
	const status = output.status === 'running' && output.stoppedAt ? (error ? 'error' : 'success') : output.status;
	return { status, runData, error };
}

/** Parses n8n's stored run data (the `flatted` format) with n8n's own copy. */
const parseRunData = (text) => n8nRuntime.requireFromN8n('flatted').parse(text);

/** Environment that makes n8n 2.17 and later create its owner account at start, so one can sign in at once. */
function ownerEnvironment(owner) {
	const bcrypt = n8nRuntime.requireFromN8n('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

/** Whether `n8n start` serves its REST API: n8n 1.x says ready (/healthz/readiness) seconds before its routes answer. */
async function servesRest(url) {
	const res = await fetch(`${url}/rest/settings`);
	return res.ok && (res.headers.get('content-type') ?? '').includes('json');
}

/**
 * Starts `n8n start` (or `command`, e.g. ['worker', '--concurrency=5']) on env.N8N_PORT (a free port when
 * unset) with a task broker port of its own, and waits until it is ready: /healthz/readiness answers 200 (before
 * its database is migrated n8n answers every path with HTTP 200 "n8n is starting up", and its routes come later
 * still), the REST API answers, and the process listening on the port is this one, not one left over from an
 * earlier start. A worker answers /healthz/readiness when env has QUEUE_HEALTH_CHECK_ACTIVE and
 * QUEUE_HEALTH_CHECK_PORT = N8N_PORT. With `owner`, the owner account exists once it is ready (made from the
 * environment from n8n 2.17 on, through the owner setup before). Returns { name, url, proc, stop, logTail }.
 */
async function startN8n(env, { command = ['start'], name = `n8n ${command[0]}`, owner, seconds = 180, echo = false, logFile } = {}) {
	const port = Number(env.N8N_PORT ?? (await freePort()));
	const brokerPort = await freePort();
	const ownerFromEnv = owner && n8nRuntime.atLeast('2.17.0') ? ownerEnvironment(owner) : {};
	const proc = startProcess(`${name} on port ${port}, task broker ${brokerPort}`, n8nRuntime.nodeBin, [n8nRuntime.n8nBin, ...command], {
		env: { N8N_HOST: 'localhost', N8N_SECURE_COOKIE: 'false', ...env, ...ownerFromEnv, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		echo,
		logFile,
	});
	const url = `http://localhost:${port}`;
	try {
		const ready = async () => (await fetch(`${url}/healthz/readiness`)).ok && (command[0] !== 'start' || (await servesRest(url)));
		await waitFor(`${proc.name} to be ready`, ready, { seconds, every: 500, proc });
		if (!listensOn(proc.child.pid, port)) throw new Error(`${proc.name} did not get port ${port}: another process answers there`);
		if (owner && !n8nRuntime.atLeast('2.17.0')) await setUpOwner(url, owner);
	} catch (error) {
		await proc.stop({ graceMs: 15_000 });
		throw new Error(`${error.message}; its last lines:\n${proc.logTail()}`);
	}
	return { name, url, proc, logTail: proc.logTail, stop: () => proc.stop({ graceMs: 15_000 }) };
}

/** Creates the owner account as n8n's setup page does (before 2.17, where the environment cannot), once per user folder. */
async function setUpOwner(url, owner) {
	const res = await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
	const text = await res.text();
	if (!res.ok && !text.includes('Instance owner already setup')) throw new Error(`the owner setup answered HTTP ${res.status}: ${text.slice(0, 300)}`);
}

/**
 * Signs in to n8n's REST API as `owner`; returns `rest(method, route, body)`, which fails on an HTTP error and
 * returns the answer's `data`. Every answer is kept for the secrets checks.
 */
async function signIn(url, owner) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'goproxies-checks' };
	const login = await fetch(`${url}/rest/login`, { method: 'POST', headers, body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }) });
	assert.equal(login.status, 200, `could not sign in to n8n as ${owner.email}: HTTP ${login.status}`);
	headers.cookie = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
	return async (method, route, body) => {
		const res = await fetch(`${url}/rest/${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await res.text();
		heard.push(text);
		assert.ok(res.ok, `${method} /rest/${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return JSON.parse(text).data;
	};
}

/**
 * Runs a saved workflow as the editor does, from its trigger `trigger` up to and including `destination`;
 * returns the execution's id. n8n 2 takes the workflow from its database; 1.x wants it in the request.
 */
async function runManually(rest, workflowId, { trigger, destination }) {
	const body = {
		...(n8nRuntime.atLeast('2.0.0') ? {} : { workflowData: await rest('GET', `workflows/${workflowId}`) }),
		triggerToStartFrom: { name: trigger },
		...(destination ? { destinationNode: { nodeName: destination, mode: 'inclusive' } } : {}),
	};
	const { executionId } = await rest('POST', `workflows/${workflowId}/run`, body);
	assert.ok(executionId, `n8n started no execution of ${workflowId}`);
	return executionId;
}

/** Waits until execution `id` has ended; returns { status, mode, runData } from n8n's record of it. */
async function endedExecution(rest, id, seconds = 120) {
	const execution = await waitFor(`execution ${id} to end`, async () => {
		const record = await rest('GET', `executions/${id}`);
		return !['new', 'running', 'waiting'].includes(record.status) && record;
	}, { seconds, every: 500 });
	return { status: execution.status, mode: execution.mode, runData: parseRunData(execution.data).resultData.runData };
}

module.exports = {
	n8nEnvironment,
	cliOk,
	execute,
	itemsOf,
	parseRunData,
	startN8n,
	signIn,
	runManually,
	endedExecution,
	everythingN8nSaid,
	log,
};

'use strict';
// Shared by the end-to-end test and the demo: a real n8n with this package installed as a user installs it.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { ROOT, CACHE, NODE_BIN, N8N_DIR, N8N_BIN, ensureN8n } = require('./n8n-runtime');
const { makeData, hourStart } = require('../sandbox/data');
const { startGroup, stopGroup } = require('../queue/processes');

const PACKAGE_NAME = require('../../package.json').name;
const CREDENTIAL_ID = 'goproxiesSandbox1';
const BAD_CREDENTIAL_ID = 'goproxiesBadPass1';

function log(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** npm run build, then npm pack into .cache/; returns the tarball's path. */
function buildAndPack() {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const dest = path.join(CACHE, 'pack');
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
	return path.join(dest, JSON.parse(out)[0].filename);
}

/**
 * Installs the tarball as n8n 2.40 installs a community package: unpacked into
 * <user folder>/.n8n/nodes/node_modules/<name>, its dev, peer and optional dependencies deleted from
 * its package.json, then `npm install --ignore-scripts` there.
 */
function installPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	const manifestPath = path.join(target, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: target, stdio: 'ignore' });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The environment of every n8n process: its own user folder, no telemetry, nothing from outside. */
async function n8nEnvironment(userFolder, extra = {}) {
	return {
		...process.env,
		PATH: `${path.dirname(NODE_BIN)}:${process.env.PATH}`,
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
function n8n(args, env) {
	const result = spawnSync(NODE_BIN, [N8N_BIN, ...args], { env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
	// How it ended when it did not exit by itself (status null): the signal that ended it, or why spawnSync gave up.
	const ended = result.status === null ? `, ended by ${result.signal ?? result.error?.message}` : '';
	return { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${ended}` };
}

/** Environment that makes n8n create its owner account at start, so one can sign in at once. */
function ownerEnvironment(owner) {
	const bcrypt = require(path.join(N8N_DIR, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

/** Whether the process `pid` has a TCP socket listening on `port` (read from Linux's /proc). */
function listensOn(pid, port) {
	const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
	const listening = new Set();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
			const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
			if (local?.endsWith(hexPort) && state === '0A') listening.add(`socket:[${inode}]`);
		}
	}
	const fds = path.join('/proc', String(pid), 'fd');
	try {
		return fs.readdirSync(fds).some((fd) => {
			try {
				return listening.has(fs.readlinkSync(path.join(fds, fd)));
			} catch {
				return false;
			}
		});
	} catch {
		return false; // the process is gone
	}
}

/** Every `n8n start` of this run, with the last lines it printed, for the checks that fail while it runs. */
const servers = [];
const LOG_LINES_KEPT = 400;

/**
 * Starts `n8n start` on env.N8N_PORT in a process group of its own (so that stopping it stops its task
 * runners too) with a task broker port of its own, and waits until it is ready: n8n says so, and the
 * process listening on the port is this one, not one left over from an earlier start. Returns
 * { url, child, stop, logTail }; `onOutput` gets everything it prints, `echo` copies its stderr to ours.
 */
async function startN8nServer(env, { seconds = 120, onOutput = () => {}, echo = false } = {}) {
	const port = Number(env.N8N_PORT);
	const brokerPort = await freePort();
	const child = startGroup(NODE_BIN, [N8N_BIN, 'start'], {
		env: { N8N_HOST: 'localhost', N8N_SECURE_COOKIE: 'false', ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
	});
	const url = `http://localhost:${port}`;
	const lines = [];
	const server = {
		url,
		child,
		name: `n8n start (pid ${child.pid}, port ${port}, task broker ${brokerPort})`,
		startedAt: Date.now(),
		stoppedAt: undefined,
		/** The last `count` lines it printed. */
		logTail: (count = 60) => lines.slice(-count).join('\n'),
		stop: async () => {
			await stopGroup(child, { graceMs: 15_000 });
			server.stoppedAt ??= Date.now();
		},
	};
	servers.push(server);
	for (const stream of [child.stdout, child.stderr]) {
		let partial = '';
		stream.on('data', (chunk) => {
			const text = String(chunk);
			onOutput(text);
			if (echo && stream === child.stderr) process.stderr.write(text);
			const split = (partial + text).split('\n');
			partial = split.pop();
			lines.push(...split);
			if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
		});
	}
	// Not /rest/settings: while its database is not migrated n8n answers every path with HTTP 200 "n8n is
	// starting up. Please wait", and its routes come later still. /healthz/readiness says 200 only once the
	// database is ready and every route is in place (n8n's markAsReady).
	const answers = async () => {
		try {
			return (await fetch(`${url}/healthz/readiness`)).ok;
		} catch {
			return false;
		}
	};
	let failure = `not ready within ${seconds} s`;
	for (let i = 0; i < seconds * 2; i++) {
		if (child.exitCode !== null) {
			failure = `exited with ${child.exitCode}`;
			break;
		}
		if (await answers()) {
			if (listensOn(child.pid, port)) return server;
			failure = `did not get port ${port}: another process answers there`;
			break;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await server.stop();
	throw new Error(`${server.name} ${failure}; its last lines:\n${server.logTail()}`);
}

/**
 * A server script printing {"url"} and answering POST /__sandbox/NAME (the sandbox API, the fake model) as a
 * process of its own: n8n reaches it over loopback while `n8n` runs synchronously.
 */
async function startServerProcess(script, args = []) {
	const child = startGroup(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await new Promise((resolve, reject) => {
		let buffer = '';
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const line = buffer.split('\n')[0];
			if (buffer.includes('\n')) resolve(JSON.parse(line).url);
		});
		child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
	});
	// A new connection per call (agent: false): minutes can pass between two calls, past keep-alive.
	const control = (name, body = {}) =>
		new Promise((resolve, reject) => {
			const req = http.request(`${url}/__sandbox/${name}`, { method: 'POST', agent: false }, (res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve(JSON.parse(text)));
			});
			req.on('error', reject);
			req.end(JSON.stringify(body));
		});
	return { url, control, stop: () => stopGroup(child), child };
}

/**
 * The sandbox API as a process. Its subusers' limit periods start at the beginning of the current hour, so
 * a real n8n, which keeps the machine's clock, sees no period end during a run, on any day; `data` computes
 * the figures the sandbox gives (`data.subuserList(Date.now())`, …).
 */
async function startSandboxProcess(args = []) {
	const periodsFrom = hourStart(Date.now());
	const server = await startServerProcess(path.join(ROOT, 'test', 'sandbox', 'server.js'), ['--periods-from', String(periodsFrom), ...args]);
	return { ...server, data: makeData({ periodsFrom }) };
}

/** An HTTP server on `host` that answers {} and keeps a line per request it got: { url, received, close }. */
async function requestCounter(host) {
	const received = [];
	const server = http.createServer((req, res) => {
		received.push(`${req.method} ${req.url}`);
		res.end('{}');
	});
	await new Promise((resolve) => server.listen(0, host, resolve));
	return { url: `http://${host}:${server.address().port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The MCP example's server (examples/mcp-server-usage-tools.json): its path, and the bearer credential it checks. */
const MCP = {
	workflowId: 'exMcpUsageTools1',
	path: 'goproxies-usage',
	credential: { id: 'mcpBearerToken01', name: 'MCP bearer token' },
	token: 'goproxies-demo-mcp-token-not-a-secret',
};

/**
 * Credentials to import: the sandbox account, the same with a wrong password, and the bearer token of the
 * MCP example's server.
 */
function credentialsFile(dir, sandboxUrl, account) {
	const file = path.join(dir, 'credentials.json');
	const credential = (id, name, password) => ({
		id,
		name,
		type: 'goProxiesApi',
		data: { username: account.username, password, baseUrl: sandboxUrl, sessionToken: '' },
	});
	fs.writeFileSync(
		file,
		JSON.stringify([
			credential(CREDENTIAL_ID, 'GoProxies sandbox', account.password),
			credential(BAD_CREDENTIAL_ID, 'GoProxies sandbox, wrong password', 'wrong-password'),
			{ ...MCP.credential, type: 'httpBearerAuth', data: { token: MCP.token } },
		]),
	);
	return file;
}

/** The run data `n8n execute` printed (pretty-printed JSON between log lines, on success and failure). */
function parseRawOutput(text) {
	const start = text.indexOf('{\n');
	const end = text.indexOf('\n}', start);
	if (start < 0 || end < 0) throw new Error(`no JSON in n8n's output:\n${text.slice(0, 2000)}`);
	return JSON.parse(text.slice(start, end + 2));
}

/**
 * Named checks that print `ok` or `FAIL` lines as they run, and a closing `N passed, M failed` line.
 * `skip(name)` leaves a check out; `detail(error)` is what a failure prints.
 */
function checker({ skip = () => false, detail = (error) => error.message } = {}) {
	const results = [];
	async function check(name, fn) {
		if (skip(name)) return;
		const started = Date.now();
		try {
			await fn();
			results.push({ name, ok: true });
			process.stdout.write(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
		} catch (error) {
			results.push({ name, ok: false });
			process.stdout.write(`  FAIL  ${name}\n        ${String(detail(error)).split('\n').join('\n        ')}\n`);
			for (const server of servers.filter((s) => (s.stoppedAt ?? Infinity) >= started)) {
				process.stdout.write(`        the last lines of ${server.name}:\n          ${server.logTail().split('\n').join('\n          ')}\n`);
			}
		}
	}
	/** Prints the closing line, counting `extraFailures` more (e.g. a run that could not finish); returns the failures. */
	function summary(extraFailures = 0) {
		const failed = results.filter((r) => !r.ok).length + extraFailures;
		process.stdout.write(`\n${results.length + extraFailures - failed} passed, ${failed} failed\n`);
		return failed;
	}
	return { check, summary };
}

/**
 * Runs one group of the e2e's checks on its own (`node test/e2e/trigger.js`): a fresh n8n user folder under
 * .cache/<name> with the packed package installed and the credentials imported, a sandbox API process
 * started with `sandboxArgs`, then `checks({ env, sandbox, work, check, transcript, run })`; exits with 1
 * when a check failed.
 */
function runAlone(name, checks, sandboxArgs = []) {
	(async () => {
		const { check, summary } = checker();
		ensureN8n();
		const work = path.join(CACHE, name);
		fs.rmSync(work, { recursive: true, force: true });
		const userFolder = path.join(work, 'user');
		fs.mkdirSync(userFolder, { recursive: true });
		installPackage(buildAndPack(), userFolder);
		const sandbox = await startSandboxProcess(sandboxArgs);
		try {
			const env = await n8nEnvironment(userFolder);
			const run = (args) => n8n(args, env);
			const { account } = await sandbox.control('state');
			const imported = run(['import:credentials', `--input=${credentialsFile(work, sandbox.url, account)}`]);
			if (imported.status !== 0) throw new Error(`n8n import:credentials failed: ${imported.stderr}`);
			await checks({ env, sandbox, work, check, transcript: [], run });
		} finally {
			await sandbox.stop();
		}
		process.exit(summary() ? 1 : 0);
	})().catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	});
}

/** Parses n8n's stored run data (the `flatted` format); n8n's own copy, loaded once n8n is installed. */
function parseRunData(text) {
	return require(path.join(N8N_DIR, 'node_modules', 'flatted')).parse(text);
}

module.exports = {
	checker,
	ROOT,
	CACHE,
	PACKAGE_NAME,
	CREDENTIAL_ID,
	MCP,
	log,
	ensureN8n,
	buildAndPack,
	installPackage,
	freePort,
	listensOn,
	n8nEnvironment,
	ownerEnvironment,
	n8n,
	startN8nServer,
	startServerProcess,
	startSandboxProcess,
	credentialsFile,
	requestCounter,
	parseRawOutput,
	parseRunData,
	runAlone,
};

'use strict';
// Shared by the end-to-end test and the demo: a real n8n with this package installed as a user installs it.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { ROOT, CACHE, NODE_BIN, N8N_DIR, N8N_BIN, ensureN8n } = require('./n8n-runtime');

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
	return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Starts n8n's server (or any long-running n8n command) in the background. */
function spawnN8n(args, env, options = {}) {
	return spawn(NODE_BIN, [N8N_BIN, ...args], { env, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'], detached: false });
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

/** Starts `n8n start` on env.N8N_PORT and waits until its REST API and its editor answer; returns { url, child, stop }. */
async function startN8nServer(env, { stdio = ['ignore', 'ignore', 'ignore'], seconds = 120 } = {}) {
	const child = spawnN8n(['start'], { N8N_HOST: 'localhost', N8N_SECURE_COOKIE: 'false', ...env }, { stdio });
	const url = `http://localhost:${env.N8N_PORT}`;
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('exit', () => {
				clearTimeout(force);
				resolve();
			});
			child.kill('SIGTERM');
		});
	for (let i = 0; i < seconds * 2; i++) {
		if (child.exitCode !== null) break;
		try {
			// The REST API answers some seconds before the editor is served ("Cannot GET /signin").
			if ((await fetch(`${url}/rest/settings`)).ok && (await fetch(`${url}/signin`)).ok) return { url, child, stop };
		} catch {}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await stop();
	throw new Error(`n8n did not start on port ${env.N8N_PORT} (is something else using it?)`);
}

/**
 * The sandbox API (or another server script printing {"url"} and answering POST /__sandbox/NAME, such as
 * the fake model) as a process of its own: n8n reaches it over loopback while `n8n` runs synchronously.
 */
async function startSandboxProcess(args = [], script = path.join(ROOT, 'test', 'sandbox', 'server.js')) {
	const child = spawn(process.execPath, [script, ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise((resolve, reject) => {
		let buffer = '';
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			const line = buffer.split('\n')[0];
			if (buffer.includes('\n')) resolve(JSON.parse(line).url);
		});
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
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
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return { url, control, stop, child };
}

/** Credentials to import: the sandbox account, and the same with a wrong password. */
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
	log,
	ensureN8n,
	buildAndPack,
	installPackage,
	freePort,
	n8nEnvironment,
	ownerEnvironment,
	n8n,
	startN8nServer,
	startSandboxProcess,
	credentialsFile,
	parseRawOutput,
	parseRunData,
};

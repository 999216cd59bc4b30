'use strict';
// Every process a real-n8n check starts (n8n and its task runners, PostgreSQL, Redis, the sandbox, a fake
// model), each in a process group of its own so that one kill stops it with its children, also when a check
// fails or the run is interrupted; what each printed, for the check that fails while it runs; free ports;
// and the one way to wait for a condition.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const LOG_LINES_KEPT = 400;
/** Every process started in this run, in order. */
const started = [];

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {}
}

/** Stops every group started, also those whose leader has exited (a crashed n8n's task runners). */
const stopAll = () => Promise.all(started.map((proc) => proc.stop()));

/** A function that writes `[prefix] message` lines to stderr: what a run does, apart from its checks' results. */
const logger = (prefix) => (message) => process.stderr.write(`[${prefix}] ${message}\n`);

/** The last resort, armed by the first start: when the run dies or is interrupted, nothing it started outlives it. */
function stopEverythingAtExit() {
	process.on('exit', () => {
		for (const { child } of started) killGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			process.stderr.write(`\n${signal}: stopping every process started\n`);
			stopAll().finally(() => process.exit(130));
		});
	}
}

const isRunning = (proc) => proc.child.exitCode === null && proc.child.signalCode === null;

/**
 * Starts `command` in a new process group. Returns { name, child, output(), logTail(count), stop(), startedAt,
 * stoppedAt }: `output()` is everything it printed (stdout and stderr, when piped), `onOutput` gets each chunk,
 * `echo` copies its stderr to ours, `logFile` keeps a copy on disk.
 */
function startProcess(name, command, args, { env, cwd, uid, gid, stdio = ['ignore', 'pipe', 'pipe'], onOutput = () => {}, echo = false, logFile } = {}) {
	if (started.length === 0) stopEverythingAtExit();
	const child = spawn(command, args, { env, cwd, uid, gid, stdio, detached: true });
	const chunks = [];
	const lines = [];
	let partial = '';
	const file = logFile && fs.createWriteStream(logFile);
	const proc = {
		name: `${name} (pid ${child.pid})`,
		child,
		startedAt: Date.now(),
		stoppedAt: undefined,
		output: () => chunks.join(''),
		/** The last `count` lines it printed. */
		logTail: (count = 60) => lines.slice(-count).join('\n'),
		/** `signal`, then SIGKILL to the whole group after `graceMs`; resolves once its leader has exited. */
		stop: ({ signal = 'SIGTERM', graceMs = 10_000 } = {}) =>
			new Promise((resolve) => {
				const done = () => {
					killGroup(child, 'SIGKILL'); // whatever the leader left behind
					proc.stoppedAt ??= Date.now();
					resolve();
				};
				if (!isRunning(proc)) return done();
				const force = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
				child.once('exit', () => {
					clearTimeout(force);
					done();
				});
				killGroup(child, signal);
			}),
	};
	for (const stream of [child.stdout, child.stderr].filter(Boolean)) {
		stream.on('data', (chunk) => {
			const text = String(chunk);
			chunks.push(text);
			file?.write(text);
			onOutput(text);
			if (echo && stream === child.stderr) process.stderr.write(text);
			const split = (partial + text).split('\n');
			partial = split.pop();
			lines.push(...split);
			if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
		});
	}
	child.once('exit', () => {
		proc.stoppedAt ??= Date.now();
		file?.end();
	});
	started.push(proc);
	return proc;
}

/** The processes that ran at some moment since `since` (ms), for a check that failed in that time. */
const ranSince = (since) => started.filter((proc) => (proc.stoppedAt ?? Infinity) >= since);

/** The process groups started that still have a member alive (their leader's pid). */
function running() {
	return started
		.filter(({ child }) => {
			try {
				process.kill(-child.pid, 0);
				return true;
			} catch {
				return false;
			}
		})
		.map(({ child }) => child.pid);
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `test` every `every` ms until it returns something truthy, and returns that. Fails after `seconds`
 * with `what` and the last error `test` threw (an error only means "not yet": a server still starting), or at
 * once when the process `proc` exits.
 */
async function waitFor(what, test, { seconds = 60, every = 250, proc } = {}) {
	const until = Date.now() + seconds * 1000;
	let lastError;
	for (;;) {
		if (proc && !isRunning(proc)) throw new Error(`${what}: ${proc.name} exited with ${proc.child.exitCode ?? proc.child.signalCode}`);
		try {
			const value = await test();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > until) throw new Error(`gave up after ${seconds} s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
		await sleep(every);
	}
}

module.exports = { startProcess, ranSince, running, stopAll, freePort, listensOn, sleep, waitFor, logger };

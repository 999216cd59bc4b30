'use strict';
// Every process the queue test and the n8n benchmark start, each in its own process group, so that one
// kill stops it with its children (n8n's task runners, PostgreSQL's backends), also when a check fails
// or the run is interrupted.
const { spawn } = require('node:child_process');

const groups = new Set();
const started = [];

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {}
}

/** spawn() in a new process group, remembered until it exits. */
function startGroup(command, args, options = {}) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
	groups.add(child);
	started.push(child);
	child.once('exit', () => groups.delete(child));
	return child;
}

/** Stops a group: `signal`, then SIGKILL after `graceMs`; resolves once its leader has exited. */
function stopGroup(child, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
	return new Promise((resolve) => {
		const done = () => {
			killGroup(child, 'SIGKILL'); // whatever the leader left behind
			resolve();
		};
		if (child.exitCode !== null || child.signalCode !== null) return done();
		const force = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(force);
			done();
		});
		killGroup(child, signal);
	});
}

/** The process groups started that still have a member alive (their leader's pid). */
function running() {
	return started
		.filter((child) => {
			try {
				process.kill(-child.pid, 0);
				return true;
			} catch {
				return false;
			}
		})
		.map((child) => child.pid);
}

function stopAll() {
	return Promise.all([...groups].map((child) => stopGroup(child)));
}

// Last resort when the run dies or is interrupted: nothing outlives it.
process.on('exit', () => {
	for (const child of groups) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		process.stderr.write(`\n${signal}: stopping every process started\n`);
		stopAll().finally(() => process.exit(130));
	});
}

/** Resolves when `test()` is true, polling; rejects with `what` after `seconds`. */
async function waitFor(what, test, { seconds = 60, child } = {}) {
	const until = Date.now() + seconds * 1000;
	while (Date.now() < until) {
		if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
		try {
			if (await test()) return;
		} catch {}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what}: not ready within ${seconds} s`);
}

module.exports = { startGroup, stopGroup, stopAll, running, waitFor };

'use strict';
// The servers n8n talks to in a real-n8n check, each a process of its own (n8n reaches them over loopback
// while a synchronous `n8n` command runs): the sandbox GoProxies API, and any server script that prints
// {"url"} and is steered with POST /__sandbox/NAME (the fake model); and a listener that only records.
const http = require('node:http');
const path = require('node:path');
const { ROOT } = require('./runtime');
const { startProcess, waitFor } = require('./processes');
const { makeData, hourStart } = require('../sandbox/data');

/** Starts `script` (which prints {"url"} first); returns { url, control(name, body), stop, proc }. */
async function startServerProcess(script, args = []) {
	const proc = startProcess(path.basename(script), process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const firstLine = await waitFor(`${proc.name} to print its URL`, () => proc.output().includes('\n') && proc.output().split('\n')[0], { seconds: 30, every: 50, proc });
	const { url } = JSON.parse(firstLine);
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
	return { url, control, stop: () => proc.stop(), proc };
}

/**
 * The sandbox API as a process. Its subusers' limit periods start at the beginning of the current hour, so a
 * real n8n, which keeps the machine's clock, sees no period end during a run, on any day; `data` computes the
 * figures the sandbox gives (`data.subuserList(Date.now())`, …); `counts()` its requests per path.
 */
async function startSandbox(args = []) {
	const periodsFrom = hourStart(Date.now());
	const server = await startServerProcess(path.join(ROOT, 'test', 'sandbox', 'server.js'), ['--periods-from', String(periodsFrom), ...args]);
	return { ...server, data: makeData({ periodsFrom }), counts: async () => (await server.control('state')).counts };
}

/** An HTTP server on `host` that answers {} and keeps a line per request it got: { url, received, close }. */
async function startListener(host) {
	const received = [];
	const server = http.createServer((req, res) => {
		received.push(`${req.method} ${req.url}`);
		res.end('{}');
	});
	await new Promise((resolve) => server.listen(0, host, resolve));
	return { url: `http://${host}:${server.address().port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

module.exports = { startServerProcess, startSandbox, startListener };

'use strict';
// n8n in queue mode, as a user runs it when one n8n is not enough: PostgreSQL, Redis, a main process that
// takes the webhooks and fills the queue, and workers that run the executions, all sharing one user folder
// with this package installed in it as a community package. Used by `npm run test:queue` and
// `npm run bench:n8n`.
const fs = require('node:fs');
const path = require('node:path');
const lib = require('../e2e/lib');
const { NODE_BIN, N8N_BIN } = require('../e2e/n8n-runtime');
const { startGroup, stopGroup, waitFor } = require('./processes');
const { startPostgres, startRedis } = require('./services');

/**
 * A workflow that a POST to /webhook/<webhookPath> runs, answering with every item of its last node
 * (responseMode 'lastNode'), or at once, before it runs ('onReceived').
 */
function webhookWorkflow(id, webhookPath, nodes, { name = id, responseMode = 'lastNode' } = {}) {
	const trigger = {
		id: `${id}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${id}-hook`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, responseData: 'allEntries', options: {} },
	};
	const chain = [trigger, ...nodes];
	const connections = {};
	for (let i = 0; i + 1 < chain.length; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, settings: { executionOrder: 'v1', timezone: 'Europe/Vilnius' }, nodes: chain, connections };
}

/** The GoProxies Stats node with these parameters and the sandbox credential. */
function goProxiesNode(parameters, name = 'GoProxies Stats') {
	return {
		id: `${name.replace(/\W/g, '')}-node`,
		name,
		type: `${lib.PACKAGE_NAME}.goProxiesStats`,
		typeVersion: 1,
		position: [260, 0],
		parameters,
		credentials: { goProxiesApi: { id: lib.CREDENTIAL_ID, name: 'GoProxies sandbox' } },
	};
}

/** An example workflow from examples/, its manual trigger replaced by a webhook (queue mode runs webhooks on workers). */
function exampleAsWebhook(file, id, webhookPath) {
	const example = JSON.parse(fs.readFileSync(path.join(lib.ROOT, 'examples', file), 'utf8'));
	const trigger = example.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const nodes = example.nodes.filter((node) => node !== trigger && node.type !== 'n8n-nodes-base.stickyNote');
	const connections = JSON.parse(JSON.stringify(example.connections));
	connections.Webhook = connections[trigger.name];
	delete connections[trigger.name];
	const workflow = webhookWorkflow(id, webhookPath, [], { name: example.name });
	for (const node of nodes) {
		if (node.type === `${lib.PACKAGE_NAME}.goProxiesStats`) node.credentials = { goProxiesApi: { id: lib.CREDENTIAL_ID, name: 'GoProxies sandbox' } };
	}
	return { ...workflow, nodes: [workflow.nodes[0], ...nodes], connections };
}

/** Runs `count` jobs with at most `inFlight` under way at once. */
async function pool(count, inFlight, job) {
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < count) await job(next++);
		}),
	);
}

/** One n8n process (main or worker) with its output kept in memory and in a log file. */
function startN8nProcess(name, args, env, work) {
	const logFile = path.join(work, `${name}.log`);
	const child = startGroup(NODE_BIN, [N8N_BIN, ...args], { env });
	const proc = { name, child, output: '', logFile };
	const out = fs.createWriteStream(logFile);
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (chunk) => {
			proc.output += chunk;
			out.write(chunk);
		});
	}
	child.once('exit', () => out.end());
	return proc;
}

/**
 * Starts the whole queue-mode installation. `workflows` are imported and published before the main
 * starts, so their webhooks are live. Returns the cluster; call `stop()` in a finally.
 */
async function startCluster({ name = 'queue-run', workers = 2, concurrency = 5, sandboxUrl, account, workflows, extraEnv = {} }) {
	lib.ensureN8n();
	const work = path.join(lib.CACHE, name);
	fs.rmSync(work, { recursive: true, force: true });
	const userFolder = path.join(work, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	lib.log('building, packing and installing the package into the shared n8n user folder');
	lib.installPackage(lib.buildAndPack(), userFolder);

	const stoppers = [];
	const cluster = {
		work,
		workers: [],
		main: undefined,
		stop: async () => {
			for (const stop of stoppers.reverse()) await stop().catch(() => {});
			stoppers.length = 0;
		},
	};
	try {
		const postgres = await startPostgres();
		stoppers.push(postgres.stop);
		const redis = await startRedis();
		stoppers.push(redis.stop);
		cluster.psql = postgres.psql;
		lib.log(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}`);

		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_LOG_LEVEL: 'info',
			// A worker that dies holds its jobs' locks: short locks let the others see that within seconds.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			...extraEnv,
		};
		const env = async (extra = {}) => lib.n8nEnvironment(userFolder, { ...queueEnv, ...extra });

		const cliEnv = await env();
		const cli = (args) => {
			const result = lib.n8n(args, cliEnv);
			if (result.status !== 0) throw new Error(`n8n ${args.join(' ')} failed:\n${result.stderr.slice(-3000)}`);
			return result;
		};
		const flows = path.join(work, 'workflows');
		fs.mkdirSync(flows);
		for (const workflow of workflows) fs.writeFileSync(path.join(flows, `${workflow.id}.json`), JSON.stringify(workflow));
		cli(['import:credentials', `--input=${lib.credentialsFile(work, sandboxUrl, account)}`]);
		cli(['import:workflow', '--separate', `--input=${flows}`]);
		for (const workflow of workflows) cli(['publish:workflow', `--id=${workflow.id}`]);

		const mainPort = await lib.freePort();
		const main = startN8nProcess('main', ['start'], await env({ N8N_PORT: String(mainPort), N8N_HOST: 'localhost', N8N_SECURE_COOKIE: 'false' }), work);
		stoppers.push(() => stopGroup(main.child, { graceMs: 15_000 }));
		cluster.main = { ...main, url: `http://localhost:${mainPort}` };
		// Ready, and the process answering on the port is this main, not one left over from an earlier start.
		await waitFor('n8n main', async () => (await fetch(`${cluster.main.url}/healthz/readiness`)).ok && lib.listensOn(main.child.pid, mainPort), { child: main.child, seconds: 180 });

		/** Starts one more `n8n worker`, with its own task-runner broker and health-check ports. */
		cluster.addWorker = async (workerName = `worker${cluster.workers.length + 1}`) => {
			const healthPort = await lib.freePort();
			const workerEnv = await env({ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_PORT: String(healthPort) });
			const worker = startN8nProcess(workerName, ['worker', `--concurrency=${concurrency}`], workerEnv, work);
			stoppers.push(() => stopGroup(worker.child, { graceMs: 15_000 }));
			await waitFor(workerName, async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok && lib.listensOn(worker.child.pid, healthPort), { child: worker.child, seconds: 180 });
			cluster.workers.push(worker);
			return worker;
		};
		for (let i = 0; i < workers; i++) await cluster.addWorker();
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

module.exports = { startCluster, webhookWorkflow, goProxiesNode, exampleAsWebhook, pool };

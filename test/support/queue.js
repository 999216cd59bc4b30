'use strict';
// n8n in queue mode, as a user runs it when one n8n is not enough: PostgreSQL, Redis, a main process that takes
// the webhooks and fills the queue, and workers that run the executions, all sharing one user folder with the
// package installed as a community package, and the sandbox API. Used by `npm run test:queue` and
// `npm run bench:n8n`.
const path = require('node:path');
const { freePort, logger } = require('./processes');
const { startN8n } = require('./n8n');
const { startPostgres, startRedis } = require('./services');
const { prepareN8n } = require('./workspace');

const log = logger('queue');

/**
 * Starts the whole queue-mode installation: `workflows` are imported and published before the main starts, so
 * their webhooks are live and their triggers polled; the sandbox is started here unless one is given. Returns { sandbox, account, main, workers, addWorker(),
 * psql(sql), work, stop() }.
 */
async function startCluster({ name = 'queue-run', workers = 2, concurrency = 5, workflows, sandbox, extraEnv = {} }) {
	const postgres = await startPostgres();
	const redis = await startRedis();
	log(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}`);
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
	const n8n = await prepareN8n({ name, sandbox, env: queueEnv, workflows, publish: workflows.map((workflow) => workflow.id) });
	const logFile = (processName) => path.join(n8n.work, `${processName}.log`);
	const cluster = {
		work: n8n.work,
		sandbox: n8n.sandbox,
		account: n8n.account,
		psql: postgres.psql,
		workers: [],
		main: await startN8n(n8n.env, { name: 'n8n main', logFile: logFile('main') }),
		/** Starts one more `n8n worker`, ready when its health check answers. */
		addWorker: async (workerName = `worker${cluster.workers.length + 1}`) => {
			const healthPort = String(await freePort());
			const env = { ...n8n.env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: healthPort, N8N_PORT: healthPort };
			const worker = await startN8n(env, { command: ['worker', `--concurrency=${concurrency}`], name: `n8n ${workerName}`, logFile: logFile(workerName) });
			cluster.workers.push(worker);
			return worker;
		},
		/** Stops the n8n processes, then Redis, PostgreSQL (its folder removed) and the sandbox unless the caller gave it. */
		stop: async () => {
			await Promise.all([...cluster.workers, cluster.main].map((proc) => proc.stop()));
			await redis.stop();
			await postgres.stop();
			if (!sandbox) await n8n.sandbox.stop();
		},
	};
	for (let i = 0; i < workers; i++) await cluster.addWorker();
	return cluster;
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

module.exports = { startCluster, pool };

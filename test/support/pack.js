'use strict';
// The package as users get it: built and packed once per run, and installed into an n8n user folder the way
// n8n's community-package service installs it. `.ci/run` builds and packs once and hands every suite the
// tarball in GOPROXIES_PACKAGE (`node test/support/pack.js` packs the current build and prints its path); a
// suite run alone builds and packs its own.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, CACHE } = require('./runtime');

const PACKAGE_NAME = require('../../package.json').name;

/** npm pack of the current build into .cache/pack/; returns the tarball's path. */
function pack() {
	const dest = path.join(CACHE, 'pack');
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
	return path.join(dest, JSON.parse(out)[0].filename);
}

/** npm run build, unless this run's build is done: GOPROXIES_PACKAGE is set once .ci/run has built and packed. */
function ensureBuilt() {
	if (!process.env.GOPROXIES_PACKAGE) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

let packed;
/** The tarball of this run: GOPROXIES_PACKAGE when set, else built and packed now (once per process). */
function packedPackage() {
	const given = process.env.GOPROXIES_PACKAGE;
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`GOPROXIES_PACKAGE names ${given}, which does not exist`);
		return given;
	}
	if (!packed) {
		ensureBuilt();
		packed = pack();
	}
	return packed;
}

/**
 * Installs the tarball as n8n installs a community package: unpacked into
 * <user folder>/.n8n/nodes/node_modules/<name>, its dev, peer and optional dependencies deleted from its
 * package.json, then `npm install --ignore-scripts` there.
 */
function installPackage(userFolder, tarball = packedPackage()) {
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

module.exports = { PACKAGE_NAME, packedPackage, ensureBuilt, installPackage };

if (require.main === module) process.stdout.write(`${pack()}\n`);

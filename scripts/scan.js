'use strict';
// npm run scan: n8n's verification scan, run as n8n runs it (@n8n/scan-community-package's
// analyzePackageByName, minus the registry download and the provenance check): its exported
// analyzePackage on the source with its SOURCE_FILE_PATTERNS, and on the packed tarball with
// ['**/*.js', 'package.json']. Prints the findings; exits non-zero on any error.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packedPackage } = require('../test/support/pack');
const { ROOT } = require('../test/support/runtime');

const SCANNER = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');

/**
 * The scanner pins typescript 7.0.2, which @typescript-eslint refuses to load ("does not support TS 7.0").
 * It works here because this package's own typescript 5.9.3 devDependency holds node_modules/typescript,
 * so npm nests 7.0.2 under the scanner, where only the scanner (which never imports it) would see it, and
 * the @typescript-eslint/parser it imports resolves 5.9.3. An npm `overrides` entry cannot do this for
 * us: the scanner's own rule no-overrides-field fails any package.json that has one.
 */
function typescriptSeenByScanner() {
	const parser = require.resolve('@typescript-eslint/parser', { paths: [path.dirname(SCANNER)] });
	const manifest = require.resolve('typescript/package.json', { paths: [path.dirname(parser)] });
	return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

function report(label, result) {
	const failed = !result.passed || result.message === 'No files found to analyze';
	process.stdout.write(`${failed ? '✖' : '✔'} ${label}: ${failed ? result.message : 'no errors'}\n`);
	if (result.details) process.stdout.write(`${result.details}\n`);
	return failed;
}

async function main() {
	const typescript = typescriptSeenByScanner();
	if (Number(typescript.split('.')[0]) >= 7) {
		throw new Error(`the scanner's @typescript-eslint/parser resolves typescript ${typescript}, which it cannot load; keep typescript 5.x as this package's devDependency`);
	}
	const tarball = packedPackage();
	// The scanner makes a temporary folder when it is imported: keep it inside ours, removed at the end.
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	process.env.TMPDIR = work;
	try {
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(SCANNER);
		const sourceFailed = report(`source (${SOURCE_FILE_PATTERNS.join(', ')})`, await analyzePackage(ROOT, SOURCE_FILE_PATTERNS));
		const tarballFailed = report(`tarball ${path.basename(tarball)} (**/*.js, package.json)`, await analyzePackage(unpacked, ['**/*.js', 'package.json']));
		process.exitCode = sourceFailed || tarballFailed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`scan failed: ${error.message}\n`);
	process.exit(1);
});

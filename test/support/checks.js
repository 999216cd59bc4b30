'use strict';
// The one check runner of the real-n8n suites (e2e, browser, queue, compat): named checks printed as they
// run (`ok`, `FAIL` with what failed and the last lines of every n8n that ran meanwhile, `skip`), a closing
// `N passed, M failed` line, and the process's exit code. `--only WORD` runs only the checks whose name
// contains WORD, and those marked `always` (the setup the others need).
const { ranSince, running, stopAll } = require('./processes');

const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

/** What a failure prints: the message, and where it was thrown unless it is a failed assertion. */
function describe(error) {
	const message = String(error?.message ?? error);
	const frames = error?.code === 'ERR_ASSERTION' ? [] : String(error?.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at ')).slice(0, 4);
	return [message, ...frames.map((line) => line.trim())].join('\n');
}

const indent = (text, spaces) => String(text).split('\n').join(`\n${' '.repeat(spaces)}`);

/**
 * A suite of checks. `stopAtFirstFailure` skips every check after a failure (steps that build on each other,
 * as in the browser); `onFailure(name, error)` runs when one fails (a screenshot). Returns { check, run }.
 */
function suite(title, { stopAtFirstFailure = false, onFailure = async () => {} } = {}) {
	const results = [];
	const failed = () => results.filter((r) => r.outcome === 'failed').length;

	/** Runs one named check; `always`: also under --only. Resolves whether it passed (skipped counts as not). */
	async function check(name, fn, { always = false } = {}) {
		if (ONLY && !always && !name.includes(ONLY)) return false;
		if (stopAtFirstFailure && failed() > 0 && !always) {
			results.push({ name, outcome: 'skipped' });
			process.stdout.write(`  skip  ${name}\n`);
			return false;
		}
		const started = Date.now();
		try {
			await fn();
			results.push({ name, outcome: 'passed' });
			process.stdout.write(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
			return true;
		} catch (error) {
			results.push({ name, outcome: 'failed' });
			process.stdout.write(`  FAIL  ${name}\n        ${indent(describe(error), 8)}\n`);
			await onFailure(name, error).catch(() => {});
			for (const proc of ranSince(started).filter((p) => p.name.startsWith('n8n'))) {
				process.stdout.write(`        the last lines of ${proc.name}:\n          ${indent(proc.logTail(), 10)}\n`);
			}
			return false;
		}
	}

	/** A check this run does not make, and why (an n8n version without the feature): printed, never silent. */
	function skip(name, reason) {
		if (ONLY && !name.includes(ONLY)) return;
		results.push({ name, outcome: 'skipped' });
		process.stdout.write(`  skip  ${name} (${reason})\n`);
	}

	/**
	 * Runs the suite's body, then stops every process it started and checks that none is left; prints the
	 * closing line and exits with 1 when a check failed or the body could not finish.
	 */
	function run(body) {
		const started = Date.now();
		(async () => {
			try {
				await body({ check, skip });
			} catch (error) {
				results.push({ name: 'setup', outcome: 'failed' });
				process.stdout.write(`  FAIL  ${title} could not finish\n        ${indent(describe(error), 8)}\n`);
			}
			await stopAll();
			await check('every process the run started is stopped', async () => {
				const left = running();
				if (left.length > 0) throw new Error(`still running: process groups ${left.join(', ')}`);
			}, { always: true });
			const count = (outcome) => results.filter((r) => r.outcome === outcome).length;
			const skipped = count('skipped') ? `, ${count('skipped')} skipped` : '';
			process.stdout.write(`\n(${title} took ${Math.round((Date.now() - started) / 1000)} s)\n${count('passed')} passed, ${count('failed')} failed${skipped}\n`);
			process.exit(failed() > 0 ? 1 : 0);
		})();
	}

	return { check, skip, run };
}

module.exports = { suite };

/**
 * Jest's test sequencer for Stryker's runs: a mutant's run loads only the test files that hold one of its
 * tests.
 *
 * Stryker (jest runner, perTest coverage) runs the tests that cover a mutant by their names
 * (`testNamePattern`), and Jest loads every test file to find them: about a second per file (n8n-core),
 * most of a mutant's run. A run without a pattern (Stryker's first, full run) records which file holds
 * which test; a run by names keeps the files holding a test whose full name the pattern matches, the way
 * jest-circus matches it, so exactly the same tests run. A pattern naming a test the record does not
 * know keeps every file.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const RECORD = '.stryker-tmp-test-files.json';

/** The names in Stryker's pattern `(name)|(name)…`, each escaped; undefined for any other pattern. */
function namesIn(pattern) {
	const names = [];
	let i = 0;
	while (i < pattern.length) {
		if (names.length > 0) {
			if (pattern[i] !== '|') return undefined;
			i++;
		}
		if (pattern[i] !== '(') return undefined;
		i++;
		let name = '';
		while (i < pattern.length && pattern[i] !== ')') {
			if (pattern[i] === '\\') i++;
			name += pattern[i];
			i++;
		}
		if (pattern[i] !== ')') return undefined;
		i++;
		names.push(name);
	}
	return names;
}

class MutationRunSequencer extends Sequencer {
	constructor(options) {
		super(options);
		this.pattern = options.globalConfig.testNamePattern;
		this.record = path.join(options.globalConfig.rootDir, RECORD);
	}

	/** Test file → the full names of its tests, as the last full run saw them. */
	readRecord() {
		try {
			return JSON.parse(fs.readFileSync(this.record, 'utf8'));
		} catch {
			return undefined;
		}
	}

	filesToRun() {
		if (!this.pattern) return undefined;
		const record = this.readRecord();
		const names = namesIn(this.pattern);
		if (!record || !names) return undefined;
		const known = new Set(Object.values(record).flat());
		if (!names.every((name) => known.has(name))) return undefined;
		const matches = new RegExp(this.pattern, 'i');
		return new Set(
			Object.keys(record).filter((file) => record[file].some((name) => matches.test(name))),
		);
	}

	sort(tests) {
		const files = this.filesToRun();
		return super.sort(files ? tests.filter((test) => files.has(test.path)) : tests);
	}

	cacheResults(tests, results) {
		super.cacheResults(tests, results);
		if (this.pattern) return;
		const record = {};
		for (const file of results.testResults) {
			record[file.testFilePath] = file.testResults.map((test) => test.fullName);
		}
		fs.writeFileSync(this.record, JSON.stringify(record));
	}
}

module.exports = MutationRunSequencer;

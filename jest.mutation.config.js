/**
 * The suite of jest.config.js for Stryker: a mutant's run loads only the files that hold its tests
 * (test/mutation/sequencer.js). MUTATION_SUITES (names of test/unit files, comma-separated) runs only
 * those suites, for a quicker run whose score is a lower bound.
 */
const suites = process.env.MUTATION_SUITES?.split(',').map((name) => `**/${name.trim()}.test.ts`);

module.exports = {
	...require('./jest.config'),
	testSequencer: '<rootDir>/test/mutation/sequencer.js',
	...(suites ? { testMatch: suites } : {}),
};

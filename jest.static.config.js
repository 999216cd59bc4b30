/**
 * The suites that read the nodes' descriptions, for Stryker's static mutants (a description is built when its
 * module loads, so Stryker cannot tell which test covers it and would run every suite for each). A lower bound:
 * a mutant these miss might still be caught by a suite left out.
 */
const base = require('./jest.config.js');
module.exports = {
	...base,
	testMatch: ['**/nodeDescriptions.test.ts', '**/docs.test.ts', '**/trigger.*.test.ts', '**/validation.test.ts'],
};

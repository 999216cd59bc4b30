/**
 * The suite of jest.config.js for Stryker: a mutant's run loads only the files that hold its tests
 * (test/mutation/sequencer.js).
 */
module.exports = { ...require('./jest.config'), testSequencer: '<rootDir>/test/mutation/sequencer.js' };

/**
 * The sequencer of Stryker's runs (test/mutation/sequencer.js) may leave a test file out only when Jest
 * would run none of its tests: a file it drops wrongly would turn a killed mutant into a survivor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MutationRunSequencer = require('../mutation/sequencer');

const FILES: Record<string, string[]> = {
	'/suite/period.test.ts': ['Period today', 'Period (a) | b + c?'],
	'/suite/units.test.ts': ['Unit GB', 'Unit GB in MiB'],
	'/suite/docs.test.ts': ['README links'],
};
const tests = Object.keys(FILES).map((path) => ({ path, context: { config: { cache: false }, hasteFS: { getSize: () => 0 } } }));
const escape = (name: string) => name.replace(/[.*+\-?^${}()|[\]\\]/g, '\\$&');
/** Stryker's pattern for a mutant's tests. */
const patternFor = (...names: string[]) => names.map((name) => `(${escape(name)})`).join('|');

let rootDir: string;
const sequencer = (testNamePattern?: string) => new MutationRunSequencer({ contexts: [], globalConfig: { rootDir, testNamePattern } });
const filesRun = (testNamePattern?: string) => sequencer(testNamePattern).sort(tests).map((test: { path: string }) => test.path).sort();
const recordFullRun = () =>
	sequencer().cacheResults([], {
		testResults: Object.entries(FILES).map(([testFilePath, names]) => ({ testFilePath, testResults: names.map((fullName) => ({ fullName })) })),
	});

beforeEach(() => {
	rootDir = mkdtempSync(join(tmpdir(), 'sequencer-'));
});
afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

test('before a full run has been recorded, every file runs', () => {
	expect(filesRun(patternFor('Period today'))).toEqual(Object.keys(FILES).sort());
});

test('after a full run, a run by names loads only the files that hold them', () => {
	recordFullRun();
	expect(filesRun()).toEqual(Object.keys(FILES).sort());
	expect(filesRun(patternFor('Period today'))).toEqual(['/suite/period.test.ts']);
	expect(filesRun(patternFor('Period (a) | b + c?', 'README links'))).toEqual(['/suite/docs.test.ts', '/suite/period.test.ts']);
});

test('a run by names leaves the record of the full run as it was', () => {
	recordFullRun();
	const pattern = patternFor('Period today');
	sequencer(pattern).cacheResults([], { testResults: [{ testFilePath: '/suite/period.test.ts', testResults: [{ fullName: 'Period today' }] }] });
	expect(filesRun(patternFor('README links'))).toEqual(['/suite/docs.test.ts']);
});

test('a file holding a test that the pattern matches the way Jest matches it (in part, in any case) runs too', () => {
	FILES['/suite/docs.test.ts'].push('readme unit gb table');
	recordFullRun();
	FILES['/suite/docs.test.ts'].pop();
	expect(filesRun(patternFor('Unit GB'))).toEqual(['/suite/docs.test.ts', '/suite/units.test.ts']);
});

test('a name the record does not know, or a pattern not written by Stryker, runs every file', () => {
	recordFullRun();
	expect(filesRun(patternFor('Period today', 'a test added since'))).toEqual(Object.keys(FILES).sort());
	expect(filesRun('Period')).toEqual(Object.keys(FILES).sort());
});

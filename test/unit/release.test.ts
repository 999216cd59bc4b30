import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// The release pipeline runs only on GitHub; what matters in it is checked here.
const root = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

type Step = { run?: string; uses?: string };
type Job = { if?: string; needs?: string | string[]; uses?: string; 'runs-on': string; permissions?: Record<string, string>; steps: Step[]; strategy?: { matrix: Record<string, string> } };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const ci: Workflow = parse(read('.github/workflows/ci.yml'));
const publish: Workflow = parse(read('.github/workflows/publish.yml'));
const compat: Workflow = parse(read('.github/workflows/compat.yml'));
const runs = (job: Job) => (job.steps ?? []).map((step) => step.run?.trim()).filter((run): run is string => !!run);

/** The command the README gives for "every check CI runs". */
function readmeTestCommand() {
	const line = read('README.md')
		.split('\n')
		.find((text) => text.includes('# every check CI runs'));
	return line?.split('#')[0].trim();
}

test("ci.yml runs the README's test command on every push and pull request", () => {
	const command = readmeTestCommand();
	expect(command).toBeTruthy();
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
	expect(Object.values(ci.jobs).flatMap(runs)).toContain(command);
});

describe('publish.yml', () => {
	const [name, job] = Object.entries(publish.jobs).find(([, candidate]) => runs(candidate).some((run) => run.startsWith('npm publish')))!;
	const steps = runs(job);
	const at = (command: string) => steps.indexOf(command);

	test('runs on a version tag, on a GitHub-hosted runner', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(job['runs-on']).toMatch(/^ubuntu-/);
	});

	test('the publishing job may ask for an OIDC token (trusted publishing, provenance) and only read the repository', () => {
		// A job's own permissions replace the workflow's.
		const permissions = (other: Job) => other.permissions ?? publish.permissions;
		expect(permissions(job)).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(Object.entries(publish.jobs).filter(([other, candidate]) => other !== name && permissions(candidate)?.['id-token'])).toEqual([]);
	});

	test('installs, lints, builds, tests and scans before it publishes, with provenance', () => {
		const order = ['npm ci', 'npm run lint', 'npm run build', 'npm test', 'npm run scan', 'npm publish --provenance --access public'];
		expect(order.map(at)).toEqual([...order.map(at)].sort((a, b) => a - b));
		expect(order.map(at)).not.toContain(-1);
		expect(steps.filter((run) => run.startsWith('npm publish'))).toEqual(['npm publish --provenance --access public']);
	});

	test('runs the compatibility workflow first: the e2e on every n8n of the supported set', () => {
		const [compatJob] = Object.entries(publish.jobs).filter(([, candidate]) => candidate.uses === './.github/workflows/compat.yml');
		expect(compatJob).toBeDefined();
		expect([job.needs].flat()).toContain(compatJob[0]);
	});

	test("publishes only from the repository package.json names (npm checks provenance against repository.url)", () => {
		const pkg = JSON.parse(read('package.json'));
		const repository = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+?)\.git$/.exec(pkg.repository.url)?.[1];
		expect(repository).toBeTruthy();
		expect(job.if).toBe(`github.repository == '${repository}'`);
		expect(pkg.homepage).toBe(`https://github.com/${repository}#readme`);
	});
});

test('compat.yml runs npm run test:compat for each version of test/support/versions.json, weekly and when called', () => {
	expect(Object.keys(compat.on).sort()).toEqual(['schedule', 'workflow_call', 'workflow_dispatch']);
	const lister = compat.jobs.versions;
	expect(runs(lister).join('\n')).toContain("Object.keys(require('./test/support/versions.json').versions)");
	const e2e = compat.jobs.e2e;
	expect(e2e.needs).toBe('versions');
	expect(e2e.strategy?.matrix.n8n).toBe('${{ fromJSON(needs.versions.outputs.list) }}');
	expect(runs(e2e)).toEqual(['npm ci', 'npm run test:compat -- ${{ matrix.n8n }}']);
	expect(JSON.parse(read('package.json')).scripts['test:compat']).toBe('node test/compat/run.js');
});

test('dependabot keeps npm packages and GitHub Actions up to date', () => {
	const dependabot = parse(read('.github/dependabot.yml'));
	expect(dependabot.updates.map((update: { 'package-ecosystem': string }) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
});

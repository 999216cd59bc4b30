import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// The release pipeline runs only on GitHub; what matters in it is checked here.
const root = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

type Step = { run?: string; uses?: string };
type Job = { if?: string; 'runs-on': string; permissions?: Record<string, string>; steps: Step[] };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const ci: Workflow = parse(read('.github/workflows/ci.yml'));
const publish: Workflow = parse(read('.github/workflows/publish.yml'));
const runs = (job: Job) => job.steps.map((step) => step.run?.trim()).filter((run): run is string => !!run);

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

	test("publishes only from the repository package.json names (npm checks provenance against repository.url)", () => {
		const pkg = JSON.parse(read('package.json'));
		const repository = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+?)\.git$/.exec(pkg.repository.url)?.[1];
		expect(repository).toBeTruthy();
		expect(job.if).toBe(`github.repository == '${repository}'`);
		expect(pkg.homepage).toBe(`https://github.com/${repository}#readme`);
	});
});

test('dependabot keeps npm packages and GitHub Actions up to date', () => {
	const dependabot = parse(read('.github/dependabot.yml'));
	expect(dependabot.updates.map((update: { 'package-ecosystem': string }) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

test("the sandbox's copy of the API spec is the one in ../shared", () => {
	const shared = resolve(root, '..', 'shared', 'goproxies-api', 'openapi.json');
	if (!existsSync(shared)) return; // a clone without ../shared runs on the copy
	expect(readFileSync(resolve(root, 'test', 'sandbox', 'openapi.json'), 'utf8')).toBe(readFileSync(shared, 'utf8'));
});

describe('package.json', () => {
	const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

	test('is a community node package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-goproxies');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/GoProxiesApi.credentials.js'],
			nodes: ['dist/nodes/GoProxiesStats/GoProxiesStats.node.js', 'dist/nodes/GoProxiesTrigger/GoProxiesTrigger.node.js'],
		});
	});

	test('pins n8n-workflow and n8n-core to the versions n8n 2.40.7 ships', () => {
		expect(pkg.devDependencies['n8n-workflow']).toBe('2.40.1');
		expect(pkg.devDependencies['n8n-core']).toBe('2.40.3');
	});
});

test('npm pack holds only dist/, index.js, package.json, README.md and the licence', () => {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const files: string[] = JSON.parse(out)[0].files.map((file: { path: string }) => file.path);
	expect(files.filter((file) => !/^(dist\/|index\.js$|package\.json$|README\.md$|LICENSE(\.md)?$)/.test(file))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(['index.js', 'package.json', 'README.md', 'LICENSE.md']));
	if (existsSync(resolve(root, 'dist'))) {
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/GoProxiesStats/GoProxiesStats.node.js',
				'dist/nodes/GoProxiesStats/GoProxiesStats.node.json',
				'dist/nodes/GoProxiesStats/goproxies.svg',
				'dist/nodes/GoProxiesStats/goproxies.dark.svg',
				'dist/nodes/GoProxiesTrigger/GoProxiesTrigger.node.js',
				'dist/nodes/GoProxiesTrigger/GoProxiesTrigger.node.json',
				'dist/nodes/GoProxiesTrigger/goproxies.svg',
				'dist/nodes/GoProxiesTrigger/goproxies.dark.svg',
				'dist/credentials/GoProxiesApi.credentials.js',
			]),
		);
	}
});

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

import { GoProxiesApi } from '../../credentials/GoProxiesApi.credentials';
import { GoProxiesStats } from '../../nodes/GoProxiesStats/GoProxiesStats.node';
import { testCredential } from '../harness/n8n';
import { useSandbox } from '../harness/setup';

const ctx = useSandbox();
const credential = new GoProxiesApi();
// The page that documents the credential, and its section there: the credential's Docs link opens it.
const DOCS_PAGE = 'docs/reference.md';
const HEADING = '## GoProxies API credential';
const page = readFileSync(resolve(__dirname, '..', '..', DOCS_PAGE), 'utf8');
const sectionStart = page.indexOf(`\n${HEADING}\n`) + 1;
const sectionEnd = page.indexOf('\n## ', sectionStart + HEADING.length);
const section = sectionStart > 0 ? page.slice(sectionStart, sectionEnd === -1 ? undefined : sectionEnd + 1) : '';
/** GitHub's anchor for a heading: lower case, punctuation dropped but - and _, spaces as -. */
const slugOf = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');

describe('the GoProxies API credential', () => {
	test('keeps the type and field names saved credentials and workflows refer to', () => {
		expect(credential.name).toBe('goProxiesApi');
		expect(new GoProxiesStats().description.credentials).toEqual([{ name: credential.name, required: true }]);
		expect(credential.properties.map(({ name, type }) => [name, type])).toEqual([
			['sessionToken', 'hidden'],
			['username', 'string'],
			['password', 'string'],
			['baseUrl', 'string'],
		]);
	});

	test('holds its secrets in password fields (n8n never sends those to the editor), the token as expirable', () => {
		const field = (name: string) => credential.properties.find((property) => property.name === name);
		expect(field('password')?.typeOptions).toEqual({ password: true });
		expect(field('sessionToken')?.typeOptions).toEqual({ expirable: true, password: true });
		expect(credential.properties.map((property) => property.default)).toEqual(['', '', '', 'https://api.goproxies.com']);
		expect(credential.properties.filter((property) => property.required).map(({ name }) => name)).toEqual(['username', 'password']);
	});

	test('points to icons that exist and to the section of the docs that documents it, on the repository package.json names', () => {
		for (const icon of Object.values(credential.icon)) {
			expect(icon).toMatch(/^file:/);
			expect(existsSync(resolve(__dirname, '..', '..', 'credentials', icon.slice('file:'.length)))).toBe(true);
		}
		expect(credential.icon.light).not.toBe(credential.icon.dark);
		const { repository } = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
		const repo = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+?)\.git$/.exec(repository.url)?.[1];
		expect(repo).toBeTruthy();
		expect(section.startsWith(`${HEADING}\n`)).toBe(true);
		expect(credential.documentationUrl).toBe(`https://github.com/${repo}/blob/main/${DOCS_PAGE}#${slugOf(HEADING.slice(3))}`);
	});

	test('shows the form its section of the docs describes', () => {
		expect(section).toContain(`Create a **${credential.displayName}** credential`);
		const rows = [...section.matchAll(/^\| (?!Field|---)([^|]+) \| ([^|]+) \|$/gm)].map(([, field, what]) => [field.trim(), what.trim()]);
		const visible = credential.properties.filter((property) => property.type !== 'hidden');
		expect(rows.map(([field]) => field)).toEqual(visible.map((property) => property.displayName));
		expect(rows[0][1]).toBe(visible[0].description);
		expect(rows[2][1]).toContain(`\`${visible[2].default}\` (the default)`);
	});
});

describe("the credential's Test button", () => {
	const loginCalls = () => ctx.sandbox.queries.length + ctx.sandbox.logins();

	test('logs in with the user name and password as typed, a trailing slash in the API Base URL notwithstanding', async () => {
		const body = await testCredential(ctx.store, { baseUrl: `${ctx.sandbox.url}//` });
		expect(typeof body.token).toBe('string');
		// a new credential: n8n logs in first (no token yet), then the Test's own login
		expect(ctx.sandbox.logins()).toBe(2);
		expect(ctx.sandbox.queries).toEqual([]);
	});

	test('fails with the login failure when the password is wrong', async () => {
		await expect(testCredential(ctx.store, { password: 'not-the-password' })).rejects.toThrow(/Invalid username or password/);
		expect(loginCalls()).toBe(1);
	});

	test('a credential that holds a token: a wrong new password fails the Test, the right one passes it again', async () => {
		expect((await ctx.run({ resource: 'country', operation: 'getAll' })).error).toBeUndefined();
		expect(ctx.store.data.sessionToken).not.toBe('');
		const before = ctx.sandbox.logins();
		await expect(testCredential(ctx.store, { password: 'changed-and-mistyped' })).rejects.toThrow(/Invalid username or password/);
		expect(ctx.sandbox.logins() - before).toBeGreaterThanOrEqual(1);
		expect(ctx.sandbox.count('/api/v1/stats/countries')).toBe(1);
		expect(typeof (await testCredential(ctx.store)).token).toBe('string');
	});

	test('an http:// address that is not loopback is refused before anything is sent, also with a token', async () => {
		const received: string[] = [];
		const listener = createServer((req, res) => {
			received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
			res.end('{}');
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.2', resolve));
		try {
			const address = `http://127.0.0.2:${(listener.address() as AddressInfo).port}`;
			await expect(testCredential(ctx.store, { baseUrl: address })).rejects.toThrow(/API Base URL must start with https:\/\//);
			ctx.store.data.sessionToken = 'a-token-n8n-kept';
			await expect(testCredential(ctx.store, { baseUrl: address })).rejects.toThrow(/API Base URL must start with https:\/\//);
			expect(received).toEqual([]);
		} finally {
			await new Promise((resolve) => listener.close(resolve));
		}
	});
});

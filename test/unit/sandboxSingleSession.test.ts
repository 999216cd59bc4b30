import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';

// The sandbox switch for APIs that allow one session per account: a new login ends the earlier ones.
let sandbox: Sandbox;
beforeEach(async () => {
	sandbox = await startSandbox();
});
afterEach(async () => {
	await sandbox.close();
});

async function login(): Promise<string> {
	const res = await fetch(`${sandbox.url}/api/v1/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(sandbox.account),
	});
	return ((await res.json()) as { token: string }).token;
}

async function statusWith(token: string): Promise<number> {
	const res = await fetch(`${sandbox.url}/api/v1/stats/countries`, { headers: { authorization: `Bearer ${token}` } });
	await res.arrayBuffer();
	return res.status;
}

async function control(name: string, body: object): Promise<void> {
	const res = await fetch(`${sandbox.url}/__sandbox/${name}`, { method: 'POST', body: JSON.stringify(body) });
	expect(await res.json()).toEqual({ ok: true });
}

test('by default every token issued stays valid: sessions coexist', async () => {
	const [first, second] = [await login(), await login()];
	expect([await statusWith(first), await statusWith(second)]).toEqual([200, 200]);
});

test('single session (reset over HTTP): a new login revokes the earlier tokens, the newest one works', async () => {
	await control('reset', { singleSession: true });
	const first = await login();
	expect(await statusWith(first)).toBe(200);
	const second = await login();
	expect([await statusWith(first), await statusWith(second)]).toEqual([401, 200]);
	expect(sandbox.count('401')).toBe(1);
	expect(sandbox.logins()).toBe(2);
});

test('a plain reset ends single-session mode', async () => {
	sandbox.reset({ singleSession: true });
	sandbox.reset();
	const [first, second] = [await login(), await login()];
	expect([await statusWith(first), await statusWith(second)]).toEqual([200, 200]);
});

test('single session from the start option', async () => {
	await sandbox.close();
	sandbox = await startSandbox({ singleSession: true });
	const [first, second] = [await login(), await login()];
	expect([await statusWith(first), await statusWith(second)]).toEqual([401, 200]);
});

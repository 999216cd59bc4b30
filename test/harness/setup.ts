import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server';
import { CredentialStore, runNode, type RunOptions } from './n8n';

/** Every string that must never be shown: the password and each token the sandbox issued. */
export function secretsOf(sandbox: Sandbox): string[] {
	return [sandbox.account.password, ...sandbox.issuedTokens, ...sandbox.secrets];
}

/**
 * What n8n does at shutdown that a test file must do at its end: n8n-core's SSH clients manager, made by
 * the first workflow run, starts a 60 s cleanup interval that only its shutdown clears. Left running, the
 * interval holds every module the test file loaded (n8n-core included) for as long as the process lives,
 * so a long-lived test runner (Stryker's) grew by about 25 MB per test file run until it ran out of memory.
 */
export function stopN8nTimers() {
	Container.get(SSHClientsManager).onShutdown();
}

/** A sandbox per test file, a fresh credential per test, and a `run` bound to both. */
export function useSandbox(options: SandboxOptions = {}) {
	const ctx = {} as {
		sandbox: Sandbox;
		store: CredentialStore;
		run: (parameters: IDataObject, more?: Partial<RunOptions>) => ReturnType<typeof runNode>;
	};
	beforeAll(async () => {
		ctx.sandbox = await startSandbox(options);
	});
	afterAll(async () => {
		await ctx.sandbox.close();
		stopN8nTimers();
	});
	beforeEach(() => {
		ctx.sandbox.reset(options);
		ctx.store = new CredentialStore({ ...ctx.sandbox.account, baseUrl: ctx.sandbox.url });
		ctx.run = async (parameters, more = {}) =>
			await runNode({ store: ctx.store, parameters, secrets: ctx.sandbox.secrets, ...more });
	});
	return ctx;
}

/** Custom period parameters, for ranges whose expected figures tests compute themselves. */
export function customPeriod(startAt: string, endAt: string): IDataObject {
	return { period: 'custom', startAt, endAt };
}

/** Requests to the statistics and subuser endpoints: everything but the login. */
export const statsCalls = (sandbox: Sandbox) => sandbox.requests('/api/v1/stats/', '/api/v1/reseller/');

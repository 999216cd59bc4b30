export interface Fault {
	path: string;
	query?: Record<string, string | number>;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	hang?: boolean;
	times?: number;
}
export interface SandboxData {
	countries: string[];
	users: string[];
	bytes(startMs: number, endMs: number, filter?: Record<string, unknown>): number;
	requests(startMs: number, endMs: number, filter?: Record<string, unknown>): { amount: number; count: number };
}
export interface Sandbox {
	readonly account: { username: string; password: string };
	readonly url: string;
	readonly data: SandboxData;
	readonly issuedTokens: string[];
	readonly queries: Array<{ path: string; query: Record<string, string | number> }>;
	count(key: string): number;
	logins(): number;
	peakConcurrency(): number;
	fault(fault: Fault): void;
	expireTokens(): void;
	reset(options?: { usedCountries?: number; latencyMs?: number; singleSession?: boolean }): void;
	close(): Promise<void>;
}
export function startSandbox(options?: { port?: number; usedCountries?: number; latencyMs?: number; singleSession?: boolean }): Promise<Sandbox>;
export const ACCOUNT: { username: string; password: string };

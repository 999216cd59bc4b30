export interface Fault {
	path: string;
	query?: Record<string, string | number>;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	hang?: boolean;
	/** The API expires every token when this request arrives (then answers it as usual: 401). */
	expireTokens?: boolean;
	times?: number;
}
export interface Subuser {
	username: string;
	enabled: boolean;
	traffic_limit_amount: number;
	traffic_limit_unit?: string;
	period_seconds?: number;
	period_started_at?: string;
	recurring: boolean;
	traffic_used: number;
	[key: string]: unknown;
}
export interface SandboxOptions {
	usedCountries?: number;
	subusers?: number;
	latencyMs?: number;
	/** Answer the subuser list as a bare array, as the vendor's own example does. */
	bareArray?: boolean;
	/** Add a `secret` to every subuser. */
	secrets?: boolean;
	/** One session per account: a new login revokes the earlier tokens. */
	singleSession?: boolean;
}
export interface SandboxDataOptions {
	usedCountries?: number;
	subusers?: number;
	/** Every subuser's limit periods start at this moment (ms) and follow every 30 days; else each is the UTC month. */
	periodsFrom?: number;
}
export interface SandboxData {
	countries: string[];
	users: string[];
	hasUser(username: string): boolean;
	periodStart(nowMs: number): number;
	subuserList(nowMs: number, changes?: Record<string, Partial<Subuser>>): Subuser[];
	bytes(startMs: number, endMs: number, filter?: Record<string, unknown>): number;
	requests(startMs: number, endMs: number, filter?: Record<string, unknown>): { amount: number; count: number };
}
export interface Sandbox {
	readonly account: { username: string; password: string };
	readonly url: string;
	readonly data: SandboxData;
	readonly issuedTokens: string[];
	readonly secrets: string[];
	readonly queries: Array<{ path: string; query: Record<string, string | number> }>;
	count(key: string): number;
	requests(...prefixes: string[]): number;
	logins(): number;
	peakConcurrency(): number;
	fault(fault: Fault): void;
	subusers(): Subuser[];
	changeSubuser(username: string, changes: Partial<Subuser> | Record<string, unknown>): void;
	expireTokens(): void;
	reset(options?: SandboxOptions): void;
	close(): Promise<void>;
}
export function startSandbox(options?: SandboxOptions & { port?: number; periodsFrom?: number }): Promise<Sandbox>;
export function requestsTo(counts: Record<string, number>, ...prefixes: string[]): number;
export const ACCOUNT: { username: string; password: string };

import { UserError } from 'n8n-workflow';

/** The address as typed, but never a user name or password typed into it (`https://user:pass@host` → `https://…@host`). */
const withoutUserInfo = (raw: string) => raw.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/gi, '$1…@');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The credential's "API Base URL", checked and without its trailing slash.
 * Only `https://` is accepted, except for loopback hosts (tests, self-hosted sandboxes),
 * so that the password and the token never travel in clear text.
 */
export function apiBaseUrl(value: unknown): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	const example = 'e.g. https://api.goproxies.com';
	if (raw === '') {
		throw new UserError(`The credential's API Base URL is empty: set it to the API's address, ${example}`);
	}
	if (!URL.canParse(raw)) {
		throw new UserError(`The credential's API Base URL "${withoutUserInfo(raw)}" is not a URL: use the API's address, ${example}`);
	}
	const url = new URL(raw);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
		throw new UserError(
			`The credential's API Base URL must start with https:// (got "${url.protocol}//${url.host}"), so that the password and token are not sent in clear text: use ${example}`,
		);
	}
	if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, '') !== '') {
		throw new UserError(
			`The credential's API Base URL must be only the scheme and host, without a path, query or user name (got "${withoutUserInfo(raw)}"): use ${example}`,
		);
	}
	return url.origin;
}

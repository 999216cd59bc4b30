'use strict';
// A sandbox GoProxies API on loopback that enforces openapi.json strictly, for tests, the benchmark and
// the demo. In-process: `const sandbox = await startSandbox()`. As a process: `node test/sandbox/server.js
// [--port N]` prints {"url": ...} and is steered over HTTP under /__sandbox/ (see CONTROL below).
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { makeData, HOUR } = require('./data');

const SPEC_PATHS = [
	path.resolve(__dirname, '..', '..', '..', 'shared', 'goproxies-api', 'openapi.json'),
	path.join(__dirname, 'openapi.json'),
];
const spec = JSON.parse(fs.readFileSync(SPEC_PATHS.find((p) => fs.existsSync(p)), 'utf8'));

const ACCOUNT = { username: 'sandbox-reseller', password: 'S4ndbox-pa55word-never-shown' };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const COUNTRY = /^[A-Z]{2}$/;

function resolveRef(schema) {
	let current = schema;
	while (current && current.$ref) {
		current = current.$ref.replace(/^#\//, '').split('/').reduce((node, key) => node[key], spec);
	}
	return current;
}

/** Query parameter rules per GET path, read from the spec. */
const QUERY_RULES = Object.fromEntries(
	Object.entries(spec.paths)
		.filter(([, item]) => item.get)
		.map(([p, item]) => [
			p,
			Object.fromEntries((item.get.parameters ?? []).map((param) => [param.name, resolveRef(param.schema)])),
		]),
);

function errorBody(status, urlPath, code, message, extra = {}) {
	return { error: { code, message, ...extra }, status, path: urlPath };
}

function checkValue(name, raw, schema) {
	if (schema.enum && !schema.enum.includes(raw)) return `must be one of: ${schema.enum.join(', ')}`;
	if (schema.type === 'integer' && !/^-?\d+$/.test(raw)) return 'must be an integer';
	if (schema.format === 'date-time') {
		const m = RFC3339.exec(raw);
		if (!m || Number.isNaN(Date.parse(raw))) return 'must be an RFC 3339 date-time';
		const [, y, mo, d, h, mi, s] = m.map(Number);
		const day = new Date(Date.UTC(y, mo - 1, d));
		if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
			return 'must be an RFC 3339 date-time';
		}
	}
	if (name === 'country' && !COUNTRY.test(raw)) return 'must be an ISO 3166-1 alpha-2 code in upper case';
	return undefined;
}

/** Parses and checks a query against the spec; returns { query } or { fields } (the 400's field errors). */
function parseQuery(urlPath, searchParams) {
	const rules = QUERY_RULES[urlPath];
	const fields = {};
	const query = {};
	for (const name of new Set(searchParams.keys())) {
		const values = searchParams.getAll(name);
		const schema = rules[name];
		if (!schema) fields[name] = { code: 'unknown', message: 'unknown parameter' };
		else if (values.length > 1) fields[name] = { code: 'repeated', message: 'given more than once' };
		else if (values[0] === '') fields[name] = { code: 'empty', message: 'must not be empty' };
		else {
			const problem = checkValue(name, values[0], schema);
			if (problem) fields[name] = { code: 'invalid', message: problem };
			else query[name] = schema.type === 'integer' ? Number(values[0]) : values[0];
		}
	}
	if (urlPath === '/api/v1/stats/requests/history' && !('interval' in query) && !fields.interval) {
		fields.interval = { code: 'required', message: 'is required' };
	}
	if (query.start_at && query.end_at && Date.parse(query.start_at) >= Date.parse(query.end_at)) {
		fields.end_at = { code: 'invalid', message: 'must be after start_at' };
	}
	return Object.keys(fields).length ? { fields } : { query };
}

function offsetOf(dateTime) {
	const zone = RFC3339.exec(dateTime)?.[8] ?? 'Z';
	if (zone === 'Z') return { minutes: 0, text: 'Z' };
	const sign = zone[0] === '-' ? -1 : 1;
	return { minutes: sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))), text: zone };
}

function format(ms, offset) {
	return new Date(ms + offset.minutes * 60_000).toISOString().slice(0, 19) + offset.text;
}

const INTERVAL_MS = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR };

function autoInterval(startMs, endMs) {
	const span = endMs - startMs;
	if (span <= 2 * 24 * HOUR) return 'hour';
	if (span <= 92 * 24 * HOUR) return 'day';
	return 'week';
}

/** Buckets of [start, end]: each starts where the last ended, the last one cut at end. */
function buckets(startMs, endMs, interval) {
	const step = INTERVAL_MS[interval === 'auto' ? autoInterval(startMs, endMs) : interval];
	const list = [];
	for (let from = startMs; from <= endMs; from += step) {
		list.push([from, Math.min(from + step - 1000, endMs)]);
	}
	return list;
}

function defaultRange(now) {
	const d = new Date(now);
	return {
		start_at: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 19) + 'Z',
		end_at:
			new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 59, 59)).toISOString().slice(0, 19) +
			'Z',
	};
}

/** A subuser's proxy password, as the vendor's create answer carries it. */
function secretOf(username) {
	return `proxy-secret-${crypto.createHash('sha256').update(username).digest('hex').slice(0, 24)}`;
}

function newToken() {
	const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: ACCOUNT.username, jti: crypto.randomUUID() })}.${crypto.randomBytes(32).toString('base64url')}`;
}

const SUBUSERS_PATH = '/api/v1/reseller/subusers';
const MAX_PAGE = 1000;

/** How many requests `counts` (per path, as the sandbox keeps them) holds on paths starting with one of `prefixes`. */
function requestsTo(counts, ...prefixes) {
	return Object.entries(counts).reduce((sum, [key, n]) => sum + (prefixes.some((prefix) => key.startsWith(prefix)) ? n : 0), 0);
}

/** `periodsFrom` (ms) holds for the sandbox's life, through resets: see makeData. */
function startSandbox({ port = 0, usedCountries = 8, subusers, latencyMs = 0, bareArray = false, secrets = false, singleSession = false, periodsFrom } = {}) {
	const state = {
		data: makeData({ usedCountries, subusers, periodsFrom }),
		latencyMs,
		bareArray,
		secrets,
		subuserChanges: {},
		singleSession,
		validTokens: new Set(),
		issuedTokens: [],
		faults: [],
		counts: {},
		queries: [],
		inFlight: 0,
		peakInFlight: 0,
	};

	const count = (key) => (state.counts[key] = (state.counts[key] ?? 0) + 1);

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
			...headers,
		});
		res.end(text);
	}

	function takeFault(urlPath, searchParams) {
		const index = state.faults.findIndex(
			(f) =>
				(f.path === urlPath || f.path === '*') &&
				Object.entries(f.query ?? {}).every(([key, value]) => searchParams.get(key) === String(value)),
		);
		if (index < 0) return undefined;
		const fault = state.faults[index];
		if (fault.times !== undefined && --fault.times <= 0) state.faults.splice(index, 1);
		return fault;
	}

	/** The subuser list, a page at a time: exact `username` match, `secret` when that switch is on. */
	function subuserPage(urlPath, query, res) {
		const { limit = MAX_PAGE, offset = 0, username } = query;
		const fields = {};
		if (limit < 1 || limit > MAX_PAGE) fields.limit = { code: 'invalid', message: `must be from 1 to ${MAX_PAGE}` };
		if (offset < 0) fields.offset = { code: 'invalid', message: 'must be 0 or more' };
		if (Object.keys(fields).length) {
			return send(res, 400, errorBody(400, urlPath, 'invalid_parameters', 'Invalid query parameters', { fields }));
		}
		const matching = state.data
			.subuserList(Date.now(), state.subuserChanges)
			.filter((subuser) => username === undefined || subuser.username === username)
			.slice(offset, offset + limit)
			.map((subuser) => (state.secrets ? { ...subuser, secret: secretOf(subuser.username) } : subuser));
		return send(res, 200, state.bareArray ? matching : { subusers: matching, paging: { limit, offset } });
	}

	async function stats(urlPath, searchParams, res) {
		const parsed = parseQuery(urlPath, searchParams);
		if (parsed.fields) {
			return send(res, 400, errorBody(400, urlPath, 'invalid_parameters', 'Invalid query parameters', { fields: parsed.fields }));
		}
		const query = parsed.query;
		state.queries.push({ path: urlPath, query });
		if (urlPath === SUBUSERS_PATH) return subuserPage(urlPath, query, res);
		if (query.username !== undefined && !state.data.hasUser(query.username)) {
			return send(res, 404, errorBody(404, urlPath, 'subuser_not_found', `Subuser "${query.username}" not found`));
		}
		if (urlPath === '/api/v1/stats/countries') return send(res, 200, { countries: state.data.countries });

		const filter = { ...defaultRange(Date.now()), ...query };
		const startMs = Date.parse(filter.start_at);
		const endMs = Date.parse(filter.end_at);
		const offset = offsetOf(filter.start_at);
		if (urlPath === '/api/v1/stats/traffic') {
			return send(res, 200, { bytes: state.data.bytes(startMs, endMs, filter), filter });
		}
		const interval = filter.interval ?? 'day';
		const values = buckets(startMs, endMs, interval).map(([from, to]) => {
			const range = { start_at: format(from, offset), end_at: format(to, offset) };
			return urlPath === '/api/v1/stats/traffic/history'
				? { ...range, bytes: state.data.bytes(from, to, filter) }
				: { ...range, ...state.data.requests(from, to, filter) };
		});
		return send(res, 200, { values, filter });
	}

	async function login(req, res, raw) {
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return send(res, 400, errorBody(400, '/api/v1/login', 'invalid_body', 'Body must be JSON'));
		}
		const fields = {};
		for (const key of Object.keys(body ?? {})) {
			if (!['username', 'password'].includes(key)) fields[key] = { code: 'unknown', message: 'unknown field' };
		}
		for (const key of ['username', 'password']) {
			if (typeof body?.[key] !== 'string' || body[key] === '') fields[key] = { code: 'required', message: 'is required' };
		}
		if (Object.keys(fields).length) {
			return send(res, 400, errorBody(400, '/api/v1/login', 'invalid_body', 'Invalid login request', { fields }));
		}
		if (body.username !== ACCOUNT.username || body.password !== ACCOUNT.password) {
			return send(res, 401, errorBody(401, '/api/v1/login', 'invalid_credentials', 'Invalid username or password'));
		}
		const token = newToken();
		if (state.singleSession) state.validTokens.clear(); // one session per account: a new login ends the others
		state.validTokens.add(token);
		state.issuedTokens.push(token);
		return send(res, 200, { token });
	}

	function control(urlPath, body, res) {
		switch (urlPath) {
			case '/__sandbox/fault':
				state.faults.push(body);
				return send(res, 200, { ok: true });
			case '/__sandbox/subuser':
				api.changeSubuser(body.username, body.changes);
				return send(res, 200, { ok: true });
			case '/__sandbox/expire-tokens':
				api.expireTokens();
				return send(res, 200, { ok: true });
			case '/__sandbox/reset':
				api.reset(body);
				return send(res, 200, { ok: true });
			case '/__sandbox/state':
				return send(res, 200, { counts: state.counts, issuedTokens: state.issuedTokens, secrets: api.secrets, account: ACCOUNT, queries: state.queries, peakConcurrency: state.peakInFlight });
			default:
				return send(res, 404, { ok: false });
		}
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const url = new URL(req.url, 'http://sandbox');
			const raw = Buffer.concat(chunks).toString('utf8');
			if (url.pathname.startsWith('/__sandbox/')) return control(url.pathname, raw ? JSON.parse(raw) : {}, res);

			count(url.pathname);
			state.inFlight++;
			state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
			res.on('close', () => state.inFlight--);
			const fault = takeFault(url.pathname, url.searchParams);
			const delay = (fault?.delayMs ?? 0) + state.latencyMs;
			if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay).unref());
			if (fault?.hang) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"bytes": ');
				return; // never finishes; closed when the client gives up or the sandbox stops
			}
			if (fault?.status || fault?.body !== undefined) {
				return send(res, fault.status ?? 200, fault.body ?? '', fault.headers ?? {});
			}
			if (fault?.expireTokens) state.validTokens.clear(); // this request's token, and every other, expires now

			if (url.pathname === '/api/v1/login') {
				if (req.method !== 'POST') return send(res, 405, errorBody(405, url.pathname, 'method_not_allowed', 'Use POST'));
				return login(req, res, raw);
			}
			if (!QUERY_RULES[url.pathname] || req.method !== 'GET') {
				return send(res, 404, errorBody(404, url.pathname, 'not_found', 'Not found'));
			}
			const auth = req.headers.authorization ?? '';
			const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
			if (!state.validTokens.has(token)) {
				count('401');
				return send(res, 401, errorBody(401, url.pathname, 'unauthorized', token ? 'Token is invalid or expired' : 'Missing bearer token'));
			}
			return stats(url.pathname, url.searchParams, res);
		});
	});

	const api = {
		account: { ...ACCOUNT },
		get url() {
			const address = server.address();
			return `http://127.0.0.1:${address.port}`;
		},
		get data() {
			return state.data;
		},
		get issuedTokens() {
			return [...state.issuedTokens];
		},
		/** The query of each stats call that passed validation, in order. */
		get queries() {
			return state.queries;
		},
		/** Requests received per path (faulted ones included), and '401' for rejected tokens. */
		count: (key) => state.counts[key] ?? 0,
		/** Requests received on paths starting with one of `prefixes`. */
		requests: (...prefixes) => requestsTo(state.counts, ...prefixes),
		logins: () => state.counts['/api/v1/login'] ?? 0,
		/** The most API requests that were under way at the same time since the last reset. */
		peakConcurrency: () => state.peakInFlight,
		/** Adds a fault: { path | '*', query?: {name: value}, status?, body?, headers?, delayMs?, hang?, expireTokens?, times? } */
		fault: (fault) => state.faults.push({ ...fault }),
		/** Every secret the sandbox put in an answer: none of them may ever be shown. */
		get secrets() {
			return state.secrets ? state.data.users.map(secretOf) : [];
		},
		/** The subuser list as the API gives it now (secrets left out). */
		subusers: () => state.data.subuserList(Date.now(), state.subuserChanges),
		/** Overrides fields of one subuser from now on, e.g. { traffic_limit_amount: 1 }. */
		changeSubuser: (username, changes) => {
			state.subuserChanges[username] = { ...state.subuserChanges[username], ...changes };
		},
		expireTokens: () => state.validTokens.clear(),
		reset: ({ usedCountries: used = 8, subusers: count, latencyMs: latency = 0, bareArray: bare = false, secrets: withSecrets = false, singleSession: single = false } = {}) => {
			state.data = makeData({ usedCountries: used, subusers: count, periodsFrom });
			state.latencyMs = latency;
			state.bareArray = bare;
			state.secrets = withSecrets;
			state.subuserChanges = {};
			state.singleSession = single;
			state.faults = [];
			state.counts = {};
			state.queries = [];
			state.peakInFlight = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(api));
	});
}

module.exports = { startSandbox, requestsTo, ACCOUNT };

if (require.main === module) {
	const arg = (name, fallback) => {
		const index = process.argv.indexOf(`--${name}`);
		return index > 0 ? Number(process.argv[index + 1]) : fallback;
	};
	startSandbox({
		port: arg('port', 0),
		usedCountries: arg('countries', 8),
		subusers: arg('subusers', undefined),
		latencyMs: arg('latency', 0),
		secrets: process.argv.includes('--secrets'),
		periodsFrom: arg('periods-from', undefined),
	}).then((sandbox) => {
		process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
		const stop = () => sandbox.close().then(() => process.exit(0));
		process.on('SIGTERM', stop);
		process.on('SIGINT', stop);
	});
}

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiBaseUrl } from '../../credentials/apiBaseUrl';
import type { HttpFailure } from '../../credentials/httpFailure';
import { LOGIN_FAILED, timedOut } from '../../credentials/httpFailure';
import { DEFAULT_TIMEOUT_MS } from './options';

export const CREDENTIAL_TYPE = 'goProxiesApi';

type Body = IDataObject;
const isObject = (value: unknown): value is Body =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const hasBuckets = (body: Body, count: 'bytes' | 'amount') =>
	Array.isArray(body.values) &&
	body.values.every(
		(bucket) =>
			isObject(bucket) &&
			typeof bucket.start_at === 'string' &&
			typeof bucket.end_at === 'string' &&
			typeof bucket[count] === 'number',
	);

/** Each endpoint, with the check that its 200 body has the fields the spec requires. */
const ENDPOINTS = {
	'/api/v1/stats/traffic': {
		required: '"bytes" (a number)',
		isValid: (body: Body) => typeof body.bytes === 'number',
	},
	'/api/v1/stats/traffic/history': {
		required: '"values" (a list of buckets with start_at, end_at and bytes)',
		isValid: (body: Body) => hasBuckets(body, 'bytes'),
	},
	'/api/v1/stats/requests/history': {
		required: '"values" (a list of buckets with start_at, end_at and amount)',
		isValid: (body: Body) => hasBuckets(body, 'amount'),
	},
	'/api/v1/stats/countries': {
		required: '"countries" (a list of country codes)',
		isValid: (body: Body) =>
			Array.isArray(body.countries) && body.countries.every((code) => typeof code === 'string'),
	},
	'/api/v1/reseller/subusers': {
		required: '"subusers" (a list of subusers, each with a username)',
		isValid: (body: Body) =>
			Array.isArray(body.subusers) &&
			body.subusers.every((subuser) => isObject(subuser) && typeof subuser.username === 'string'),
	},
} as const;
export type Endpoint = keyof typeof ENDPOINTS;

/**
 * The body as the rest of the package reads it. The subuser list may come as a bare array (the vendor's
 * own example); a subuser's `secret` (its proxy password) is dropped here, before anything can show it.
 */
function bodyOf(path: Endpoint, body: unknown): unknown {
	if (path !== '/api/v1/reseller/subusers') return body;
	const list = Array.isArray(body) ? body : isObject(body) ? body.subusers : undefined;
	if (!Array.isArray(list)) return body;
	const subusers = list.map((subuser: unknown) => {
		if (!isObject(subuser)) return subuser;
		const shown = { ...subuser };
		delete shown.secret;
		return shown;
	});
	return { ...(isObject(body) ? body : {}), subusers };
}

export interface RequestSettings {
	timeout?: number;
	itemIndex?: number;
	/** What the call was for, put before the error message, e.g. "Traffic of Lithuania (LT)". */
	subject?: string;
}

function textOf(body: string): string {
	const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * A NodeApiError built from the API's answer alone: no request options, so no token, ever. Of the error
 * response n8n reads only the message, and `code` (a network error's, such as ECONNREFUSED) as the
 * error's code when there is no HTTP status.
 */
function apiFailure(
	node: INode,
	message: string,
	description: string,
	details: { httpCode?: number; code?: string; itemIndex?: number },
): NodeApiError {
	const errorResponse: JsonObject = details.code ? { message, code: details.code } : { message };
	return new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: details.httpCode ? String(details.httpCode) : undefined,
		itemIndex: details.itemIndex,
	});
}

/**
 * The HTTP client's failure inside what `httpRequestWithAuthentication` threw. Every n8n wraps it in a
 * NodeApiError; n8n 2.34 and later keep it as the error's `cause`. Earlier ones (1.x included) lose the cause
 * (their ExecutionBaseError declares `cause` as a class field, which resets it) and keep only the HTTP status
 * or a network error's code (ECONNREFUSED, ECONNABORTED…) as `httpCode`, a JSON object body as
 * `context.data`, and the client's own message first in `messages`: the headers (Retry-After) and any other
 * body are lost. Anything else (a client's error itself, a plain error) is read as it is.
 */
function failureOf(thrown: unknown): HttpFailure {
	if (!isObject(thrown)) return { message: String(thrown) };
	if (isObject(thrown.cause)) return thrown.cause as HttpFailure;
	const { httpCode } = thrown;
	if (isObject(thrown.response) || typeof httpCode !== 'string' || httpCode === '') return thrown as HttpFailure;
	const messages = Array.isArray(thrown.messages) ? thrown.messages : [];
	const message = messages.find((text): text is string => typeof text === 'string' && text !== '') ?? (thrown.message as string | undefined);
	if (!/^\d{3}$/.test(httpCode)) return { message, code: httpCode };
	return { message, response: { status: Number(httpCode), data: isObject(thrown.context) ? thrown.context.data : undefined } };
}

/** Turns whatever n8n's request helpers threw into one clear error for the user. */
function toApiError(node: INode, thrown: unknown, path: string, settings: RequestSettings): NodeApiError {
	const failure = failureOf(thrown);
	const { itemIndex } = settings;
	const status = failure.response?.status;
	const message = failure.message ?? String(failure);

	if (message.startsWith(LOGIN_FAILED)) {
		return apiFailure(node, message, 'Check the username, password and API Base URL in the GoProxies credential', {
			itemIndex,
		});
	}
	if (timedOut(failure)) {
		return apiFailure(
			node,
			`The GoProxies API did not answer within ${settings.timeout ?? DEFAULT_TIMEOUT_MS} ms (${path})`,
			'Try again later, raise Options → Timeout, or turn on the node setting "Retry On Fail"',
			{ itemIndex },
		);
	}
	if (status === undefined) {
		return apiFailure(
			node,
			`Could not reach the GoProxies API: ${message}`,
			'Check the API Base URL in the credential and the network connection of your n8n instance',
			{ code: failure.code, itemIndex },
		);
	}

	const data = failure.response?.data;
	const apiError = isObject(data) && isObject(data.error) ? data.error : undefined;
	if (!apiError) {
		const kind = typeof data === 'string' && data.trim() !== '' ? `a non-JSON body: ${textOf(data)}` : 'no error details';
		return apiFailure(
			node,
			`The GoProxies API failed with HTTP ${status} and ${kind.split(':')[0]}`,
			`${path} answered HTTP ${status} with ${kind}. This is usually temporary: try again later or turn on "Retry On Fail"`,
			{ httpCode: status, itemIndex },
		);
	}

	const code = typeof apiError.code === 'string' ? apiError.code : undefined;
	const apiMessage = typeof apiError.message === 'string' && apiError.message !== '' ? apiError.message : `HTTP ${status}`;
	const notes = [`HTTP ${status}${code ? `, code "${code}"` : ''}`];
	if (typeof apiError.detail === 'string' && apiError.detail !== '') notes.push(apiError.detail);
	if (isObject(apiError.fields) && Object.keys(apiError.fields).length > 0) {
		const fields = Object.entries(apiError.fields).map(([name, field]) => {
			const fieldMessage = isObject(field) && typeof field.message === 'string' ? `: ${field.message}` : '';
			return `${name}${fieldMessage}`;
		});
		notes.push(`Invalid fields: ${fields.join('; ')}`);
	}
	if (status === 401) {
		notes.push(
			'GoProxies refused the session even right after a new login: check that the account in the credential may use the statistics API, or, if the account allows one session at a time, that no other login (another n8n worker, a parallel execution, another app) ended this one: run fewer executions at once (Concurrency 1) or use one account per n8n instance',
		);
	}
	if (status === 429) {
		const retryAfter = failure.response?.headers?.['retry-after'];
		notes.push(
			`Too many requests${retryAfter ? `: the API asks to wait ${String(retryAfter)} seconds` : ''}. Lower the number of items per run or turn on "Retry On Fail" with a wait`,
		);
	}
	return apiFailure(node, `GoProxies API error: ${apiMessage}`, notes.join('. '), { httpCode: status, itemIndex });
}

/** Where a request is sent from: a node's execute(), a trigger's poll, a dropdown's load. */
export type RunContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * The credential of a node run (an execute(), a poll, a dropdown load: one context each), read once and
 * shared by every request of the run. Each read is a database query and a decryption in n8n. After a
 * login n8n writes the new token into the object it was handed, so every later request of the run sends
 * it. An entry lives only as long as its run's context.
 */
const credentialsOfRun = new WeakMap<RunContext, Promise<ICredentialDataDecryptedObject>>();

/**
 * Starts a run on a context n8n hands out again: it gives every poll of an activation the same poll context,
 * so a trigger starts each poll with this, and each poll reads the credential anew (a password changed
 * while the workflow is active is used from the next poll on).
 */
export function startRun(context: RunContext): void {
	credentialsOfRun.delete(context);
}

function runCredentials(context: RunContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsOfRun.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsOfRun.set(context, credentials);
	}
	return credentials;
}

/**
 * GET a GoProxies endpoint through n8n's authenticated request helper: n8n logs in
 * (the credential's preAuthentication), keeps the token, and on a 401 logs in again and retries once.
 */
export async function goProxiesApiRequest(
	this: RunContext,
	path: Endpoint,
	qs: IDataObject = {},
	settings: RequestSettings = {},
): Promise<Body> {
	const credentials = await runCredentials(this);
	let baseUrl: string;
	try {
		baseUrl = apiBaseUrl(credentials.baseUrl);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: settings.itemIndex });
	}
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: `${baseUrl}${path}`,
		qs,
		json: true,
		timeout: settings.timeout ?? DEFAULT_TIMEOUT_MS,
	};
	let body: unknown;
	try {
		// The run's credential is handed over, so that n8n neither reads it again nor keeps a new token apart.
		const saved = this.getNode().credentials?.[CREDENTIAL_TYPE];
		const credentialsDecrypted = { id: saved?.id ?? '', name: saved?.name ?? '', type: CREDENTIAL_TYPE, data: credentials };
		body = bodyOf(path, await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options, { credentialsDecrypted }));
	} catch (error) {
		const apiError = toApiError(this.getNode(), error, path, settings);
		if (settings.subject) apiError.message = `${settings.subject}: ${apiError.message}`;
		throw apiError;
	}
	const endpoint = ENDPOINTS[path];
	if (!isObject(body) || !endpoint.isValid(body)) {
		const got = isObject(body) ? `JSON without it (keys: ${Object.keys(body).join(', ') || 'none'})` : typeof body === 'string' ? `a non-JSON body: ${textOf(body)}` : Array.isArray(body) ? 'a JSON list' : 'an empty body';
		throw apiFailure(
			this.getNode(),
			`The GoProxies API answered ${path} without the expected data`,
			`Expected ${endpoint.required}, got ${got}. The API may have changed or be failing: try again later`,
			{ itemIndex: settings.itemIndex },
		);
	}
	return body;
}

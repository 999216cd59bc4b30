import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { apiBaseUrl } from './apiBaseUrl';
import type { HttpFailure } from './httpFailure';
import { connectionRefused, LOGIN_FAILED, timedOut } from './httpFailure';

const LOGIN_TIMEOUT_MS = 10_000;

function loginFailureReason(error: unknown, baseUrl: string): string {
	const failure = (error ?? {}) as HttpFailure;
	if (timedOut(failure)) return `no answer from ${baseUrl} within ${LOGIN_TIMEOUT_MS / 1000} s`;
	if (connectionRefused(failure)) return `could not connect to ${baseUrl} (connection refused)`;
	const apiMessage = (failure.response?.data as { error?: { message?: unknown } } | undefined)?.error?.message;
	if (typeof apiMessage === 'string' && apiMessage !== '') return apiMessage;
	if (failure.response?.status) return `the API answered HTTP ${failure.response.status}`;
	return `could not reach ${baseUrl}`;
}

export class GoProxiesApi implements ICredentialType {
	name = 'goProxiesApi';

	displayName = 'GoProxies API';

	icon = { light: 'file:goproxies.svg', dark: 'file:goproxies.dark.svg' } as const;

	documentationUrl = 'https://github.com/goproxies/n8n-nodes-goproxies/blob/main/docs/reference.md#goproxies-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'The user name you sign in to the GoProxies dashboard with',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.goproxies.com',
			description:
				'Address of the GoProxies API. Must use https:// (plain http:// only for localhost).',
		},
	];

	/** Called by n8n when `sessionToken` is empty or expired (the API answered 401). */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = apiBaseUrl(credentials.baseUrl);
		let body: unknown;
		try {
			body = await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}/api/v1/login`,
				body: { username: credentials.username, password: credentials.password },
				json: true,
				timeout: LOGIN_TIMEOUT_MS,
			});
		} catch (error) {
			// A plain error (no HTTP response attached), so that n8n does not log in again on a 401 here.
			throw new UserError(`${LOGIN_FAILED}: ${loginFailureReason(error, baseUrl)}`);
		}
		const token = (body as IDataObject | undefined)?.token;
		if (typeof token !== 'string' || token === '') {
			throw new UserError(`${LOGIN_FAILED}: the API answered without a token`);
		}
		return { sessionToken: token };
	}

	/**
	 * The session token as a bearer header, on a request to the API Base URL only when that address is
	 * allowed: so neither the token nor the password of the Test's login ever goes to plain http://.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		apiBaseUrl(credentials.baseUrl);
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.sessionToken)}` } };
	}

	/**
	 * The Test logs in with the user name and password as typed: n8n does not log in again for a Test while
	 * the credential holds a token, so any other request would pass with the old one after a password change.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/login',
			body: { username: '={{$credentials.username}}', password: '={{$credentials.password}}' },
			json: true,
		},
	};
}

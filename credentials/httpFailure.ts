/** What n8n's request helpers throw when a request fails: the parts this package reads. */
export interface HttpFailure {
	message?: string;
	code?: string;
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** No answer in time: either no headers at all, or a body that never finished (the stream was cut). */
export function timedOut(failure: HttpFailure): boolean {
	return (
		TIMEOUT_CODES.has(failure.code ?? '') ||
		/timeout|timed out/i.test(failure.message ?? '') ||
		(failure.code === 'ERR_BAD_RESPONSE' && /aborted/i.test(failure.message ?? ''))
	);
}

export function connectionRefused(failure: HttpFailure): boolean {
	return failure.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(failure.message ?? '');
}

/** How every login failure's message starts, so that the node can tell it from the API's own errors. */
export const LOGIN_FAILED = 'GoProxies login failed';

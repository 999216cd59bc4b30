'use strict';
// An MCP client of a server n8n publishes (the MCP Server Trigger): the MCP SDK's client that the n8n under
// test pins, from n8n's own installation, over Streamable HTTP or SSE.
const path = require('node:path');
const { n8nRuntime } = require('./runtime');
const { waitFor } = require('./processes');
const { MCP } = require('./fixtures');

/** The MCP SDK's client classes, from n8n's own installation. */
function sdk() {
	const cjs = (file) => n8nRuntime.requireFromN8n(path.join('@modelcontextprotocol', 'sdk', 'dist', 'cjs', 'client', file));
	return { Client: cjs('index.js').Client, StreamableHTTPClientTransport: cjs('streamableHttp.js').StreamableHTTPClientTransport, SSEClientTransport: cjs('sse.js').SSEClientTransport };
}

const TRANSPORTS = {
	'Streamable HTTP': (url, init) => new (sdk().StreamableHTTPClientTransport)(new URL(url), { requestInit: init }),
	SSE: (url, init) => new (sdk().SSEClientTransport)(new URL(url), { requestInit: init }),
};

/** A connected client of the server at `url` over `transport`; everything it receives is kept in `received`. */
async function connect(url, transport, received, token = MCP.token) {
	const client = new (sdk().Client)({ name: 'goproxies-checks', version: '1.0.0' });
	await client.connect(TRANSPORTS[transport](url, { headers: { Authorization: `Bearer ${token}` } }));
	const keep = (value) => {
		received.push(JSON.stringify(value));
		return value;
	};
	return {
		listTools: async () => keep(await client.listTools()).tools,
		/** Calls a tool; returns the items its text holds, and whether the call was flagged as an error. */
		call: async (name, args) => {
			const result = keep(await client.callTool({ name, arguments: args }));
			return { items: JSON.parse(result.content.map((part) => part.text).join('')), isError: result.isError === true, text: result.content[0].text };
		},
		close: () => client.close(),
	};
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'goproxies-checks', version: '1' } } };

/** POSTs an MCP initialize request to `url` with these headers; returns the HTTP status and the body. */
async function postInitialize(url, headers) {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(INITIALIZE) });
	return { status: res.status, text: await res.text() };
}

/**
 * Waits until n8n serves the published MCP server: n8n 2.40 activates published workflows after it is ready
 * (its publication outbox), so the production URL answers 404 for some seconds after the start.
 */
async function servedWithin(url, seconds) {
	await waitFor(`${url} to serve the published MCP workflow (it answered 404: not activated)`, async () => (await postInitialize(url, { Authorization: `Bearer ${MCP.token}` })).status !== 404, { seconds, every: 1000 });
}

module.exports = { TRANSPORTS, connect, postInitialize, servedWithin };

'use strict';
// What the real-n8n checks put into n8n: the credentials (the sandbox account, the same with a wrong password,
// the MCP example's bearer token), the shipped examples, and workflows built around the package's nodes.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./runtime');
const { PACKAGE_NAME } = require('./pack');

const EXAMPLES = path.join(ROOT, 'examples');
/** The owner account of every n8n the checks start (one per user folder: n8n before 2.17 sets it up once). */
const OWNER = { email: 'owner@example.com', password: 'GoProxies-owner-1', firstName: 'GoProxies', lastName: 'Owner' };
const CREDENTIAL = { id: 'goproxiesSandbox1', name: 'GoProxies sandbox' };
const BAD_CREDENTIAL = { id: 'goproxiesBadPass1', name: 'GoProxies sandbox, wrong password' };
const STATS_TYPE = `${PACKAGE_NAME}.goProxiesStats`;
const TRIGGER_TYPE = `${PACKAGE_NAME}.goProxiesTrigger`;

/** The MCP example's server (examples/mcp-server-usage-tools.json): its path, and the bearer credential it checks. */
const MCP = {
	file: 'mcp-server-usage-tools.json',
	workflowId: 'exMcpUsageTools1',
	path: 'goproxies-usage',
	credential: { id: 'mcpBearerToken01', name: 'MCP bearer token' },
	token: 'goproxies-demo-mcp-token-not-a-secret',
};

/** Writes the credentials to import (the sandbox account, it with a wrong password, the MCP token) into `dir`. */
function credentialsFile(dir, sandboxUrl, account) {
	const file = path.join(dir, 'credentials.json');
	const credential = ({ id, name }, password) => ({ id, name, type: 'goProxiesApi', data: { username: account.username, password, baseUrl: sandboxUrl, sessionToken: '' } });
	fs.writeFileSync(
		file,
		JSON.stringify([
			credential(CREDENTIAL, account.password),
			credential(BAD_CREDENTIAL, 'wrong-password'),
			{ ...MCP.credential, type: 'httpBearerAuth', data: { token: MCP.token } },
		]),
	);
	return file;
}

/** An example workflow from examples/, parsed. */
const readExample = (file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
const exampleFiles = () => fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

/** A GoProxies Stats node (or another of the package's types) with these parameters and the sandbox credential. */
function goProxiesNode(parameters, { name = 'GoProxies Stats', type = STATS_TYPE, position = [260, 0] } = {}) {
	return { id: `${name.replace(/\W/g, '')}-node`, name, type, typeVersion: 1, position, parameters, credentials: { goProxiesApi: CREDENTIAL } };
}

/**
 * Poll Times that poll every `seconds` (a divisor of 60): one entry per poll, each once a minute at a fixed
 * second. n8n refuses one entry that polls more often than once a minute ("The polling interval is too short"),
 * not several; a check that waits for the next poll then waits seconds, not a minute.
 */
const pollEvery = (seconds) => ({ item: Array.from({ length: 60 / seconds }, (_, i) => ({ mode: 'custom', cronExpression: `${i * seconds} * * * * *` })) });

/** A workflow whose only node is a GoProxies Trigger polling on `pollTimes` with these parameters. */
function triggerWorkflow(id, parameters, { name = id, timezone = 'Europe/Vilnius', pollTimes } = {}) {
	const trigger = goProxiesNode({ pollTimes, ...parameters }, { name: 'GoProxies Trigger', type: TRIGGER_TYPE, position: [0, 0] });
	return { id, name, active: false, settings: { executionOrder: 'v1', timezone }, connections: {}, pinData: {}, nodes: [trigger] };
}

/**
 * A workflow that a POST to /webhook/<webhookPath> runs, answering with every item of its last node
 * (responseMode 'lastNode'), or at once, before it runs ('onReceived').
 */
function webhookWorkflow(id, webhookPath, nodes, { name = id, responseMode = 'lastNode' } = {}) {
	const trigger = {
		id: `${id}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${id}-hook`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, responseData: 'allEntries', options: {} },
	};
	const chain = [trigger, ...nodes];
	const connections = {};
	for (let i = 0; i + 1 < chain.length; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, settings: { executionOrder: 'v1', timezone: 'Europe/Vilnius' }, nodes: chain, connections };
}

/** An example workflow, its manual trigger replaced by a webhook (queue mode runs webhooks on workers), its GoProxies nodes on the sandbox credential. */
function exampleAsWebhook(file, id, webhookPath) {
	const example = readExample(file);
	const trigger = example.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const nodes = example.nodes.filter((node) => node !== trigger && node.type !== 'n8n-nodes-base.stickyNote');
	const connections = JSON.parse(JSON.stringify(example.connections));
	connections.Webhook = connections[trigger.name];
	delete connections[trigger.name];
	const workflow = webhookWorkflow(id, webhookPath, [], { name: example.name });
	for (const node of nodes) {
		if (node.type === STATS_TYPE) node.credentials = { goProxiesApi: CREDENTIAL };
	}
	return { ...workflow, nodes: [workflow.nodes[0], ...nodes], connections };
}

/** Every `$fromAI('key', 'description', 'type'[, default])` in a node's parameters: { key: { description, type } }. */
function fromAiFields(node) {
	const fields = {};
	for (const match of JSON.stringify(node.parameters).matchAll(/\$fromAI\('([^']+)', '([^']+)', '([^']+)'(?:, [^)]+)?\)/g)) {
		fields[match[1]] = { description: match[2], type: match[3] };
	}
	return fields;
}

module.exports = {
	EXAMPLES,
	OWNER,
	CREDENTIAL,
	STATS_TYPE,
	TRIGGER_TYPE,
	MCP,
	credentialsFile,
	readExample,
	exampleFiles,
	goProxiesNode,
	triggerWorkflow,
	webhookWorkflow,
	exampleAsWebhook,
	fromAiFields,
	pollEvery,
};

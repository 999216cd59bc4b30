'use strict';
// A scripted chat model for the AI-agent checks: an OpenAI-compatible `POST /v1/chat/completions` on
// loopback (non-streaming) that records every request. For a question it knows, it calls the scripted
// tools one per turn, then answers with the figures of the tool results it received. Runs as a process
// of its own (`node fake-model.js SCENARIOS_JSON`), steered like the sandbox: POST /__sandbox/requests.
const http = require('node:http');
const { startServerProcess } = require('../support/sandbox');

/** The text of a chat message, whether its content is a string or a list of parts. */
function textOf(message) {
	if (typeof message?.content === 'string') return message.content;
	return (message?.content ?? []).map((part) => part.text ?? '').join('');
}

/** The first object with a `bytes` figure anywhere in a tool result. */
function figureIn(value) {
	if (value === null || typeof value !== 'object') return undefined;
	if (typeof value.bytes === 'number') return value;
	for (const child of Object.values(value)) {
		const found = figureIn(child);
		if (found) return found;
	}
	return undefined;
}

/** The final answer: the figure of every tool result that has one, e.g. "alice: 1.2 GB (1234 bytes)". */
function answerFrom(toolResults) {
	const figures = toolResults.flatMap((message) => {
		try {
			const found = figureIn(JSON.parse(textOf(message)));
			return found ? [found] : [];
		} catch {
			return [];
		}
	});
	if (figures.length === 0) return 'The tools gave me no traffic figure.';
	return figures.map((f) => `${f.country ?? f.username ?? 'account'}: ${f.traffic} ${f.unit} (${f.bytes} bytes)`).join('; ');
}

/**
 * scenarios: [{ question, calls: [{ tool, args }] }]; a request whose user message contains `question`
 * gets calls[k] after k tool results, and the final answer after all of them.
 */
function reply(scenarios, body) {
	const messages = body.messages ?? [];
	const lastUser = messages.findLastIndex((message) => message.role === 'user');
	const question = textOf(messages[lastUser]);
	const scenario = scenarios.find((s) => question.includes(s.question));
	if (!scenario) return { content: `I was not scripted for: ${question}` };
	const toolResults = messages.slice(lastUser + 1).filter((message) => message.role === 'tool');
	const next = scenario.calls[toolResults.length];
	if (next) {
		return {
			content: null,
			tool_calls: [
				{
					id: `call_${toolResults.length + 1}`,
					type: 'function',
					function: { name: next.tool, arguments: JSON.stringify(next.args) },
				},
			],
		};
	}
	return { content: answerFrom(toolResults) };
}

/** Serves the fake model on a free loopback port; resolves to its base URL (ending in /v1). */
function serve(scenarios) {
	const requests = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const send = (status, json) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (req.url === '/__sandbox/requests') return send(200, requests);
			requests.push({ method: req.method, url: req.url, headers: req.headers, body: raw });
			if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
				return send(404, { error: { message: `the fake model serves only POST /v1/chat/completions, not ${req.method} ${req.url}` } });
			}
			const body = JSON.parse(raw);
			if (body.stream) return send(400, { error: { message: 'the fake model does not stream' } });
			const message = reply(scenarios, body);
			send(200, {
				id: `chatcmpl-fake-${requests.length}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model,
				choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
				usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
			});
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
	});
}

/** Starts the fake model process; returns { url (ending in /v1), requests(), stop }. */
async function startFakeModel(scenarios) {
	const server = await startServerProcess(__filename, [JSON.stringify(scenarios)]);
	return { url: `${server.url}/v1`, requests: () => server.control('requests'), stop: server.stop };
}

module.exports = { startFakeModel, textOf, figureIn };

if (require.main === module) {
	serve(JSON.parse(process.argv[2])).then((url) => {
		process.stdout.write(`${JSON.stringify({ url })}\n`);
		process.on('SIGTERM', () => process.exit(0));
	});
}

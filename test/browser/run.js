#!/usr/bin/env node
'use strict';
// npm run test:browser: the demo's n8n (on a free port) in Debian's headless Chromium, used as a person
// uses it: sign in, find GoProxies Stats in the nodes panel, test the credential, open the Country filter,
// execute Get by Country. Screenshots of these moments are written to docs/images/ (the README and docs/ show them).
// To add a step: write `async function nameOfStep(ui)` that acts, asserts what it sees (ui.see, ui.fail)
// and maybe takes ui.screenshot('name'); then add it to STEPS in the order a person would do it. Each step
// starts where the one before it ended (after addGetTotalTraffic: the node's settings open).
const fs = require('node:fs');
const path = require('node:path');
const { suite } = require('../support/checks');
const { CREDENTIAL, EXAMPLES, MCP, OWNER, readExample } = require('../support/fixtures');
const { startN8n } = require('../support/n8n');
const { CACHE, ROOT, n8nRuntime, versions } = require('../support/runtime');
const { prepareN8n } = require('../support/workspace');
const { atOrAbove, makeData } = require('../sandbox/data');
const { requestsTo } = require('../sandbox/server');
const { ensureChromium, launchChromium } = require('./chromium');

// The docs show the editor of the n8n CI runs; another version's screenshots stay in .cache/.
const IMAGES = n8nRuntime.version === versions.ci ? path.join(ROOT, 'docs', 'images') : path.join(CACHE, `screenshots-${n8nRuntime.version}`);
const FAILURES = path.join(CACHE, 'browser-failures');

const VIEWPORT = { width: 1280, height: 800 };
const WAIT_MS = 30_000;
const FIRST_LOAD_MS = 120_000; // the editor's first load: several MB of scripts, slow on a busy machine
const COUNTRIES = makeData().countries; // what the sandbox reports as used, e.g. US, DE, LT...
const SUBUSERS = makeData().users; // the sandbox account's subusers: alice, bob, john doe...
const countryName = new Intl.DisplayNames(['en'], { type: 'region' });

async function signIn(ui) {
	const { page } = ui;
	await page.goto(`${ui.n8nUrl}/signin`, { timeout: FIRST_LOAD_MS });
	const email = page.getByTestId('emailOrLdapLoginId').locator('input');
	await ui.see(email, 'the sign-in form', FIRST_LOAD_MS);
	await email.fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	const workflow = page.getByTestId('resources-list-item-workflow').filter({ hasText: 'GoProxies: usage report' });
	await ui.see(workflow, 'the imported workflow "GoProxies: usage report" in the list after signing in', FIRST_LOAD_MS);
}

async function createWorkflow(ui) {
	const { page } = ui;
	await page.getByTestId('add-resource-workflow').click();
	await ui.see(page.getByTestId('canvas-add-button'), 'the empty canvas of a new workflow with its "Add first step" button');
}

async function findGoProxiesInNodesPanel(ui) {
	const { page } = ui;
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('GoProxies');
	const item = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: 'GoProxies Stats' });
	await ui.see(item, 'GoProxies Stats among the search results for "GoProxies"');
	await item.click();
	for (const action of ['Get total traffic', 'Get traffic by country', 'Get traffic history', 'Get requests history', 'Get many used countries']) {
		await ui.see(page.getByTestId('node-creator').getByText(action, { exact: true }), `the action "${action}" of GoProxies Stats`);
	}
	await page.getByTestId('node-creator').getByText('Get traffic history', { exact: true }).scrollIntoViewIfNeeded();
	await ui.screenshot('nodes-panel');
}

async function addGetTotalTraffic(ui) {
	const { page } = ui;
	await page.getByTestId('node-creator').getByText('Get total traffic', { exact: true }).click();
	await ui.see(page.getByTestId('ndv'), 'the node\'s settings (NDV) open after adding it');
	await ui.seeValue(parameterInput(page, 'operation'), 'Get Total', 'Operation "Get Total" in the node\'s settings');
}

async function credentialTestSucceeds(ui) {
	const { page } = ui;
	await chooseCredential(ui, CREDENTIAL.id);
	await page.getByTestId('credential-edit-button').click();
	const dialog = page.getByTestId('editCredential-modal');
	const success = dialog.getByTestId('credentials-config-container-test-success');
	await ui.see(success.getByText('Connection tested successfully'), 'the credential tested successfully on opening');
	const requestsBefore = await sandboxRequests(ui);
	const retry = success.getByRole('button', { name: 'Retry', exact: true }); // the Test button, once a test has run
	// Once, on a loaded machine, a click sent no test at all (the banner was likely being redrawn): click
	// again, at most three times, until a new test reaches the API.
	const reachesApi = () => ui.waitUntil(async () => (await sandboxRequests(ui)) > requestsBefore, 'the new test reaching the sandbox API', 10_000);
	let reached = false;
	for (let click = 1; click <= 3 && !reached; click++) {
		await retry.click();
		reached = await reachesApi().then(() => true, () => false);
	}
	if (!reached) ui.fail('did not see a new test reaching the sandbox API after three clicks on Retry');
	await ui.see(retry, 'the Retry button back after the test ended');
	await ui.see(success.getByText('Connection tested successfully'), 'the credential tested successfully again');
	await ui.screenshot('credential-test');
	await closeCredentialDialog(ui);
}

/** A new credential with a wrong password: saving it tests it and shows the login message. */
async function wrongPasswordShowsLoginMessage(ui) {
	const { page } = ui;
	await chooseCredential(ui, 'new');
	const dialog = page.getByTestId('editCredential-modal');
	const { account } = await ui.sandbox.control('state');
	await parameterInput(dialog, 'username').fill(account.username);
	await parameterInput(dialog, 'password').fill('not-the-password');
	await parameterInput(dialog, 'baseUrl').fill(ui.sandbox.url);
	await dialog.getByTestId('credential-save-button').click(); // saving tests the credential
	await ui.see(dialog.getByText('Couldn’t connect with these settings'), 'the failed test\'s banner');
	await dialog.getByText('More details').click();
	await ui.see(dialog.getByText('GoProxies login failed: Invalid username or password'), 'the login message under the new credential\'s failed test');
	await ui.screenshot('credential-wrong-password');
	await closeCredentialDialog(ui);
	await chooseCredential(ui, CREDENTIAL.id); // back to the right one for the next steps
}

/**
 * The credential the steps before used, so that it holds a session token: a wrong new password fails its
 * Test (saving tests it), the right one passes it again.
 */
async function usedCredentialTestsPasswordAsTyped(ui) {
	const { page } = ui;
	const { account, counts } = await ui.sandbox.control('state');
	if (!(counts['/api/v1/login'] > 0)) ui.fail('the credential has not logged in yet: it holds no session token, so this step would prove nothing');
	await page.getByTestId('credential-edit-button').click();
	const dialog = page.getByTestId('editCredential-modal');
	const success = dialog.getByTestId('credentials-config-container-test-success').getByText('Connection tested successfully');
	await ui.see(success, 'the used credential tested successfully on opening');
	await parameterInput(dialog, 'password').fill('changed-and-mistyped');
	await dialog.getByTestId('credential-save-button').click();
	await ui.see(dialog.getByText('Couldn’t connect with these settings'), 'the failed test\'s banner after saving a wrong password');
	await dialog.getByText('More details').click();
	await ui.see(dialog.getByText('GoProxies login failed: Invalid username or password'), 'the login message under the used credential\'s failed test');
	await parameterInput(dialog, 'password').fill(account.password);
	await dialog.getByTestId('credential-save-button').click();
	await ui.see(success, 'the credential tested successfully again with the right password');
	await closeCredentialDialog(ui);
}

async function countryFilterListsCountries(ui) {
	const { page } = ui;
	await addToCollection(ui, 'filters', /^Country/);
	const options = await openDropdown(ui, 'country');
	const expected = COUNTRIES.map((code) => `${countryName.of(code)} (${code})`).sort((a, b) => a.localeCompare(b));
	let shown;
	const showsAll = async () => JSON.stringify((shown = await options.allInnerTexts())) === JSON.stringify(expected);
	await ui.waitUntil(showsAll, 'the Country dropdown listing the countries the sandbox API reports').catch(() => {
		ui.fail(`the Country dropdown listed ${JSON.stringify(shown)}\ninstead of ${JSON.stringify(expected)}`);
	});
	await ui.screenshot('country-filter');
	await options.filter({ hasText: 'United States (US)' }).click();
	await ui.seeValue(parameterInput(page, 'country'), 'United States (US)', 'United States (US) chosen as the Country filter');
}

async function subuserFilterListsSubusers(ui) {
	const { page } = ui;
	await addToCollection(ui, 'filters', /^Subuser/);
	const options = await openDropdown(ui, 'username');
	const expected = [...SUBUSERS].sort((a, b) => a.localeCompare(b));
	let shown;
	// An option's first line is the username; a disabled subuser's second line says so.
	const names = async () => (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	const showsAll = async () => JSON.stringify((shown = await names())) === JSON.stringify(expected);
	await ui.waitUntil(showsAll, "the Subuser dropdown listing the sandbox account's subusers").catch(() => {
		ui.fail(`the Subuser dropdown listed ${JSON.stringify(shown)}\ninstead of ${JSON.stringify(expected)}`);
	});
	await ui.screenshot('subuser-filter');
	await options.filter({ hasText: /^alice$/ }).click();
	await ui.seeValue(parameterInput(page, 'username'), 'alice', 'alice chosen as the Subuser filter');
}

async function getByCountryShowsOneRowPerCountry(ui) {
	const { page } = ui;
	await chooseOption(ui, 'operation', 'Get by Country');
	await page.getByTestId('node-execute-button').click();
	const rows = page.getByTestId('output-panel').getByTestId('ndv-data-container').locator('table tbody tr');
	await ui.waitUntil(async () => (await rows.count()) === COUNTRIES.length, `one row per used country (${COUNTRIES.length}) in the output table after Execute step`).catch(async (error) => {
		ui.fail(`${error.message}; it has ${await rows.count()}`);
	});
	const texts = await rows.allInnerTexts();
	for (const code of COUNTRIES) {
		if (!texts.some((row) => row.includes(countryName.of(code)))) ui.fail(`no row for ${countryName.of(code)} (${code}) in the output table:\n${texts.join('\n')}`);
	}
	await ui.screenshot('get-by-country');
}

/** A second workflow: the GoProxies Trigger's "Fetch Test Event" shows the subusers over 80% of their limit. */
async function triggerFetchTestEventShowsSubusers(ui) {
	const { page } = ui;
	await page.goto(`${ui.n8nUrl}/workflow/new`);
	await ui.see(page.getByTestId('canvas-add-button'), 'the empty canvas of a second workflow');
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('GoProxies');
	// The nodes panel names a trigger after its app ("GoProxies"), with its description in n8n 2, without in 1.x.
	const item = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: /GoProxies/ }).filter({ hasNotText: 'Stats' });
	await ui.see(item, 'GoProxies Trigger among the triggers found for "GoProxies"');
	await item.first().click();
	const ndv = page.getByTestId('ndv');
	if (!(await ndv.isVisible().catch(() => false))) {
		// n8n may first show the app's own list of triggers and actions: pick the trigger there.
		const inApp = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: /GoProxies Trigger|Starts the workflow|On / });
		await ndv.waitFor({ state: 'visible', timeout: 5000 }).catch(async () => await inApp.first().click());
	}
	await ui.see(ndv, "the trigger's settings (NDV) open after adding it");
	await chooseOption(ui, 'event', 'Subuser Reached a Share of Its Limit');
	await chooseCredential(ui, CREDENTIAL.id);
	// Those at 80% of their limit or more would fire (žygimantas is, at any moment: test/sandbox/data.js).
	const over = atOrAbove(ui.sandbox.data.subuserList(Date.now()), 80);
	if (over.length === 0) ui.fail('no sandbox subuser is over 80% of its limit: the step would prove nothing');
	await page.getByTestId('node-execute-button').click();
	const rows = page.getByTestId('output-panel').getByTestId('ndv-data-container').locator('table tbody tr');
	await ui.waitUntil(async () => (await rows.count()) === over.length, `one row per subuser over 80% (${over.length}) after Fetch Test Event`).catch(async (error) => {
		ui.fail(`${error.message}; it has ${await rows.count()}`);
	});
	const texts = await rows.allInnerTexts();
	for (const username of over) {
		if (!texts.some((row) => row.includes(username))) ui.fail(`no row for ${username} in the output table:\n${texts.join('\n')}`);
	}
	await ui.screenshot('trigger-fetch-test-event');
}

/**
 * An example as a user opens it, every node on the canvas, saved as docs/images/<screenshot>.png. The view fits
 * the workflow to the edges, under the zoom buttons and Execute workflow: one step out clears them.
 */
async function exampleInEditor(ui, file, screenshot) {
	const { page } = ui;
	const example = readExample(file);
	await page.goto(`${ui.n8nUrl}/workflow/${example.id}`);
	for (const { name } of example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')) {
		await ui.see(page.getByTestId('canvas-node').filter({ hasText: name }), `the node "${name}" on the canvas`);
	}
	await page.getByTestId('zoom-out-button').click();
	await page.mouse.move(1100, 380);
	await page.waitForTimeout(500);
	await ui.screenshot(screenshot);
}

const STEPS = [
	['sign in as the owner', signIn],
	['create a workflow', createWorkflow],
	['the nodes panel finds GoProxies Stats and its actions', findGoProxiesInNodesPanel],
	['add GoProxies Stats with "Get total traffic"', addGetTotalTraffic],
	['the credential\'s Test succeeds', credentialTestSucceeds],
	['a wrong password shows the login message', wrongPasswordShowsLoginMessage],
	['Traffic → Get Total: Filters → Country lists the used countries', countryFilterListsCountries],
	['Traffic → Get Total: Filters → Subuser lists the subusers', subuserFilterListsSubusers],
	['the used credential: a wrong new password fails its Test, the right one passes it again', usedCredentialTestsPasswordAsTyped],
	['Traffic → Get by Country: Execute step shows one row per country', getByCountryShowsOneRowPerCountry],
	['GoProxies Trigger: Fetch Test Event shows the subusers over 80% of their limit', triggerFetchTestEventShowsSubusers],
	['the MCP example: the MCP Server Trigger and its GoProxies tools in the editor', (ui) => exampleInEditor(ui, MCP.file, 'mcp-server-workflow')],
	['the weekly chart example: the two weeks, the chart data, QuickChart and Slack in the editor', (ui) => exampleInEditor(ui, 'weekly-traffic-chart-to-slack.json', 'weekly-traffic-chart')],
];

// Helpers the steps share.

/** Adds an option to a collection parameter (Filters, Options): n8n 2 has an add button, 1.x a select. */
async function addToCollection(ui, collection, option) {
	const { page } = ui;
	const item = page.getByTestId('parameter-item').filter({ has: page.locator(`label[for="${collection}"]`) });
	if (n8nRuntime.atLeast('2.0.0')) await item.getByTestId('collection-parameter-add').click();
	else await item.getByPlaceholder(/^Add /).click();
	await page.getByTestId('collection-parameter-option').filter({ hasText: option }).click();
}

const parameterInput = (scope, name) => scope.getByTestId(`parameter-input-${name}`).locator('input');

/** How many requests the sandbox API has answered so far. */
const sandboxRequests = async (ui) => requestsTo(await ui.sandbox.counts(), '/api/v1/');

/** Picks an item of the node's Credential dropdown: a credential's id, or 'new' to create one. */
async function chooseCredential(ui, id) {
	const { page } = ui;
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId(`node-credentials-select-item-${id}`).click();
	await ui.gone(page.getByTestId(`node-credentials-select-item-${id}`), 'the credential dropdown closing after choosing');
}

/** Opens a parameter's dropdown; returns its options (the list the input controls). */
async function openDropdown(ui, parameter) {
	const input = parameterInput(ui.page, parameter);
	await input.click();
	const list = ui.page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
	await ui.see(list, `the dropdown of ${parameter} opening`);
	return list.getByRole('option');
}

async function chooseOption(ui, parameter, name) {
	const options = await openDropdown(ui, parameter);
	await options.filter({ hasText: name }).first().click();
	await ui.seeValue(parameterInput(ui.page, parameter), name, `"${name}" chosen as ${parameter}`);
}

async function closeCredentialDialog(ui) {
	const dialog = ui.page.getByTestId('editCredential-modal');
	await dialog.getByRole('button', { name: 'Close this dialog' }).click();
	await ui.gone(dialog, 'the credential dialog closing');
}

/** What each step gets: the page, and helpers that assert, fail with what was looked for, and screenshot. */
function makeUi(page, n8nUrl, sandbox) {
	return {
		page,
		n8nUrl,
		sandbox,
		/** Waits until the locator's first match is visible; fails saying what was looked for. */
		async see(locator, what, timeout = WAIT_MS) {
			try {
				await locator.first().waitFor({ state: 'visible', timeout });
			} catch {
				throw new Error(`did not see ${what}\n(looked for ${locator} for ${timeout / 1000} s)`);
			}
		},
		/** Waits until the locator's first match is hidden or gone. */
		async gone(locator, what, timeout = WAIT_MS) {
			try {
				await locator.first().waitFor({ state: 'hidden', timeout });
			} catch {
				throw new Error(`did not see ${what}\n(${locator} was still visible after ${timeout / 1000} s)`);
			}
		},
		/** Waits until check() returns true; fails saying what was awaited. */
		async waitUntil(check, what, timeout = WAIT_MS) {
			for (const until = Date.now() + timeout; Date.now() < until; await page.waitForTimeout(200)) {
				if (await check()) return;
			}
			throw new Error(`did not see ${what} within ${timeout / 1000} s`);
		},
		/** Waits until the input shows `expected`; fails saying what it showed instead. */
		async seeValue(locator, expected, what, timeout = WAIT_MS) {
			let value;
			const shows = async () => (value = await locator.inputValue({ timeout: 1000 }).catch(() => undefined)) === expected;
			await this.waitUntil(shows, what, timeout).catch(() => {
				throw new Error(`did not see ${what}\n(looked for "${expected}" in ${locator}; it showed ${JSON.stringify(value)})`);
			});
		},
		fail(message) {
			throw new Error(message);
		},
		/**
		 * Saves docs/images/<name>.png once animations have ended, without toasts. They come and go on their own
		 * timers (a toast shown after the rows, under a pointer left on an earlier toast's close button, stays
		 * open), so they are hidden for the picture, not waited for.
		 */
		async screenshot(name) {
			const hideToasts = await page.addStyleTag({ content: '.el-notification { display: none !important; }' });
			try {
				await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => {}))));
				await page.screenshot({ path: path.join(IMAGES, `${name}.png`) });
			} finally {
				await hideToasts.evaluate((style) => style.remove());
			}
		},
	};
}

let ui;
let chromium;
const { check, run } = suite('browser test', {
	stopAtFirstFailure: true, // each step starts where the one before it ended
	onFailure: async (name) => {
		const shot = path.join(FAILURES, `${name.replace(/\W+/g, '-').slice(0, 80)}.png`);
		await ui?.page.screenshot({ path: shot });
		process.stdout.write(`        screenshot: ${path.relative(ROOT, shot)}\n`);
	},
});

run(async () => {
	await check('the demo\'s n8n and Chromium start', async () => {
		ensureChromium((message) => process.stderr.write(`[browser] ${message}\n`));
		fs.rmSync(FAILURES, { recursive: true, force: true });
		fs.mkdirSync(FAILURES, { recursive: true });
		fs.mkdirSync(IMAGES, { recursive: true });
		const n8n = await prepareN8n({ name: 'browser', workflows: [EXAMPLES], publish: [MCP.workflowId] });
		const server = await startN8n(n8n.env, { owner: OWNER });
		chromium = await launchChromium(VIEWPORT);
		const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
		page.setDefaultTimeout(WAIT_MS);
		process.stderr.write(`[browser] n8n at ${server.url}, driving Chromium ${chromium.context.browser()?.version() ?? ''}\n`);
		ui = makeUi(page, server.url, n8n.sandbox);
	}, { always: true });
	try {
		for (const [name, step] of STEPS) await check(name, () => step(ui));
	} finally {
		await chromium?.close();
	}
});

'use strict';
// Debian's headless Chromium, driven by playwright-core (never a browser download: there is no internet).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
// Without these Chromium keeps trying to reach Google's services, and fails noisily on a closed network.
const QUIET_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Installs Debian's chromium package when it is missing and we are root; otherwise says how. */
function ensureChromium(log) {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (sudo apt-get update && sudo apt-get install -y chromium), then run again`);
	}
	log('installing Debian\'s chromium package (apt-get, once)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

/**
 * Starts headless Chromium with a fresh profile (a temporary --user-data-dir, which playwright takes as
 * launchPersistentContext's first argument); returns { context, close }.
 */
async function launchChromium(viewport) {
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks its elements with data-test-id
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'goproxies-chromium-'));
	const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: QUIET_FLAGS, viewport });
	const close = async () => {
		await context.close().catch(() => {});
		fs.rmSync(profile, { recursive: true, force: true });
	};
	return { context, close };
}

module.exports = { ensureChromium, launchChromium };

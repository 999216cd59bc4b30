import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { GoProxiesApi } from '../../credentials/GoProxiesApi.credentials';
import { GoProxiesStats } from '../../nodes/GoProxiesStats/GoProxiesStats.node';
import { GoProxiesTrigger } from '../../nodes/GoProxiesTrigger/GoProxiesTrigger.node';

// The documentation a user or maintainer reads: on GitHub, on npm (the README) and behind the Docs links
// of the nodes and the credential in n8n.
const root = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

const PAGES = [
	'README.md',
	'CONTRIBUTING.md',
	'BENCHMARKS.md',
	...readdirSync(resolve(root, 'docs'))
		.filter((file) => file.endsWith('.md'))
		.sort()
		.map((file) => `docs/${file}`),
];

/** The Markdown a reader sees as text: no fenced code blocks, inline code spans or HTML comments. */
function proseOf(markdown: string): string {
	let fence: string | undefined;
	const lines = markdown.split('\n').map((line) => {
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence === undefined && marker) {
			fence = marker;
			return '';
		}
		if (fence !== undefined) {
			if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
			return '';
		}
		return line;
	});
	return lines
		.join('\n')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?[^`]\1(?!`)/g, ''); // a code span ends within its paragraph
}

/** GitHub's anchor for a heading's text: its rendered text lower-cased, punctuation but - and _ dropped, spaces as -. */
function slugOf(heading: string): string {
	const text = heading
		.replace(/!?\[((?:[^[\]]|\[[^\]]*\])*)\]\([^)]*\)/g, '$1') // a link or image: its text
		.replace(/<[^>]+>/g, ''); // HTML tags
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a Markdown text has: its headings' slugs (a repeated one gets -1, -2…) and explicit `<a id|name>`. */
function anchorsOf(markdown: string): string[] {
	const anchors: string[] = [];
	let fence: string | undefined;
	for (const line of markdown.split('\n')) {
		const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (marker && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker))) {
			fence = fence === undefined ? marker : undefined;
			continue;
		}
		if (fence !== undefined) continue;
		const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
		if (heading !== undefined) {
			const slug = slugOf(heading);
			let unique = slug;
			for (let n = 1; anchors.includes(unique); n++) unique = `${slug}-${n}`;
			anchors.push(unique);
		}
		for (const [, id] of line.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.push(id);
	}
	return anchors;
}

/** Every link and image target of a Markdown text: inline links and images, reference definitions, HTML src and href. */
function targetsOf(markdown: string): string[] {
	const prose = proseOf(markdown);
	return [
		...[...prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(?:<([^>]*)>|([^)\s]*))(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)].map((m) => m[1] ?? m[2]),
		...[...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
		...[...prose.matchAll(/<(?:img|a|source)\b[^>]*?\s(?:src|href|srcset)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]),
	];
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with the relative links, images and anchors of one page (a path from the root). */
function brokenLinksOf(page: string): string[] {
	const broken: string[] = [];
	for (const target of targetsOf(read(page))) {
		if (isExternal(target)) continue; // not fetched
		const hash = target.indexOf('#');
		const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
		const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
		if (path === '' && anchor === undefined) {
			broken.push(`${target}: an empty link`);
			continue;
		}
		const file = path === '' ? resolve(root, page) : resolve(root, dirname(page), path);
		const inRepo = relative(root, file);
		if (inRepo.startsWith('..') || inRepo.startsWith(sep)) {
			broken.push(`${target}: outside the repository`);
			continue;
		}
		if (!existsSync(file)) {
			broken.push(`${target}: no such file (${inRepo})`);
			continue;
		}
		if (anchor === undefined) continue;
		if (!file.endsWith('.md')) {
			broken.push(`${target}: an anchor in a file that is not Markdown`);
			continue;
		}
		if (!anchorsOf(readFileSync(file, 'utf8')).includes(anchor)) broken.push(`${target}: no heading "#${anchor}" in ${inRepo}`);
	}
	return broken;
}

describe('links, images and anchors of the documentation', () => {
	test("anchors follow GitHub's rules for headings", () => {
		const markdown = [
			'# A b',
			'## A b',
			'## A b',
			'### `npm run test:queue`',
			'## In real n8n, against (`npm run bench:n8n`)',
			'## MCP clients (Claude Desktop, Cursor, …)',
			'## What "once" means',
			'## [Linked](x.md) heading_with_underscore',
			'```',
			'# not a heading',
			'```',
			'<a id="explicit"></a>',
		].join('\n');
		expect(anchorsOf(markdown)).toEqual([
			'a-b',
			'a-b-1',
			'a-b-2',
			'npm-run-testqueue',
			'in-real-n8n-against-npm-run-benchn8n',
			'mcp-clients-claude-desktop-cursor-',
			'what-once-means',
			'linked-heading_with_underscore',
			'explicit',
		]);
	});

	test('every kind of link and image is found, none inside code', () => {
		const markdown = [
			'[a](a.md) ![b](images/b.png "title") [c](<c d.md>) [e](#e) <img src="f.png" width="1"> <a href="g.md">g</a>',
			'[`code` in text](h.md#h) `[not](a-link.md)` <!-- [nor](this.md) -->',
			'```md',
			'[nor](in-a-fence.md)',
			'```',
			'[ref]: i.md',
		].join('\n');
		expect(targetsOf(markdown).sort()).toEqual(['#e', 'a.md', 'c d.md', 'f.png', 'g.md', 'h.md#h', 'i.md', 'images/b.png'].sort());
	});

	test.each(PAGES)('%s: every relative link and image leads to a file, every anchor to a heading', (page) => {
		expect(brokenLinksOf(page)).toEqual([]);
	});

	test('the README shows a picture from docs/images/', () => {
		expect(targetsOf(read('README.md')).some((target) => /^docs\/images\/[^/]+\.png$/.test(target))).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------------------
// The reference: every operation, event, parameter and choice of the nodes, on the page their Docs link opens.

const pkg = JSON.parse(read('package.json'));
const repository = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+?)\.git$/.exec(pkg.repository.url)?.[1];
/** Where a file of the repository is shown on GitHub; npm links to the same repository. */
const BLOB = `https://github.com/${repository}/blob/main/`;

/** The file under docs/ and the anchor a documentation URL points at, or what is wrong with it. */
function docsPageOf(url: string): { file: string; anchor?: string } {
	if (!url.startsWith(BLOB)) throw new Error(`${url} does not start with ${BLOB} (package.json's repository)`);
	const [file, anchor] = url.slice(BLOB.length).split('#');
	return { file, anchor };
}

type Codex = { resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation: Array<{ url: string }> } };

const NODES: Array<{ description: INodeTypeDescription; codex: Codex; choice: 'operation' | 'event' }> = [
	{ description: new GoProxiesStats().description, codex: JSON.parse(read('nodes/GoProxiesStats/GoProxiesStats.node.json')), choice: 'operation' },
	{ description: new GoProxiesTrigger().description, codex: JSON.parse(read('nodes/GoProxiesTrigger/GoProxiesTrigger.node.json')), choice: 'event' },
];

interface Choice {
	parameter: string;
	name: string;
	value: string;
}

/** Every parameter name of a node, also inside collections and fixed collections, and every choice of its option lists. */
function parametersOf(properties: INodeProperties[], names = new Set<string>(), choices: Choice[] = []) {
	for (const property of properties) {
		names.add(property.name);
		if (property.type === 'collection') {
			parametersOf(property.options as INodeProperties[], names, choices);
		} else if (property.type === 'fixedCollection') {
			for (const group of property.options as INodePropertyCollection[]) {
				names.add(group.name);
				parametersOf(group.values, names, choices);
			}
		} else if ((property.type === 'options' || property.type === 'multiOptions') && !property.typeOptions?.loadOptionsMethod) {
			for (const option of property.options as INodePropertyOptions[]) {
				choices.push({ parameter: property.name, name: option.name, value: String(option.value) });
			}
		}
	}
	return { names: [...names], choices };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether the text names `name` in backticks, alone or as part of a path such as `filters.country`. */
const backticked = (text: string, name: string) => new RegExp(`\`(?:[\\w$]+\\.)*${escape(name)}(?:\\.[\\w$]+)*\``).test(text);

describe.each(NODES.map((node) => [node.description.displayName, node] as const))('%s', (_name, { description, codex, choice }) => {
	const { file } = docsPageOf(codex.resources.primaryDocumentation[0].url);
	const page = () => read(file);
	const { names, choices } = parametersOf(description.properties);

	test(`its Docs link (the codex's primaryDocumentation) opens a page under docs/ that exists, at a heading it has`, () => {
		expect(repository).toBeTruthy();
		expect(codex.resources.primaryDocumentation).toHaveLength(1);
		const { anchor } = docsPageOf(codex.resources.primaryDocumentation[0].url);
		expect(file).toMatch(/^docs\/[^/]+\.md$/);
		expect(existsSync(resolve(root, file))).toBe(true);
		if (anchor !== undefined) expect(anchorsOf(page())).toContain(anchor);
	});

	test(`every ${choice} is on that page by its name and its value, on one line`, () => {
		const options = choices.filter(({ parameter }) => parameter === choice);
		expect(options.length).toBeGreaterThan(0);
		const lines = proseOrTables(page()).split('\n');
		const missing = options.filter(({ name, value }) => !lines.some((line) => line.includes(name) && line.includes(`\`${value}\``)));
		expect(missing).toEqual([]);
	});

	test('every parameter is on that page by its name in backticks', () => {
		expect(names).toEqual(expect.arrayContaining([choice, 'filters', 'options']));
		expect(names.filter((name) => !backticked(page(), name))).toEqual([]);
	});

	test('every choice of its option lists is on that page in backticks', () => {
		const missing = choices.filter(({ value }) => !backticked(page(), value)).map(({ parameter, value }) => `${parameter}: ${value}`);
		expect(missing).toEqual([]);
	});
});

/** A page without its fenced code blocks (but with inline code, which names values). */
function proseOrTables(markdown: string): string {
	return markdown.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1[ \t]*$/gm, '');
}

describe('the credential', () => {
	const credential = new GoProxiesApi();

	test("its documentationUrl and both codex files' credentialDocumentation point to one heading of a page under docs/", () => {
		const urls = [credential.documentationUrl, ...NODES.flatMap(({ codex }) => codex.resources.credentialDocumentation.map(({ url }) => url))];
		expect(new Set(urls).size).toBe(1);
		const { file, anchor } = docsPageOf(credential.documentationUrl);
		expect(file).toMatch(/^docs\/[^/]+\.md$/);
		expect(existsSync(resolve(root, file))).toBe(true);
		expect(anchor).toBeTruthy();
		expect(anchorsOf(read(file))).toContain(anchor);
	});
});

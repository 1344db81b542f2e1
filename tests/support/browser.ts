import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { copyBuild, removeDir, startServer, type TestServer } from './server.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

function ensureChromium(): void {
	if (!existsSync(chromiumPath)) {
		throw new Error(`Chromium is missing at ${chromiumPath}: install it with \`apt-get install chromium\` (CI does this in .ci/run).`);
	}
}

/** Debian's Chromium, launched as the project's browser tests always launch it. */
export async function launchBrowser(): Promise<Browser> {
	ensureChromium();
	return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * A browser with a real profile on disk (not incognito), for what only a profile can do, such as
 * being installable. Close the context and remove the directory when done.
 */
export async function launchProfile(userDataDir: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	ensureChromium();
	return chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, args: chromiumArgs, ...options });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core in the page (WCAG 2.1 A and AA rules) and returns its violations. axe is added to
 * a document once (parsing it costs more than a run): a page checked again in another state,
 * without a full load in between, runs the same copy.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
		return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
	});
}

/** axe's violations, one readable line each (where, rule, help, the elements), empty when there are none. */
export async function axeFindings(page: Page, where = ''): Promise<string[]> {
	return (await axeViolations(page)).map((v) => `${where ? `${where}: ` : ''}${v.id} ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails the test with every violation axe finds on the page, named by `where`. */
export async function axeClean(page: Page, where: string): Promise<void> {
	expect(await axeFindings(page, where)).toEqual([]);
}

/** Waits until the page is controlled by an activated service worker. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
		}
	});
}

/**
 * One browser and one real server on a copy of the production build, for a test file: started
 * before its tests, closed, stopped and removed after them. `ready` receives them once running
 * (e.g. `({ browser, server } = app)` into the file's own variables).
 */
export function browserSuite(ready: (app: { browser: Browser; server: TestServer; appDir: string }) => void): void {
	let appDir: string | undefined;
	let server: TestServer | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		appDir = copyBuild();
		server = await startServer({ appDir });
		browser = await launchBrowser();
		ready({ browser, server, appDir });
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		removeDir(server?.dataDir ?? '');
		removeDir(appDir ?? '');
	});
}

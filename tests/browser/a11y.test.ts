import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, waitForServiceWorker } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';

/** Every prerendered page of the build, so a new page is checked without anyone listing it. */
function prerenderedRoutes(appDir: string): string[] {
	const dir = join(appDir, 'prerendered');
	const routes: string[] = [];
	const walk = (d: string) => {
		for (const entry of readdirSync(d, { withFileTypes: true })) {
			const path = join(d, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (entry.name.endsWith('.html')) {
				const route = '/' + relative(dir, path).replace(/\.html$/, '').replace(/(^|\/)index$/, '');
				routes.push(route);
			}
		}
	};
	walk(dir);
	return routes.sort();
}

/** What the page shows: the body's markup without its scripts (which name the route's modules). */
function renderedContent(page: Page): Promise<string> {
	return page.evaluate(() => {
		const body = document.body.cloneNode(true) as HTMLElement;
		body.querySelectorAll('script').forEach((script) => script.remove());
		return body.innerHTML;
	});
}

let browser: Browser;
let server: TestServer;
let routes: string[];
browserSuite((app) => {
	({ browser, server } = app);
	routes = prerenderedRoutes(app.appDir);
});

describe('accessibility (axe, WCAG 2.1 A/AA and best practices)', () => {
	it('finds the pages to check', () => {
		expect(routes).toEqual(expect.arrayContaining(['/', '/about', '/emergency', '/settings']));
	});

	for (const locale of ['es-CL', 'en', 'pt-BR']) {
		it(`reports zero violations on every page in ${locale}, online and offline`, async () => {
			const context = await browser.newContext({ locale });
			const page = await context.newPage();
			const found: string[] = [];
			let checked = 0;
			for (const offline of [false, true]) {
				if (offline) {
					await waitForServiceWorker(page);
					await context.setOffline(true);
				}
				// Pages that render the very same content are checked once per mode: signed out, every
				// page of the console shows its sign-in page (offline, its "cannot reach" card).
				const seen = new Set<string>();
				for (const route of routes) {
					await page.goto(server.url + route);
					await page.locator('main h1').first().waitFor();
					// Offline, the page must show (and axe must check) the offline notice too.
					if (offline) await page.getByTestId('offline-notice').waitFor();
					if ((route === '/ops' || route.startsWith('/ops/')) && route !== '/ops/sign-in' && !offline) await page.waitForURL((url) => url.pathname === '/ops/sign-in');
					const content = await renderedContent(page);
					if (seen.has(content)) continue;
					seen.add(content);
					checked++;
					for (const v of await axeViolations(page)) {
						found.push(`${route}${offline ? ' (offline)' : ''}: ${v.id} — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
					}
				}
			}
			await context.close();
			expect(found).toEqual([]);
			// Every page outside the console has content of its own, online and offline.
			expect(checked).toBeGreaterThanOrEqual(2 * routes.filter((r) => !r.startsWith('/ops')).length);
		});
	}
});

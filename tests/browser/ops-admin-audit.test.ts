import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeClean, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { decide, staffCookie } from '../integration/reports-support.ts';

/**
 * The admins' record of decisions (issue 16, item 5), in Chromium against the production build:
 * an operator decides over the API, the admin reads it in the console, filters and downloads it.
 */
let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

async function consoleAs(username: string, locale: string): Promise<Page> {
	const [name, value] = (await staffCookie(server, username)).split('=') as [string, string];
	const context = await browser.newContext({ locale, acceptDownloads: true });
	await context.addCookies([{ name, value, url: server.url }]);
	return context.newPage();
}

describe('the record of decisions', () => {
	it('shows the admin who decided what, filters it, downloads it as CSV, and axe finds nothing', async () => {
		const response = await fetch(`${server.url}/api/reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: randomUUID(), category: 'streetlight_out', description: 'Luminaria apagada', location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() })
		});
		const { incidentId } = (await response.json()) as { incidentId: string };
		expect((await decide(server, await staffCookie(server, 'operator@providencia'), { incidentId, status: 'acknowledged' })).status).toBe(200);

		const page = await consoleAs('admin@providencia', 'en');
		await page.goto(`${server.url}/ops/admin`);
		await page.getByRole('link', { name: 'Record of decisions' }).first().click();
		await page.getByRole('heading', { level: 1, name: 'Record of decisions' }).waitFor();
		const row = page.getByTestId('audit-entry').filter({ has: page.locator(`a[href$="${incidentId}"]`) });
		await row.waitFor();
		expect(await row.getAttribute('data-action')).toBe('acknowledged');
		expect(await row.textContent()).toContain('Received → Acknowledged');
		await axeClean(page, 'record (en)');

		// Only staff changes: the incident's decision is not among them.
		await page.getByTestId('audit-kind').selectOption('staff');
		await page.getByRole('button', { name: 'Apply' }).click();
		await page.getByRole('status').getByText(/decisions/).waitFor();
		await expect.poll(() => page.getByTestId('audit-entry').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-kind')))])).not.toContain('incident');

		// Nothing from tomorrow on: the empty state.
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		await page.getByTestId('audit-kind').selectOption('');
		await page.getByLabel('From').fill(tomorrow);
		await page.getByRole('button', { name: 'Apply' }).click();
		await page.getByTestId('audit-empty').waitFor();

		// The CSV of the incidents' decisions.
		await page.getByLabel('From').fill('');
		await page.getByTestId('audit-kind').selectOption('incident');
		const download = page.waitForEvent('download');
		await page.getByTestId('audit-csv').click();
		const csv = readFileSync((await (await download).path()) as string, 'utf8');
		expect(csv.split('\r\n')[0]).toBe('at,kind,action,actor,subject,reason,replaced,result');
		expect(csv).toContain(`,incident,acknowledged,`);
		await page.context().close();
	});

	it('is refused to an operator, with a page that says so; axe finds nothing there in es-CL', async () => {
		const page = await consoleAs('operator@providencia', 'es-CL');
		await page.goto(`${server.url}/ops/admin/audit`);
		await page.getByTestId('admin-only').waitFor();
		expect(await page.getByTestId('audit-table').count()).toBe(0);
		await axeClean(page, 'admin only (es-CL)');
		await page.context().close();
	});
});

import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { openResident } from '../support/residents.ts';
import { demoSession } from '../support/demo-staff.ts';

/**
 * Issue 17, item 3 (Settings) and item 7's browser test: an admin of Providencia hides a category
 * and renames the security line in the console's settings screen; a resident's device shows the
 * change after a sync, and still offline after a reload. Then the municipality's own words: its
 * first answer reaches a resident's timeline, and its wording of a template is what the console
 * prefills.
 */

let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

async function adminAtSettings(): Promise<Page> {
	const token = await demoSession(server, 'admin@providencia');
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
	await context.addCookies([{ name: 'cuadra_session', value: token, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/ops/admin/settings`);
	await page.getByTestId('settings-form').waitFor();
	return page;
}

/** The label Providencia's security line has in English in what every device fetches. */
async function securityLabelServed(): Promise<string | undefined> {
	const config = (await (await fetch(`${server.url}/api/config`)).json()) as { municipalities: { id: string; emergencyNumbers: { id: string; label: { en: string } }[] }[] };
	return config.municipalities.find((m) => m.id === 'providencia')?.emergencyNumbers.find((n) => n.id === 'providencia-security')?.label.en;
}

/** What the resident's device shows: the security line on the emergency screen, and whether the report flow offers the category. */
async function residentSees(page: Page, category: string): Promise<{ municipal: string; offered: boolean }> {
	await page.goto(`${server.url}/emergency`);
	const municipal = (await page.getByTestId('municipal-numbers').textContent()) ?? '';
	await page.goto(`${server.url}/reports/new`);
	await page.getByRole('heading', { name: 'What is happening?' }).waitFor();
	return { municipal, offered: (await page.getByRole('button', { name: category, exact: true }).count()) > 0 };
}

describe('the settings screen', () => {
	it('refuses a problem beside its field, saves a hidden category and a renamed security line, and a resident sees them after a sync and offline', async () => {
		const { context: residentContext, page: resident } = await openResident(browser, server.url);
		expect(await residentSees(resident, 'Suspicious activity')).toMatchObject({ offered: true, municipal: expect.stringContaining('Providencia security') });

		const admin = await adminAtSettings();
		expect((await axeViolations(admin)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		const line = admin.getByRole('group', { name: 'Security line', exact: true });
		const english = line.getByLabel('Name in English');
		const preview = admin.getByTestId('settings-preview');

		// An empty required label: said beside the field and in the summary, and nothing is sent.
		await english.fill('');
		await admin.getByRole('button', { name: 'Save changes' }).click();
		const summary = admin.getByTestId('settings-problems');
		await summary.getByRole('link', { name: 'Security line: Name in English: Write something here.' }).waitFor();
		expect(await english.getAttribute('aria-invalid')).toBe('true');
		expect(await line.getByTestId('field-problem').textContent()).toContain('Write something here.');
		expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('settings-problems');
		await summary.getByRole('link').first().click();
		expect(await english.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await securityLabelServed()).toBe('Providencia security');

		// The fix, a hidden category: the preview (the resident app's own components) follows before saving.
		await english.fill('Providencia safety line');
		await admin.getByRole('group', { name: 'Suspicious activity', exact: true }).getByLabel('Hidden: not offered').check();
		await expect.poll(() => summary.count()).toBe(0);
		await expect.poll(() => preview.getByTestId('preview-numbers').textContent()).toContain('Providencia safety line');
		expect(await preview.getByRole('button', { name: 'Suspicious activity', exact: true }).count()).toBe(0);
		expect(await preview.getByRole('button', { name: 'Robbery', exact: true }).count()).toBe(1);
		await admin.getByLabel('Reason for the change (optional)').fill('Nuevo nombre de la central');
		await admin.getByRole('button', { name: 'Save changes' }).click();
		await admin.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
		expect(await securityLabelServed()).toBe('Providencia safety line');
		expect((await axeViolations(admin)).map((v) => v.id)).toEqual([]);
		await admin.context().close();

		// The resident's next sync (the app's start) brings the change; the device's copy works offline.
		await resident.reload();
		await expect.poll(() => residentSees(resident, 'Suspicious activity'), { timeout: 10_000 }).toMatchObject({ offered: false, municipal: expect.stringContaining('Providencia safety line') });
		await residentContext.setOffline(true);
		await resident.reload();
		expect(await residentSees(resident, 'Suspicious activity')).toMatchObject({ offered: false, municipal: expect.stringContaining('Providencia safety line') });
		expect(await resident.getByRole('button', { name: 'Robbery', exact: true }).count()).toBe(1);
		await residentContext.close();
	}, 60_000);

	it('uses the municipality’s own first answer on a new report’s timeline, and its own wording of a template in the console', async () => {
		const admin = await adminAtSettings();
		const answer = ['Recibimos tu aviso; el turno de noche lo lee.', 'We got your report; the night shift reads every one.', 'Recebemos o seu aviso; o turno da noite lê todos.'];
		const own = ['Tomamos tu aviso: lo vemos con la cuadrilla.', 'We took your report: the crew will look at it.', 'Pegamos o seu aviso: a equipe vai ver.'];
		const fillAll = async (scope: ReturnType<Page['getByRole']>, texts: string[]) => {
			const boxes = scope.getByRole('textbox');
			expect(await boxes.count()).toBe(3);
			for (const [i, text] of texts.entries()) await boxes.nth(i).fill(text);
		};
		await fillAll(admin.getByRole('group', { name: 'Automatic first answer', exact: true }), answer);
		// Streetlights are a neighbourhood matter: the console prefills "we review it with the team".
		const template = admin.locator('details').filter({ has: admin.locator('summary', { hasText: 'An operator has taken your report. We will review it with the right team and tell you here.' }) });
		await template.locator('summary').click();
		await fillAll(template, own);
		await template.locator('summary').getByText('(your own)').waitFor();
		await admin.getByRole('button', { name: 'Save changes' }).click();
		await admin.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
		expect((await axeViolations(admin)).map((v) => v.id)).toEqual([]);
		await admin.context().close();

		// A resident reports; anyone opening it reads the municipality's first answer, with its hours.
		const reportId = randomUUID();
		const sent = await fetch(`${server.url}/api/reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: reportId, category: 'streetlight_out', description: 'The light by the bakery is out.', location: { kind: 'point', point: [-70.6088, -33.4215], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() })
		});
		expect(sent.status, await sent.clone().text()).toBe(201);
		const { incidentId } = (await sent.json()) as { incidentId: string };
		const { context: residentContext, page: resident } = await openResident(browser, server.url);
		await resident.goto(`${server.url}/reports/view?id=${reportId}`);
		const first = resident.getByTestId('report-timeline').locator('[data-type="auto_answer"]');
		await first.waitFor({ timeout: 20_000 });
		expect(await first.locator('strong').textContent()).toBe('Automatic answer');
		expect(await first.getByTestId('timeline-text').textContent()).toBe(`${answer[1]} We are staffed 24/7.`);
		await residentContext.close();

		// The operator acknowledges it: the municipality's wording is prefilled, in the operator's language.
		const desk = await browser.newContext({ locale: 'en' });
		await desk.addCookies([{ name: 'cuadra_session', value: await demoSession(server, 'operator@providencia'), url: server.url }]);
		const page = await desk.newPage();
		await page.goto(`${server.url}/ops/incident?id=${incidentId}`);
		await page.getByTestId('ops-decide-acknowledge').click();
		await expect.poll(() => page.getByTestId('ops-ack-text').inputValue()).toBe(own[1]);
		await desk.close();
	}, 60_000);
});

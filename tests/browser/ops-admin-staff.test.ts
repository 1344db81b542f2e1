import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeClean, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { staffCookie } from '../integration/reports-support.ts';

/**
 * Issue 17, item 3: the admin area's Staff and Organisations screens, and an organisation's
 * account reporting on a resident's behalf. A real server on the production build, Debian's Chromium.
 */

let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

/** Providencia's demo admin, signed in over HTTP, at `path`, on a desk-sized screen. */
async function admin(path: string): Promise<Page> {
	const [name, value] = (await staffCookie(server, 'admin@providencia')).split('=') as [string, string];
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(server.url + path);
	return page;
}

/** Someone signs in with the console's form, in a browser of their own. */
async function signInAs(username: string, password: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(server.url + '/ops/sign-in');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	return page;
}

const password = async (page: Page) => (await page.getByTestId('admin-password-value').textContent())?.trim() ?? '';

describe('the admin screens for staff and organisations', () => {
	it('an admin adds an operator, who signs in with the one-time password; resets and removes them, confirmed; the log says so', async () => {
		const page = await admin('/ops/admin/staff');
		await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
		await page.getByTestId('admin-member').first().waitFor();
		// Her own row offers neither a reset nor a removal.
		const own = page.locator('[data-testid="admin-member"][data-username="admin@providencia"]');
		expect(await own.getByRole('button').count()).toBe(0);
		await axeClean(page, 'staff');

		await page.getByTestId('admin-add-username').fill('pedro@providencia');
		await page.getByTestId('admin-add-name').fill('Pedro Soto');
		await page.getByTestId('admin-add-role').selectOption('operator');
		await page.getByTestId('admin-add-submit').click();
		await page.getByRole('status').getByText('Pedro Soto was added.').waitFor();
		await page.getByRole('heading', { name: 'One-time password for pedro@providencia' }).waitFor();
		expect(await page.getByTestId('admin-password').textContent()).toContain('It is shown only this once.');
		const first = await password(page);
		expect(first).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
		await axeClean(page, 'staff, with a one-time password');

		const pedro = await signInAs('pedro@providencia', first);
		await pedro.getByRole('heading', { name: 'Incident queue' }).waitFor();

		// The same username again is refused, in words.
		await page.getByTestId('admin-password-done').click();
		expect(await page.getByTestId('admin-password').count()).toBe(0);
		await page.getByTestId('admin-add-username').fill('pedro@providencia');
		await page.getByTestId('admin-add-submit').click();
		await page.getByRole('alert').getByText('That username is taken').waitFor();

		const row = page.locator('[data-testid="admin-member"][data-username="pedro@providencia"]');
		await row.getByRole('button', { name: 'Reset the password of Pedro Soto' }).click();
		const dialog = page.getByTestId('ops-confirm');
		expect(await dialog.textContent()).toContain('Reset the password of Pedro Soto (pedro@providencia)?');
		await dialog.getByRole('button', { name: 'Yes, reset' }).click();
		await page.getByRole('status').getByText('The password of Pedro Soto was reset.').waitFor();
		const second = await password(page);
		expect(second).not.toBe(first);

		await row.getByRole('button', { name: 'Remove Pedro Soto' }).click();
		expect(await dialog.textContent()).toContain('Remove Pedro Soto (pedro@providencia)?');
		await dialog.getByRole('button', { name: 'Yes, remove' }).click();
		await page.getByRole('status').getByText('Pedro Soto was removed.').waitFor();
		await row.waitFor({ state: 'detached' });
		// The password of the reset went with the next change.
		expect(await page.getByTestId('admin-password').count()).toBe(0);

		const log = page.getByTestId('admin-log-entry');
		await log.first().getByText('removed pedro@providencia as Operator').waitFor();
		const lines = (await log.allTextContents()).slice(0, 3).map((line) => line.replace(/^.*?admin@providencia/, 'admin@providencia'));
		expect(lines).toEqual(['admin@providencia' + 'removed pedro@providencia as Operator', 'admin@providencia' + 'reset the password of pedro@providencia', 'admin@providencia' + 'added pedro@providencia as Operator']);
		await pedro.context().close();
		await page.context().close();
	});

	it("an admin adds an organisation's account, which signs in to report on a resident's behalf only; its report is counted", async () => {
		const page = await admin('/ops/admin/organisations');
		await page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor();
		await page.getByTestId('admin-people-empty').waitFor();
		await axeClean(page, 'organisations, none yet');
		await page.getByTestId('admin-add-name').fill('Junta de Vecinos 12');
		await page.getByTestId('admin-add-username').fill('junta12@providencia');
		await page.getByTestId('admin-add-submit').click();
		await page.getByRole('status').getByText('Junta de Vecinos 12 was added.').waitFor();
		const secret = await password(page);

		// Signed in, it lands on the on-behalf form: no queue, no admin area.
		const junta = await signInAs('junta12@providencia', secret);
		await junta.waitForURL(/\/ops\/new$/);
		await junta.getByRole('heading', { name: 'Report for a resident', level: 1 }).waitFor();
		await junta.getByTestId('ops-nav-on-behalf').waitFor();
		expect(await junta.getByRole('link', { name: 'Queue' }).count()).toBe(0);
		expect(await junta.getByTestId('ops-nav-admin').count()).toBe(0);
		expect(await junta.getByTestId('ops-new-phone').count()).toBe(0);
		await junta.getByTestId('ops-new-category').selectOption({ index: 1 });
		await junta.getByTestId('ops-new-description').fill('Una vecina mayor avisa: luminaria apagada en el pasaje');
		await junta.getByTestId('ops-new-where-place').check();
		await junta.getByTestId('ops-new-place').fill('Pasaje Los Aromos 45');
		await junta.getByTestId('ops-new-caller').fill('+56 9 7777 1234');
		await junta.getByTestId('ops-new-submit').click();
		await junta.getByTestId('ops-new-sent').getByText('Report sent').waitFor();
		await axeClean(junta, 'on-behalf form of an organisation');
		// The queue is not for it: asking for it sends it back to the form.
		await junta.goto(server.url + '/ops');
		await junta.waitForURL(/\/ops\/new$/);
		await junta.context().close();

		await page.reload();
		const row = page.locator('[data-testid="admin-member"][data-username="junta12@providencia"]');
		// The list and the counts load each on their own: the count shows once they both have.
		await page.getByTestId('admin-channel-organisation').waitFor();
		expect(await row.getByTestId('admin-member-reports').textContent()).toBe('1');
		expect(await page.getByTestId('admin-channel-organisation').textContent()).toMatch(/Neighbourhood organisation\s*1$/);
		await page.getByTestId('admin-log-entry').first().getByText('added junta12@providencia as Organisation').waitFor();
		await axeClean(page, 'organisations, one account');

		await row.getByRole('button', { name: 'Remove Junta de Vecinos 12' }).click();
		await page.getByTestId('ops-confirm').getByRole('button', { name: 'Yes, remove' }).click();
		await page.getByRole('status').getByText('Junta de Vecinos 12 was removed.').waitFor();
		await page.getByTestId('admin-people-empty').waitFor();
		await page.context().close();
	});
});

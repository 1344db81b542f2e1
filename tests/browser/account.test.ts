import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { openResident } from '../support/residents.ts';

let browser: Browser;
let server: TestServer;
let context: BrowserContext;
let page: Page;
let userId: string;


const section = () => page.getByTestId('account-data');
const status = (page: Page) => page.evaluate(async () => (await fetch('/api/auth/me')).status);

describe('Settings: download my data, delete my account', () => {
	beforeAll(async () => {
		server = await startServer();
		browser = await launchBrowser();
		({ context, page } = await openResident(browser, server.url));
		// The device signs in the way the app does (its secret in localStorage) and gives a display name.
		userId = await page.evaluate(async () => {
			const bytes = crypto.getRandomValues(new Uint8Array(32));
			const secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
			localStorage.setItem('cuadra.device-secret', secret);
			const signIn = await fetch('/api/auth/resident', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret, municipalityId: 'providencia' }) });
			const { user } = (await signIn.json()) as { user: { id: string } };
			localStorage.setItem('cuadra.user', JSON.stringify(user));
			await fetch('/api/auth/me', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Rosa' }) });
			return user.id;
		});
		await page.goto(`${server.url}/settings`);
		await section().getByRole('heading', { name: 'Your account and your data' }).waitFor();
	}, 120_000);

	afterAll(async () => {
		await context?.close();
		await browser?.close();
		await server?.stop();
	});

	it('is accessible', async () => {
		expect(await axeFindings(page)).toEqual([]);
	});

	it('downloads everything the server keeps as a JSON file', async () => {
		const [download] = await Promise.all([page.waitForEvent('download'), section().getByRole('button', { name: 'Download my data' }).press('Enter')]);
		expect(download.suggestedFilename()).toMatch(/^cuadra-my-data-\d{4}-\d{2}-\d{2}\.json$/);
		const data = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
		expect(data.account).toMatchObject({ id: userId, kind: 'resident', displayName: 'Rosa' });
		expect(data.memberships).toEqual([{ municipalityId: 'providencia', role: 'resident' }]);
		await expect.poll(() => page.getByTestId('account-export-status').textContent()).toMatch(/^Done: cuadra-my-data-.*\.json was downloaded\.$/);
	});

	it('says “no connection” offline, and takes it back when the connection returns', async () => {
		const exportStatus = page.getByTestId('account-export-status');
		await context.setOffline(true);
		await section().getByRole('button', { name: 'Download my data' }).press('Enter');
		await expect.poll(() => exportStatus.textContent()).toBe('No connection. Try again when you are online.');
		await context.setOffline(false);
		await expect.poll(() => exportStatus.textContent()).toBe('');
	});

	it('asks for confirmation, says it cannot be undone, and cancelling deletes nothing', async () => {
		await section().getByRole('button', { name: 'Delete my account…' }).press('Enter');
		const confirm = section().getByRole('group', { name: 'Delete your account for good?' });
		await confirm.waitFor();
		await expect.poll(() => confirm.getByText('This cannot be undone.').isVisible()).toBe(true);
		// Focus moves to the question, so a screen reader reads it first.
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-delete-title');
		expect(await axeFindings(page)).toEqual([]);
		await confirm.getByRole('button', { name: 'Cancel' }).press('Enter');
		await confirm.waitFor({ state: 'detached' });
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete my account…');
		expect(await status(page)).toBe(200);
	});

	it('deletes the account after confirmation and resets this device', async () => {
		// The device holds account data before (the home page's reports database among it).
		expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('cuadra-reports');
		// A report kept on this phone (a refused practice one, so the outbox leaves it alone) must not survive.
		await page.evaluate(
			() =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('cuadra-reports');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const db = open.result;
						const tx = db.transaction('mine', 'readwrite');
						const savedAt = new Date().toISOString();
						tx.objectStore('mine').put({
							id: '00000000-0000-4000-8000-00000000d00d',
							input: { id: '00000000-0000-4000-8000-00000000d00d', category: 'robbery', description: 'x', location: { kind: 'place', text: 'Plaza' }, consentToCall: false, reportedAt: savedAt },
							practice: true,
							state: 'refused',
							municipality: 'providencia',
							refusal: { code: 'unknown', message: 'x' },
							attempts: 0,
							nextAttemptAt: 0,
							savedAt,
							published: null
						});
						tx.oncomplete = () => (db.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
				})
		);
		await section().getByRole('button', { name: 'Delete my account…' }).press('Enter');
		await Promise.all([page.waitForURL(/\/settings/), section().getByRole('button', { name: 'Yes, delete my account' }).press('Enter')]);
		await expect.poll(() => page.getByTestId('account-delete-status').textContent(), { timeout: 15_000 }).toBe('Your account was deleted. This phone starts fresh.');
		expect(page.url()).not.toContain('account-deleted');
		const device = await page.evaluate(async () => ({
			secret: localStorage.getItem('cuadra.device-secret'),
			user: localStorage.getItem('cuadra.user'),
			databases: (await indexedDB.databases()).map((d) => d.name)
		}));
		expect(device.secret).toBeNull();
		expect(device.user).toBeNull();
		// The old reports database is gone. The page that loads after the reset may open a new, empty
		// one at once (the outbox starts on every page), so what counts is that no report survived.
		const reportsLeft = device.databases.includes('cuadra-reports')
			? await page.evaluate(
					() =>
						new Promise<number>((resolve, reject) => {
							const open = indexedDB.open('cuadra-reports');
							open.onerror = () => reject(open.error);
							open.onsuccess = () => {
								const db = open.result;
								if (!db.objectStoreNames.contains('mine')) return (db.close(), resolve(0));
								const count = db.transaction('mine').objectStore('mine').count();
								count.onsuccess = () => (db.close(), resolve(count.result));
								count.onerror = () => reject(count.error);
							};
						})
				)
			: 0;
		expect(reportsLeft).toBe(0);
		// Signed out, and the old account is gone on the server.
		expect(await status(page)).toBe(401);
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare('select count(*) n from user where id = ?').get(userId)).toEqual({ n: 0 });
		} finally {
			db.close();
		}
		expect(await axeFindings(page)).toEqual([]);
	});
});

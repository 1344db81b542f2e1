import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, waitForServiceWorker } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { setPractice } from '../support/practice.ts';
import { holdPanic } from '../support/report-flow.ts';

/** Inside Providencia (demo data), whose security line is 1414. */
const here = { latitude: -33.4255, longitude: -70.6128 };
const coordinates = '-33.42550,-70.61280';

let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

/** The operator queue as the server stored it. */
function panicRows(): { id: string; municipality_id: string; claimed_at: string; received_at: string; latitude: number }[] {
	const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare('select * from panic_alert').all() as never;
	} finally {
		db.close();
	}
}

/** When each stored contacts backup was last uploaded (the server cannot read more than that). */
function backupUpdates(): string[] {
	const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return (db.prepare('select updated_at from emergency_backup order by updated_at').all() as { updated_at: string }[]).map((r) => r.updated_at);
	} finally {
		db.close();
	}
}

/** The alerts waiting on the device, read from IndexedDB. */
function deviceOutbox(page: Page): Promise<{ id: string; alert: { claimedAt: string; location: { latitude: number } | null } }[]> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('cuadra-emergency');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const all = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
					all.onsuccess = () => {
						db.close();
						resolve(all.result);
					};
				};
			})
	);
}



describe('the emergency screen, with contacts, offline', () => {
	let context: BrowserContext;
	let page: Page;
	const panicRequests: string[] = [];

	beforeAll(async () => {
		context = await browser.newContext({ locale: 'es-CL', serviceWorkers: 'allow', geolocation: here, permissions: ['geolocation'] });
		context.on('request', (request) => {
			if (new URL(request.url()).pathname === '/api/panic') panicRequests.push(request.method());
		});
		// Time runs as usual; only the last test, past every check of a time, jumps it (holdPanic).
		await context.clock.install();
		page = await context.newPage();
	});

	afterAll(async () => {
		await context?.close();
	});

	it('a new resident lands in practice mode, chooses a municipality and keeps contacts on the device', async () => {
		await page.goto(server.url + '/emergency');
		await waitForServiceWorker(page);

		// A new resident lands in practice mode, and no municipality is chosen yet.
		await expect.poll(() => page.locator('[data-testid="practice-switch"][data-loaded="true"]').getAttribute('data-practice')).toBe('on');
		await page.locator('#municipality').waitFor();
		expect(await page.getByTestId('municipal-unknown').isVisible()).toBe(true);
		await page.locator('#municipality').selectOption('providencia');
		await page.getByRole('button', { name: 'Guardar', exact: true }).click();
		await page.getByTestId('municipal-numbers').waitFor();

		// Two contacts, added through the form; a third is added, deleted with confirmation, and restored with undo.
		await page.goto(server.url + '/emergency/contacts');
		await page.getByTestId('contacts-empty').waitFor();
		await page.locator('#add-name').fill('');
		await page.locator('#add-phone').fill('12ab');
		await page.getByRole('button', { name: 'Guardar contacto' }).click();
		await page.locator('#add-name-error').waitFor();
		expect(await page.locator('#add-phone-error').textContent()).toMatch(/número de teléfono/);
		const people: [string, string][] = [
			['Marta', '+56 9 1111 2222'],
			['Luis', '9 3333 4444'],
			['Rosa', '+56 2 2555 6666']
		];
		for (const [name, phone] of people) {
			await page.locator('#add-name').fill(name);
			await page.locator('#add-phone').fill(phone);
			await page.getByRole('button', { name: 'Guardar contacto' }).click();
			await expect.poll(() => page.locator('#add-name').inputValue()).toBe('');
		}
		await expect.poll(() => page.getByTestId('contact').count()).toBe(3);
		await page.getByRole('button', { name: 'Borrar a Rosa' }).click();
		await page.getByTestId('contact-delete-yes').click();
		await expect.poll(() => page.getByTestId('contact').count()).toBe(2);
		await page.getByTestId('contact-undo').click();
		await expect.poll(() => page.getByTestId('contact').count()).toBe(3);
		await page.getByRole('button', { name: 'Borrar a Rosa' }).click();
		await page.getByTestId('contact-delete-yes').click();
		await expect.poll(() => page.getByTestId('contact').count()).toBe(2);

		// Airplane mode from here on.
		await context.setOffline(true);
		await page.goto(server.url + '/emergency');
		await page.getByTestId('national-numbers').waitFor();
	});

	it('shows the municipality’s and the national numbers after a reload, as tel: links', async () => {
		await page.reload();
		await page.getByTestId('municipal-numbers').waitFor();
		const hrefs = await page.getByTestId('emergency-number').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		expect(hrefs).toEqual(['tel:1414', 'tel:131', 'tel:132', 'tel:133', 'tel:134']);
		expect(await page.getByTestId('emergency-number').first().textContent()).toContain('Seguridad Providencia');
		// The contacts are on the device too.
		expect(await page.getByTestId('contacts-count').textContent()).toContain('2');
	});

	it('in practice goes through every step and sends nothing', async () => {
		await setPractice(page, true);
		await holdPanic(page);
		await page.locator('[data-testid="panic-result"][data-mode="practice"]').waitFor();
		expect(await page.getByTestId('practice-message').textContent()).toContain(coordinates);
		expect(await page.locator('a[href^="sms:"]').count()).toBe(0);
		expect(await deviceOutbox(page)).toEqual([]);
		expect(panicRequests).toEqual([]);
		await page.getByRole('button', { name: 'Cerrar' }).click();
	});

	it('cancelling within the countdown sends nothing', async () => {
		await setPractice(page, false);
		await holdPanic(page);
		await page.getByTestId('panic-cancel').click();
		await page.getByTestId('panic-cancelled').waitFor();
		// Past the end of the countdown, still nothing.
		await page.waitForTimeout(6000);
		expect(await page.getByTestId('panic-result').count()).toBe(0);
		expect(await page.locator('a[href^="sms:"]').count()).toBe(0);
		expect(await deviceOutbox(page)).toEqual([]);
		expect(panicRequests).toEqual([]);
		await page.getByRole('button', { name: 'Cerrar' }).click();
	});

	it('works from the keyboard: hold Space, then Cancel has the focus', async () => {
		await page.getByTestId('panic-button').focus();
		await page.keyboard.down(' ');
		await page.getByTestId('panic-countdown').waitFor();
		await page.keyboard.up(' ');
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('panic-cancel');
		await page.keyboard.press('Enter');
		await page.getByTestId('panic-cancelled').waitFor();
		expect(await deviceOutbox(page)).toEqual([]);
		await page.getByRole('button', { name: 'Cerrar' }).click();
	});

	it('holding the panic button prepares an sms: link to the contacts with the coordinates, offers the municipality’s line and keeps the alert', async () => {
		await holdPanic(page);
		const sms = page.getByTestId('panic-sms');
		await sms.waitFor();
		const href = (await sms.getAttribute('href')) ?? '';
		expect(href.startsWith('sms:+56911112222,933334444?body=')).toBe(true);
		const body = decodeURIComponent(href.split('?body=')[1] ?? '');
		expect(body).toContain(coordinates);
		expect(body).toContain('https://www.openstreetmap.org/?mlat=-33.42550&mlon=-70.61280');
		expect(body).not.toContain('2555');
		expect(await page.getByTestId('panic-call').getAttribute('href')).toBe('tel:1414');
		await page.locator('[data-testid="panic-delivery"][data-delivery="queued"]').waitFor();
		const waiting = await deviceOutbox(page);
		expect(waiting).toHaveLength(1);
		expect(waiting[0]?.alert.location?.latitude).toBe(here.latitude);
		expect(panicRows()).toEqual([]);
	});

	it('sends the kept alert when the network returns, with the time it was pressed', async () => {
		const [waiting] = await deviceOutbox(page);
		await context.setOffline(false);
		await expect.poll(() => panicRows().length, { timeout: 30_000 }).toBe(1);
		const [row] = panicRows();
		expect(row).toMatchObject({ id: waiting?.id, municipality_id: 'providencia', claimed_at: waiting?.alert.claimedAt, latitude: here.latitude });
		expect(row!.received_at > row!.claimed_at).toBe(true);
		await expect.poll(() => deviceOutbox(page)).toEqual([]);
	});

	it('online, a real alert reaches the operator queue at once, and practice still sends nothing', async () => {
		await page.getByRole('button', { name: 'Cerrar' }).click();
		await holdPanic(page, { fast: true });
		await page.locator('[data-testid="panic-delivery"][data-delivery="sent"]').waitFor();
		expect(panicRows()).toHaveLength(2);
		await page.getByRole('button', { name: 'Cerrar' }).click();

		const before = panicRequests.length;
		await setPractice(page, true);
		await holdPanic(page, { fast: true });
		await page.locator('[data-testid="panic-result"][data-mode="practice"]').waitFor();
		expect(panicRequests.length).toBe(before);
		expect(panicRows()).toHaveLength(2);
	});
});

describe('before any configuration has reached the device', () => {
	it('shows Chile’s national numbers built into the app, says the municipal line is not known yet, and the panic still works without a location', async () => {
		// No permission for the location: the alert must go anyway, saying so.
		const context = await browser.newContext({ locale: 'es-CL' });
		await context.clock.install();
		// The configuration never arrives (a first visit on a network that drops it).
		await context.route('**/api/config', (route) => route.abort('internetdisconnected'));
		const page = await context.newPage();
		await page.goto(server.url + '/emergency');
		await page.getByTestId('national-numbers').waitFor();
		const hrefs = await page.getByTestId('emergency-number').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		expect(hrefs).toEqual(['tel:131', 'tel:132', 'tel:133', 'tel:134']);
		expect(await page.getByTestId('emergency-number').first().textContent()).toContain('Ambulancia (SAMU)');
		expect(await page.getByTestId('municipal-unknown').textContent()).toContain('Todavía no conocemos');
		expect(await page.locator('#municipality').count()).toBe(0);

		await page.goto(server.url + '/emergency/contacts');
		await page.locator('#add-name').fill('Marta');
		await page.locator('#add-phone').fill('+56 9 1111 2222');
		await page.getByRole('button', { name: 'Guardar contacto' }).click();
		await expect.poll(() => page.getByTestId('contact').count()).toBe(1);
		await page.goto(server.url + '/emergency');
		await setPractice(page, false);
		await holdPanic(page, { fast: true });
		const sms = page.getByTestId('panic-sms');
		await sms.waitFor();
		const body = decodeURIComponent((await sms.getAttribute('href'))?.split('?body=')[1] ?? '');
		expect(body).toContain('no encontró mi ubicación');
		expect(await page.getByTestId('panic-result').textContent()).toContain('no tiene permiso para usar tu ubicación');
		// With no municipality known, the call offered is the police.
		expect(await page.getByTestId('panic-call').getAttribute('href')).toBe('tel:133');
		await context.close();
	});
});

describe('a contact who also uses Cuadra', () => {
	it('links through an invite code and sees the panic in their open app', async () => {
		const marta = await browser.newContext({ locale: 'es-CL', geolocation: here, permissions: ['geolocation'] });
		const luis = await browser.newContext({ locale: 'es-CL' });
		await marta.clock.install();
		const martaPage = await marta.newPage();
		const luisPage = await luis.newPage();

		await martaPage.goto(server.url + '/emergency/contacts');
		await martaPage.getByTestId('make-code').click();
		const code = (await martaPage.getByTestId('invite-code').textContent())?.trim() ?? '';
		expect(code).toMatch(/^[A-Z2-9]{8}$/);
		// The code lasts 24 hours, so its end is tomorrow: the day is said, not only the time.
		const expires = new Date(Date.now() + 24 * 60 * 60 * 1000);
		const expiry = await martaPage.getByTestId('invite-expires').textContent();
		expect(expiry).toContain(expires.toLocaleString('es-CL', { month: 'long' }));
		expect(expiry).toContain(expires.toLocaleString('es-CL', { weekday: 'long' }));

		await luisPage.goto(server.url + '/emergency/contacts');
		await luisPage.locator('#link-code').fill(code.toLowerCase());
		await luisPage.locator('#link-name').fill('Marta');
		await luisPage.getByTestId('link-submit').click();
		await expect.poll(() => luisPage.getByTestId('link-status').textContent()).toContain('Vinculado');
		expect(await luisPage.getByTestId('watching').textContent()).toContain('Marta');
		// Luis goes on with his day, on another screen, with Cuadra open.
		await luisPage.getByRole('link', { name: 'Inicio' }).click();

		// Her session ends (as it does after 30 days): opening the app renews it from the device credential.
		await marta.clearCookies();
		await martaPage.goto(server.url + '/emergency');
		await expect.poll(async () => (await marta.cookies()).some((c) => c.name === 'cuadra_session')).toBe(true);
		await setPractice(martaPage, false);
		await holdPanic(martaPage, { fast: true });
		await martaPage.locator('[data-testid="panic-delivery"][data-delivery="sent"]').waitFor();
		// Marta never chose a municipality: the GPS places her in Providencia, so its security line is offered.
		expect(await martaPage.getByTestId('panic-call').getAttribute('href')).toBe('tel:1414');

		const alert = luisPage.getByTestId('linked-alert');
		await alert.waitFor({ timeout: 15_000 });
		expect(await alert.textContent()).toContain('Marta necesita ayuda');
		expect(await luisPage.getByTestId('linked-alert-location').textContent()).toContain(coordinates);
		expect(await axeViolations(luisPage)).toEqual([]);
		await luisPage.getByRole('button', { name: 'Ya lo vi' }).click();
		await expect.poll(() => alert.count()).toBe(0);

		await marta.close();
		await luis.close();
	});
});

describe('the encrypted contacts backup', () => {
	it('is off by default; once on, a new phone gets the contacts back with the recovery code; off deletes it', async () => {
		const oldPhone = await browser.newContext({ locale: 'es-CL' });
		const newPhone = await browser.newContext({ locale: 'es-CL' });
		const a = await oldPhone.newPage();
		const b = await newPhone.newPage();

		await a.goto(server.url + '/emergency/contacts');
		expect(await a.getByTestId('backup-state').textContent()).toContain('desactivado');
		await a.locator('#add-name').fill('Marta');
		await a.locator('#add-phone').fill('+56 9 1111 2222');
		await a.getByRole('button', { name: 'Guardar contacto' }).click();
		await expect.poll(() => a.getByTestId('contact').count()).toBe(1);
		await a.getByTestId('backup-on').click();
		const code = (await a.getByTestId('backup-code').textContent({ timeout: 10_000 }))?.trim() ?? '';
		expect(code).toMatch(/^([A-Z2-9]{4}-){6}[A-Z2-9]{4}$/);
		const firstUpload = backupUpdates();
		expect(firstUpload).toHaveLength(1);
		// A contact added later is in the backup too: wait until the phone has uploaded the new copy.
		await a.locator('#add-name').fill('Luis');
		await a.locator('#add-phone').fill('9 3333 4444');
		await a.getByRole('button', { name: 'Guardar contacto' }).click();
		await expect.poll(() => a.getByTestId('contact').count()).toBe(2);
		await expect.poll(() => backupUpdates()).not.toEqual(firstUpload);

		await b.goto(server.url + '/emergency/contacts');
		await b.getByTestId('contacts-empty').waitFor();
		await b.locator('#restore-code').fill(code.toLowerCase());
		await b.getByTestId('backup-restore').click();
		await expect.poll(() => b.getByTestId('contact').count()).toBe(2);
		expect(await b.getByTestId('contact').allTextContents()).toEqual([expect.stringContaining('Marta'), expect.stringContaining('Luis')]);

		await a.getByTestId('backup-off').click();
		await expect.poll(() => a.getByTestId('backup-state').textContent()).toContain('desactivado');
		await b.locator('#restore-code').fill(code);
		await b.getByTestId('backup-restore').click();
		await expect.poll(() => b.getByTestId('backup-status').textContent()).toContain('Ningún respaldo');
		await oldPhone.close();
		await newPhone.close();
	});
});

describe('accessibility', () => {
	it('axe finds no violations on the emergency and contacts screens, in their busy states', async () => {
		const context = await browser.newContext({ locale: 'es-CL', geolocation: here, permissions: ['geolocation'] });
		await context.clock.install();
		const page = await context.newPage();
		await page.goto(server.url + '/emergency');
		await page.locator('#municipality').waitFor();
		expect(await axeViolations(page)).toEqual([]);

		await holdPanic(page, { fast: true });
		await page.getByTestId('panic-result').waitFor();
		expect(await axeViolations(page)).toEqual([]);

		await page.goto(server.url + '/emergency/contacts');
		await page.getByTestId('contacts-empty').waitFor();
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole('button', { name: 'Guardar contacto' }).click();
		await page.locator('#add-name-error').waitFor();
		expect(await axeViolations(page)).toEqual([]);
		await context.close();
	});
});

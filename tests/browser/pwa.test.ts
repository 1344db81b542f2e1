import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, launchProfile, waitForServiceWorker } from '../support/browser.ts';
import { copyBuild, removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function newContext(): Promise<BrowserContext> {
	return browser.newContext({ locale: 'es-CL', serviceWorkers: 'allow' });
}

async function headingOf(page: Page): Promise<string> {
	return (await page.locator('main h1').first().textContent({ timeout: 10_000 }))?.trim() ?? '';
}

describe('installable PWA', () => {
	let server: TestServer;
	let appDir: string;

	beforeAll(async () => {
		appDir = copyBuild();
		server = await startServer({ appDir });
	});

	afterAll(async () => {
		await server?.stop();
		removeDir(server?.dataDir ?? '');
		removeDir(appDir);
	});

	it('has a valid manifest and no installability errors', async () => {
		const profile = tempDataDir('cuadra-profile-');
		const context = await launchProfile(profile, { locale: 'es-CL' });
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(server.url + '/');
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
		expect(installabilityErrors).toEqual([]);
		const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
		expect(manifest.errors).toEqual([]);
		expect(manifest.url).toBe(server.url + '/manifest.webmanifest');
		await context.close();
		removeDir(profile);
	});

	it('links the manifest of the chosen language, and follows a change of language', async () => {
		const profile = tempDataDir('cuadra-profile-');
		const context = await launchProfile(profile, { locale: 'en' });
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(server.url + '/settings');
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const manifest = async () => (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string; data: string };
		await page.getByLabel('English').check();
		await expect.poll(async () => (await manifest()).url, { timeout: 10_000 }).toBe(server.url + '/manifest.en.webmanifest');
		expect(JSON.parse((await manifest()).data)).toMatchObject({ lang: 'en', name: expect.stringMatching(/look after the block/), shortcuts: [{ name: 'Emergency' }] });
		expect((await manifest()).errors).toEqual([]);
		expect(((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] }).installabilityErrors).toEqual([]);
		await page.getByLabel('Português (Brasil)').check();
		await expect.poll(async () => (await manifest()).url, { timeout: 10_000 }).toBe(server.url + '/manifest.pt-BR.webmanifest');
		expect(JSON.parse((await manifest()).data)).toMatchObject({ lang: 'pt-BR', shortcuts: [{ name: 'Emergência' }] });
		await context.close();
		removeDir(profile);
	});

	it('declares what an install needs, including the emergency shortcut', async () => {
		const manifest = await (await fetch(server.url + '/manifest.webmanifest')).json();
		expect(manifest).toMatchObject({ display: 'standalone', start_url: expect.any(String), name: expect.any(String) });
		expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}:${i.purpose}`)).toEqual(
			expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable'])
		);
		expect(manifest.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
		expect(manifest.shortcuts[0].url).toMatch(/^\/emergency/);
		for (const file of [...manifest.icons, ...manifest.screenshots]) {
			expect((await fetch(server.url + file.src)).status, file.src).toBe(200);
		}
	});
});

describe('offline after one visit', () => {
	let server: TestServer;
	let appDir: string;
	let context: BrowserContext;
	let page: Page;

	beforeAll(async () => {
		appDir = copyBuild();
		server = await startServer({ appDir });
		context = await newContext();
		page = await context.newPage();
		await page.goto(server.url + '/settings');
		await waitForServiceWorker(page);
		expect(await headingOf(page)).toBe('Ajustes');
		// Offline means offline: the browser has no network and the server is gone.
		await context.setOffline(true);
		await server.stop();
	});

	afterAll(async () => {
		await context?.close();
		removeDir(server?.dataDir ?? '');
		removeDir(appDir);
	});

	it('reloads and says, calmly, that it is offline', async () => {
		await page.reload();
		expect(await headingOf(page)).toBe('Ajustes');
		await expect.poll(() => page.getByTestId('offline-notice').isVisible()).toBe(true);
		await page.reload();
		expect(await headingOf(page)).toBe('Ajustes');
	});

	it('navigates between pages through the menu', async () => {
		await page.getByRole('link', { name: 'Acerca y privacidad' }).click();
		await expect.poll(() => headingOf(page)).toBe('Acerca de Cuadra');
		await page.getByRole('link', { name: 'Inicio' }).click();
		await expect.poll(() => headingOf(page)).toBe('Tu cuadra');
		await page.getByRole('link', { name: /Emergencia/ }).first().click();
		await expect.poll(() => page.url()).toBe(server.url + '/emergency');
	});

	it('opens deep links typed or bookmarked while offline', async () => {
		await page.goto(server.url + '/about');
		expect(await headingOf(page)).toBe('Acerca de Cuadra');
		await page.goto(server.url + '/settings');
		expect(await headingOf(page)).toBe('Ajustes');
		// A page that has no prerendered file still gets the app, which says it is not found.
		await page.goto(server.url + '/no-such-page');
		expect(await headingOf(page)).toBe('Página no encontrada');
		// Nested too: the shell's scripts load from the root, not relative to the deep link.
		await page.goto(server.url + '/emergency/no/such/page');
		expect(await headingOf(page)).toBe('Página no encontrada');
		await page.reload();
		expect(await headingOf(page)).toBe('Página no encontrada');
	});
});

describe('updates', () => {
	it('shows "a new version is ready" when a new service worker is deployed, and reloads only when asked', async () => {
		const appDir = copyBuild();
		const dataDir = tempDataDir();
		let server = await startServer({ appDir, dataDir });
		const context = await newContext();
		const page = await context.newPage();
		await page.goto(server.url + '/');
		await waitForServiceWorker(page);
		await expect.poll(() => page.getByTestId('offline-ready').isVisible()).toBe(true);
		await expect(page.getByTestId('update-prompt').count()).resolves.toBe(0);

		// Deploy: a changed service worker on the same origin.
		const port = server.port;
		await server.stop();
		const client = join(appDir, 'client');
		for (const file of readdirSync(client)) if (/^service-worker\.js\.(br|gz)$/.test(file)) rmSync(join(client, file));
		appendFileSync(join(client, 'service-worker.js'), `\n// deployed ${Date.now()}\n`);
		server = await startServer({ appDir, dataDir, port, env: { CUADRA_SEED: 'none' } });

		// The person is typing somewhere when the update arrives: nothing reloads on its own.
		await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
		await expect.poll(() => page.getByTestId('update-prompt').isVisible(), { timeout: 15_000 }).toBe(true);
		const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
		expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);

		await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Recargar' }).click()]);
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
		await expect(page.getByTestId('update-prompt').count()).resolves.toBe(0);

		await context.close();
		await server.stop();
		removeDir(dataDir);
		removeDir(appDir);
	});
});

describe('language', () => {
	it('switches in place and is remembered after a reload', async () => {
		const appDir = copyBuild();
		const server = await startServer({ appDir });
		const context = await newContext();
		const page = await context.newPage();
		await page.goto(server.url + '/settings');
		expect(await headingOf(page)).toBe('Ajustes');
		await page.getByLabel('English').check();
		await expect.poll(() => headingOf(page)).toBe('Settings');
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
		await page.reload();
		expect(await headingOf(page)).toBe('Settings');
		await page.getByLabel('Português (Brasil)').check();
		await expect.poll(() => headingOf(page)).toBe('Configurações');
		await context.close();
		await server.stop();
		removeDir(server.dataDir);
		removeDir(appDir);
	});
});

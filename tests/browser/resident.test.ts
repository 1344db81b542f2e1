import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeClean, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { metroPedroDeValdivia, openResident } from '../support/residents.ts';
import { setPractice } from '../support/practice.ts';

/** Issue 18: what a first-time resident trips over. */

let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

const switchOf = (page: Page) => page.locator('[data-testid="practice-switch"][data-loaded="true"]').first();


/** Category, GPS, description; stops at the send step. */
async function toSendStep(page: Page, category: string, description: string): Promise<void> {
	await page.getByRole('link', { name: 'Report', exact: true }).click();
	await page.getByRole('button', { name: category, exact: true }).click();
	await page.getByRole('button', { name: 'Use my location' }).click();
	await page.getByTestId('gps-status').getByText(/Located to within about/).waitFor();
	await page.getByRole('button', { name: 'Next' }).click();
	await page.getByLabel('Short description (optional)').fill(description);
}

// First, while this server has no reports at all.
describe('home, lists and empty states', () => {
	it('starts the municipality picker at the one the person stands in, when the phone may already say so', async () => {
		const allowed = await browser.newContext({ locale: 'en', geolocation: metroPedroDeValdivia, permissions: ['geolocation'] });
		const page = await allowed.newPage();
		await page.goto(server.url + '/');
		const picker = page.getByLabel('Which municipality do you live in?');
		await expect.poll(() => picker.inputValue()).toBe('providencia');
		await allowed.close();

		// Not allowed: no question is asked, and the list starts at its first entry (not Providencia here).
		const notAllowed = await browser.newContext({ locale: 'en', geolocation: metroPedroDeValdivia });
		const other = await notAllowed.newPage();
		await other.goto(server.url + '/');
		const first = other.getByLabel('Which municipality do you live in?');
		await first.waitFor();
		await other.waitForTimeout(500);
		expect(await first.inputValue()).toBe(await first.locator('option').first().getAttribute('value'));
		expect(await first.inputValue()).not.toBe('providencia');
		await notAllowed.close();
	});

	it('says “no reports yet in Providencia”, which is not “no report matches these filters”', async () => {
		const { context, page } = await openResident(browser, server.url);
		const none = page.getByTestId('feed-none');
		await none.getByRole('heading', { name: 'No reports yet in Providencia' }).waitFor();
		expect(await page.getByTestId('feed-filtered-out').count()).toBe(0);
		expect(await none.textContent()).not.toMatch(/match these filters/);
		await context.close();
	});

	it('folds the resident’s own reports after three', async () => {
		const { context, page } = await openResident(browser, server.url);
		for (const n of [1, 2, 3, 4]) {
			await toSendStep(page, 'Streetlight out', `Practice number ${n}`);
			await page.getByRole('button', { name: 'Send practice report' }).click();
			await page.getByRole('heading', { name: 'My reports' }).waitFor();
		}
		await expect.poll(() => page.getByTestId('my-report').count()).toBe(3);
		// Newest first: the first one is the one folded away.
		expect(await page.getByTestId('my-report').filter({ hasText: 'Practice number 1' }).count()).toBe(0);
		const toggle = page.getByTestId('my-reports-toggle');
		expect(await toggle.getAttribute('aria-expanded')).toBe('false');
		expect(await toggle.textContent()).toMatch(/Show all 4 of my reports/);
		await toggle.click();
		await expect.poll(() => page.getByTestId('my-report').count()).toBe(4);
		expect(await toggle.getAttribute('aria-expanded')).toBe('true');
		await axeClean(page, 'home with my reports unfolded');
		await context.close();
	});
});

describe('practice mode never surprises anyone', () => {
	let context: BrowserContext;
	let page: Page;

	beforeAll(async () => {
		({ context, page } = await openResident(browser, server.url));
	});
	afterAll(async () => context?.close());

	it('says at the send step that it covers reports and the panic button, and leaving it takes a step that names what becomes real', async () => {
		await toSendStep(page, 'Streetlight out', 'Trying the app out');
		const practice = switchOf(page);
		expect(await practice.getAttribute('data-practice')).toBe('on');
		expect(await practice.textContent()).toMatch(/Reports and the panic button go through every step and send nothing/);

		// One press does not leave practice: it asks, and says what becomes real.
		await practice.getByTestId('practice-leave').click();
		const confirm = practice.getByTestId('practice-confirm');
		await confirm.waitFor();
		expect(await practice.getAttribute('data-practice')).toBe('on');
		expect(await confirm.textContent()).toMatch(/reports go to the municipality/);
		expect(await confirm.textContent()).toMatch(/panic button alerts your municipality/);
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Leave practice mode?');
		await axeClean(page, 'report send step, leaving practice');

		// "Stay in practice" stays, and sends as practice.
		await confirm.getByTestId('practice-leave-no').click();
		expect(await practice.getAttribute('data-practice')).toBe('on');
		await page.getByRole('button', { name: 'Send practice report' }).click();
	});

	it('after a practice report, says nobody received it and offers to send the next one for real', async () => {
		const flash = page.getByTestId('flash');
		await flash.getByTestId('flash-text').getByText('Practice report saved on this phone. Nobody received it.').waitFor();
		expect(await page.getByTestId('flash-text').getAttribute('role')).toBe('status');
		// The offer is its own chunk, loaded when it is needed: wait for it to appear.
		await flash.getByText(/Ready to send the next report for real\?/).waitFor();
		await axeClean(page, 'home after a practice report');
		await flash.getByTestId('practice-leave').click();
		expect(await flash.getByTestId('practice-confirm').textContent()).toMatch(/panic button/);
		await flash.getByTestId('practice-leave-yes').click();
		// The offer goes once practice is off, and the announcement names both.
		await expect.poll(() => flash.getByTestId('practice-leave').count()).toBe(0);
	});

	it('the emergency screen says the panic button is real now, and turning practice on there says it covers reports too', async () => {
		await page.getByRole('link', { name: /Emergency/ }).first().click();
		const practice = switchOf(page);
		await expect.poll(() => practice.getAttribute('data-practice')).toBe('off');
		expect(await practice.textContent()).toMatch(/Reports go to the municipality and the panic button sends real alerts/);
		expect(await page.getByTestId('panic-practice-badge').count()).toBe(0);

		await practice.getByTestId('practice-enter').click();
		await expect.poll(() => practice.getByTestId('practice-announcement').textContent()).toMatch(/reports and the panic button send nothing/);
		expect(await page.getByTestId('panic-practice-badge').isVisible()).toBe(true);

		// …and the report flow shows it at once, where the person sends.
		await toSendStep(page, 'Streetlight out', 'Second try');
		await expect.poll(() => switchOf(page).getAttribute('data-practice')).toBe('on');
		expect(await page.getByRole('button', { name: 'Send practice report' }).isVisible()).toBe(true);
		await setPractice(page, false);
		expect(await page.getByRole('button', { name: 'Send report', exact: true }).isVisible()).toBe(true);
		expect(await switchOf(page).textContent()).toMatch(/this is real/);
	});
});

describe('the panic button is reachable at once', () => {
	for (const locale of ['es-CL', 'en', 'pt-BR']) {
		it(`sits within the first screen of a 360×740 phone, above the bottom bar, with the numbers one tap away (${locale})`, async () => {
			const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 }, geolocation: metroPedroDeValdivia });
			const page = await context.newPage();
			await page.goto(server.url + '/emergency');
			await switchOf(page).waitFor();
			// First visit: the "works offline now" notice arrives, and takes one line, not a third of the screen.
			const ready = page.getByTestId('offline-ready');
			await ready.waitFor({ timeout: 20_000 });
			expect((await ready.boundingBox())!.height).toBeLessThanOrEqual(52);
			const button = await page.getByTestId('panic-button').boundingBox();
			const nav = await page.locator('nav').last().boundingBox();
			expect(button).not.toBeNull();
			expect(nav).not.toBeNull();
			expect(button!.y).toBeGreaterThan(0);
			expect(button!.y + button!.height).toBeLessThanOrEqual(nav!.y);
			expect(await page.evaluate(() => window.scrollY)).toBe(0);

			const toNumbers = page.getByTestId('to-numbers');
			const link = await toNumbers.boundingBox();
			expect(link!.y + link!.height).toBeLessThanOrEqual(nav!.y);
			await toNumbers.click();
			await expect.poll(async () => (await page.getByTestId('national-numbers').boundingBox())!.y).toBeLessThan(nav!.y);
			await context.close();
		});
	}
});

describe('say that it worked', () => {
	let context: BrowserContext;
	let page: Page;

	beforeAll(async () => {
		({ context, page } = await openResident(browser, server.url));
	});
	afterAll(async () => context?.close());

	it('moves the focus to the new page’s heading after each navigation', async () => {
		for (const [link, heading] of [
			['Settings', 'Settings'],
			['About and privacy', 'About Cuadra'],
			['Home', 'Your block']
		]) {
			await page.getByRole('navigation').getByRole('link', { name: link }).click();
			await expect.poll(() => page.evaluate(() => (document.activeElement?.tagName ?? '') + ' ' + (document.activeElement?.textContent ?? '').trim())).toBe(`H1 ${heading}`);
		}
	});

	it('confirms a report sent, visibly and for screen readers, and drops the confirmation at the next navigation', async () => {
		await toSendStep(page, 'Streetlight out', 'Dark corner');
		await setPractice(page, false);
		await page.getByRole('button', { name: 'Send report', exact: true }).click();
		const text = page.getByTestId('flash-text');
		await text.getByText(/^Report (sent|saved on this phone)/).waitFor();
		expect(await text.getAttribute('role')).toBe('status');
		expect(await text.isVisible()).toBe(true);
		await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
		await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		expect((await text.textContent())?.trim()).toBe('');
	});

	it('on the map, reports at one spot open as a list, and a single report shows its category’s icon', async () => {
		// A second report, of another kind (so another incident), from the very same spot.
		await toSendStep(page, 'Dumped rubbish', 'Bags on the corner');
		await page.getByRole('button', { name: 'Send report', exact: true }).click();
		await page.locator('[data-testid="my-report"][data-state="received"]').filter({ hasText: 'Bags on the corner' }).waitFor({ timeout: 30_000 });
		const map = page.getByTestId('feed-map');
		const cluster = map.locator('.cuadra-marker.cluster');
		await expect.poll(() => cluster.count(), { timeout: 30_000 }).toBe(1);
		expect(await cluster.getAttribute('title')).toBe('2 reports here');
		// No zoom would part them: the marker opens them as a list at once (it used to zoom to the maximum).
		const zoomBefore = await page.evaluate(() => document.querySelector('[data-testid="feed-map"] .leaflet-map-pane')?.getAttribute('style'));
		await cluster.click();
		const spot = page.getByTestId('map-spot');
		await spot.getByRole('heading', { name: '2 reports here' }).waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('spot-title');
		expect(await page.evaluate(() => document.querySelector('[data-testid="feed-map"] .leaflet-map-pane')?.getAttribute('style'))).toBe(zoomBefore);
		expect(await spot.getByRole('button').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\s*Streetlight out · Dark corner/), expect.stringMatching(/^\s*Dumped rubbish · Bags on the corner/)]));
		await axeClean(page, 'home with a spot list open');
		await spot.getByRole('button', { name: /Dumped rubbish/ }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^report-/);

		// One kind only: one marker, drawn with that kind's icon.
		await page.getByTestId('filter-category').selectOption('streetlight_out');
		const single = map.locator('.cuadra-marker:not(.cluster) span[data-category="streetlight_out"] svg path');
		await expect.poll(() => single.count()).toBe(1);
		await page.getByTestId('filter-category').selectOption('all');
	});

	it('with reports there, a filter that matches none says so and offers every report', async () => {
		await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
		await page.getByTestId('feed-list').waitFor({ timeout: 30_000 });
		await page.getByTestId('filter-category').selectOption('missing_manhole_cover');
		const filteredOut = page.getByTestId('feed-filtered-out');
		await filteredOut.getByText('No reports match these filters.').waitFor();
		expect(await page.getByTestId('feed-none').count()).toBe(0);
		await filteredOut.getByRole('button', { name: 'Show every report' }).click();
		await page.getByTestId('feed-list').waitFor();
		expect(await page.getByTestId('filter-category').inputValue()).toBe('all');
	});

	it('confirms a saved contact beside the form', async () => {
		await page.goto(server.url + '/emergency/contacts');
		await page.locator('#add-name').fill('Marta');
		await page.locator('#add-phone').fill('+56 9 1111 2222');
		await page.getByRole('button', { name: 'Save contact' }).click();
		const saved = page.getByTestId('contact-form-status');
		await saved.getByText('Marta was saved.').waitFor();
		expect(await saved.getAttribute('role')).toBe('status');
		expect(await saved.isVisible()).toBe(true);
	});
});

describe('maps orient the person without tiles', () => {
	it('the alert-area map shows the boundaries and where the person is, with zoom buttons in the chosen language', async () => {
		const context = await browser.newContext({ locale: 'es-CL', geolocation: metroPedroDeValdivia, permissions: ['geolocation'] });
		const page = await context.newPage();
		// Settings first thing: the map may be made before the device has read the configuration.
		await page.goto(server.url + '/settings');
		const map = page.getByTestId('location-map');
		await map.waitFor();
		await expect.poll(() => map.locator('.leaflet-overlay-pane path').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
		await expect.poll(() => map.locator('.cuadra-here').count(), { timeout: 20_000 }).toBe(1);
		expect(await map.locator('.cuadra-here').getAttribute('title')).toBe('Estás aquí');
		expect(await map.getByRole('button', { name: 'Acercar el mapa' }).count()).toBe(1);
		expect(await map.getByRole('button', { name: 'Alejar el mapa' }).count()).toBe(1);
		await context.close();
	});

	it('the about page tells the municipality how to add a street background', async () => {
		const context = await browser.newContext({ locale: 'en' });
		const page = await context.newPage();
		await page.goto(server.url + '/about');
		expect(await page.getByTestId('about-tiles').textContent()).toMatch(/CUADRA_TILE_URL/);
		await context.close();
	});
});

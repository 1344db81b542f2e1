import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitForServiceWorker } from './browser.ts';

/** Metro Pedro de Valdivia, in Providencia: where the browser tests' residents stand. */
export const metroPedroDeValdivia = { latitude: -33.4255, longitude: -70.6128 };

/**
 * A resident of Providencia in their own browser context (English, GPS at the metro station), who
 * has chosen their municipality, has the service worker running and has dismissed the
 * "works offline now" notice that would sit over the buttons.
 */
export async function openResident(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ locale: 'en', geolocation: metroPedroDeValdivia, permissions: ['geolocation'] });
	const page = await context.newPage();
	await page.goto(url);
	await page.getByLabel('Which municipality do you live in?').selectOption('providencia');
	await page.getByRole('button', { name: 'Show its reports' }).click();
	await page.getByRole('heading', { name: 'Reports in Providencia' }).waitFor();
	await waitForServiceWorker(page);
	const dismiss = page.getByRole('button', { name: 'Dismiss' });
	if (await dismiss.isVisible()) await dismiss.press('Enter');
	return { context, page };
}

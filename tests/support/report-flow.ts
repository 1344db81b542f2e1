import type { Page } from 'playwright-core';
import { setPractice } from './practice.ts';

/**
 * Through the report flow from the home screen, with the keyboard: category, the phone's GPS
 * position, a description. Stops at the send step.
 */
export async function toSendStep(page: Page, category: string, description: string): Promise<void> {
	await page.getByRole('link', { name: 'Report', exact: true }).press('Enter');
	await page.getByRole('button', { name: category, exact: true }).press('Enter');
	await page.getByRole('button', { name: 'Use my location' }).press('Enter');
	await page.getByTestId('gps-status').getByText(/Located to within about/).waitFor();
	await page.getByRole('button', { name: 'Next' }).press('Enter');
	await page.getByLabel('Short description (optional)').fill(description);
}

/** Sends a real (not practice) report through the whole flow; resolves once the server has it. */
export async function sendReport(page: Page, category: string, description: string): Promise<void> {
	await toSendStep(page, category, description);
	await setPractice(page, false);
	await page.getByRole('button', { name: 'Send report' }).press('Enter');
	await page.getByRole('heading', { name: 'My reports' }).waitFor();
	await page.locator('[data-testid="my-report"][data-state="received"]').filter({ hasText: description }).waitFor({ timeout: 30_000 });
}

/**
 * Presses and holds the panic button with the pointer until the countdown shows, then lets go.
 * With `fast`, on a page whose context has Playwright's clock installed
 * (`await context.clock.install()` before its page opens), the clock jumps over the 2-s hold and
 * the 5-s countdown instead of waiting them out, and the alert goes at once: the same code runs,
 * seven seconds sooner. Time then runs on as usual, ahead by those seven seconds.
 */
export async function holdPanic(page: Page, { fast = false } = {}): Promise<void> {
	const button = page.getByTestId('panic-button');
	await button.scrollIntoViewIfNeeded();
	const box = await button.boundingBox();
	if (!box) throw new Error('panic button not visible');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	if (fast) await page.clock.fastForward(2_000);
	await page.getByTestId('panic-countdown').waitFor({ state: 'visible' });
	await page.mouse.up();
	if (fast) await page.clock.fastForward(5_000);
}

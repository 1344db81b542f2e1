import type { Page } from 'playwright-core';

/**
 * Turns practice mode on or off through the page's practice switch, as a person does: leaving
 * practice takes the second, confirming step. Waits until the stored choice has been read first.
 */
export async function setPractice(page: Page, on: boolean): Promise<void> {
	const practiceSwitch = page.locator('[data-testid="practice-switch"][data-loaded="true"]').first();
	await practiceSwitch.waitFor();
	if (((await practiceSwitch.getAttribute('data-practice')) === 'on') === on) return;
	if (on) {
		await practiceSwitch.getByTestId('practice-enter').click();
	} else {
		await practiceSwitch.getByTestId('practice-leave').click();
		await practiceSwitch.getByTestId('practice-leave-yes').click();
	}
	await page.locator(`[data-testid="practice-switch"][data-practice="${on ? 'on' : 'off'}"]`).first().waitFor();
}

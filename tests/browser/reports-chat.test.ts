import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { openResident } from '../support/residents.ts';
import { sendReport } from '../support/report-flow.ts';

const description = 'Streetlight dark on Pedro de Valdivia';

let browser: Browser;
let server: TestServer;
let a: BrowserContext;
let b: BrowserContext;
let pageA: Page;
let pageB: Page;
browserSuite((app) => ({ browser, server } = app));

function resident(): Promise<{ context: BrowserContext; page: Page }> {
	return openResident(browser, server.url);
}

/** Opens the report's own page from the home list (the feed reaches the device within seconds). */
async function openReport(page: Page) {
	await page.goto(server.url);
	const item = page.getByTestId('feed-report').filter({ hasText: description });
	await item.waitFor({ timeout: 30_000 });
	await item.getByRole('link', { name: 'Streetlight out' }).press('Enter');
	await page.getByTestId('report-detail').getByText(description).waitFor();
}

const chat = (page: Page) => page.getByTestId('report-chat');
const messages = (page: Page) => chat(page).getByTestId('chat-message');


describe('the chat thread on a report’s page', () => {
	beforeAll(async () => {
		({ context: a, page: pageA } = await resident());
		({ context: b, page: pageB } = await resident());
		// A sends a real (not practice) report through the flow.
		await sendReport(pageA, 'Streetlight out', description);
	}, 120_000);

	afterAll(async () => {
		await a?.close();
		await b?.close();
	});

	it('shows an empty thread with a labelled text box, and axe finds nothing', async () => {
		await openReport(pageB);
		await chat(pageB).getByText('No messages yet.').waitFor();
		await chat(pageB).getByLabel('Your message').waitFor();
		expect(await axeFindings(pageB)).toEqual([]);
	});

	it('B posts a message on A’s report and A, on the same page, sees it arrive', async () => {
		await openReport(pageA);
		await chat(pageA).getByText('No messages yet.').waitFor();
		await chat(pageB).getByLabel('Your message').fill('It is still dark tonight.');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		await messages(pageB).filter({ hasText: 'It is still dark tonight.' }).getByText('You').waitFor();
		// Online, the server has it at once: no "not sent yet".
		await expect.poll(() => messages(pageB).filter({ hasText: 'It is still dark tonight.' }).getAttribute('data-sent'), { timeout: 20_000 }).toBe('yes');
		await messages(pageA).filter({ hasText: 'It is still dark tonight.' }).getByText('A neighbour').waitFor({ timeout: 20_000 });
		// A answers; B sees it without reloading.
		await chat(pageA).getByLabel('Your message').fill('Thanks, I reported it this morning.');
		await chat(pageA).getByRole('button', { name: 'Send message' }).press('Enter');
		await messages(pageB).filter({ hasText: 'Thanks, I reported it this morning.' }).getByText('A neighbour').waitFor({ timeout: 20_000 });
		expect(await axeFindings(pageA)).toEqual([]);
	});

	it('keeps a message written offline, says so calmly, and sends it when back online', async () => {
		await b.setOffline(true);
		await chat(pageB).getByText('You are offline.').waitFor();
		await chat(pageB).getByLabel('Your message').fill('Written without signal.');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		const offlineMessage = messages(pageB).filter({ hasText: 'Written without signal.' });
		await offlineMessage.getByTestId('chat-unsent').getByText('On the phone, not sent yet').waitFor();
		expect(await messages(pageB).filter({ hasText: 'It is still dark tonight.' }).getByTestId('chat-unsent').count()).toBe(0);
		expect(await axeFindings(pageB)).toEqual([]);
		await b.setOffline(false);
		await messages(pageA).filter({ hasText: 'Written without signal.' }).waitFor({ timeout: 30_000 });
		await expect.poll(() => offlineMessage.getAttribute('data-sent'), { timeout: 30_000 }).toBe('yes');
		// Another's message is never "on the phone": it came from the server.
		await pageA.reload();
		await messages(pageA).filter({ hasText: 'Written without signal.' }).waitFor();
		expect(await chat(pageA).getByTestId('chat-unsent').count()).toBe(0);
		expect(await offlineMessage.getByTestId('chat-unsent').count()).toBe(0);
		// After a reload the thread is there, from the device and the server.
		await pageB.reload();
		await messages(pageB).filter({ hasText: 'Written without signal.' }).waitFor();
		expect(await messages(pageB).count()).toBe(3);
		// Offline, a reload reads the thread from the device (y-indexeddb).
		await b.setOffline(true);
		await pageB.reload();
		await chat(pageB).getByText('You are offline.').waitFor();
		await messages(pageB).filter({ hasText: 'Written without signal.' }).waitFor();
		expect(await messages(pageB).count()).toBe(3);
		// What the server saved is remembered on the phone: nothing reads "not sent yet" offline.
		expect(await chat(pageB).getByTestId('chat-unsent').count()).toBe(0);
		await b.setOffline(false);
	});

	it('asks before sending what looks like a phone number or an address; the resident changes it or sends it as it is', async () => {
		const box = chat(pageB).getByLabel('Your message');
		// No security hint in a neighbourhood category.
		expect(await chat(pageB).getByTestId('chat-security-hint').count()).toBe(0);
		await box.fill('Call the owner on +56 9 8765 4321, at Los Leones 1234');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		const check = chat(pageB).getByTestId('chat-check');
		await check.getByText('Before sending, check your message').waitFor();
		expect(await check.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-concern')))).toEqual(['phone', 'address']);
		expect(await axeFindings(pageB)).toEqual([]);
		// Changing it: back in the box, nothing sent.
		await check.getByRole('button', { name: 'Change my message' }).press('Enter');
		expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
		expect(await messages(pageB).filter({ hasText: 'Los Leones' }).count()).toBe(0);
		// Edited, it is checked again; sent as it is, it goes.
		await box.fill('The owner lives at Los Leones 1234');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		await check.locator('li[data-concern="address"]').waitFor();
		await check.getByRole('button', { name: 'Send as it is' }).press('Enter');
		await messages(pageA).filter({ hasText: 'The owner lives at Los Leones 1234' }).waitFor({ timeout: 20_000 });
		expect(await check.count()).toBe(0);
	});

	it('links every thread to the community guide, which axe finds clean', async () => {
		await chat(pageB).getByTestId('chat-guide').press('Enter');
		await pageB.getByRole('heading', { level: 1, name: 'Community guide' }).waitFor();
		await pageB.getByTestId('community-guide').getByText('Say what happened, not what someone looks like').waitFor();
		expect(await axeFindings(pageB)).toEqual([]);
	});
});

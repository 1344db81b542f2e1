import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { openResident } from '../support/residents.ts';
import { sendReport } from '../support/report-flow.ts';

let browser: Browser;
let server: TestServer;
let a: BrowserContext;
let b: BrowserContext;
let pageA: Page;
let pageB: Page;
browserSuite((app) => ({ browser, server } = app));
let firstId = '';
let secondId = '';

const first = 'Two men took a bag at the metro exit';
const second = 'Shouting and running at the metro exit';


const alerts = (page: Page) => page.getByTestId('neighbour-alert');
const chat = (page: Page) => page.getByTestId('report-chat');
const messages = (page: Page) => chat(page).getByTestId('chat-message');
const idOf = (href: string | null) => new URL(href ?? '', server.url).searchParams.get('id') ?? '';


describe('one event, one incident: one alert near the resident and one shared thread', () => {
	beforeAll(async () => {
		({ context: a, page: pageA } = await openResident(browser, server.url));
		({ context: b, page: pageB } = await openResident(browser, server.url));
	}, 120_000);

	afterAll(async () => {
		await a?.close();
		await b?.close();
	});

	it('B sets an alert area in Settings, kept on the phone, and axe finds nothing', async () => {
		await pageB.getByRole('link', { name: 'Settings' }).press('Enter');
		const section = pageB.getByTestId('alert-settings');
		await section.getByText('Alerts are off.').waitFor();
		await section.getByText('stays only on this phone').waitFor();
		expect(await axeFindings(pageB)).toEqual([]);
		await section.getByRole('button', { name: 'Use my current location (once)' }).press('Enter');
		await section.getByTestId('alert-place-status').getByText('Place chosen in Providencia.').waitFor();
		await section.getByLabel('500 m').check();
		await section.getByRole('button', { name: 'Turn on alerts' }).press('Enter');
		await section.getByText('Alerts are on: within 500 m of the place you chose.').waitFor();
		expect(await axeFindings(pageB)).toEqual([]);
		// After a reload the area is still there (Dexie, on this phone only).
		await pageB.reload();
		await pageB.getByTestId('alert-settings').getByText('Alerts are on: within 500 m').waitFor();
		// On the home page with alerts on, the list and the alerts share one feed: once the page has
		// settled, one socket to feed:providencia is open. The settings page follows the feed too
		// (alerts are on), and under load its socket could open after the listener below was
		// attached; navigating away then closed it with its page, with no close event, and it was
		// counted as a second socket. So the settings page is left first (about:blank), and only the
		// home page's sockets are counted. A socket that closed or failed does not count; if one
		// stays open too many, the timeline says when each opened and closed.
		await pageB.goto('about:blank');
		const feedSockets = new Set<WebSocket>();
		const started = Date.now();
		const timeline: string[] = [];
		let opened = 0;
		pageB.on('websocket', (ws) => {
			if (!decodeURIComponent(ws.url()).includes('feed:providencia')) return;
			const n = ++opened;
			const at = (what: string) => timeline.push(`socket ${n}: ${what} at ${Date.now() - started} ms`);
			at('opened');
			feedSockets.add(ws);
			ws.on('close', () => (at('closed'), feedSockets.delete(ws)));
			ws.on('socketerror', (error) => (at(`failed (${error})`), feedSockets.delete(ws)));
		});
		await pageB.goto(server.url);
		await expect.poll(() => feedSockets.size, { timeout: 15_000 }).toBeGreaterThan(0);
		for (const end = Date.now() + 10_000; feedSockets.size !== 1 && Date.now() < end; ) await pageB.waitForTimeout(100);
		await pageB.waitForTimeout(2000);
		expect(feedSockets.size, timeline.join('; ')).toBe(1);
	});

	it('A reports one event twice; B gets exactly one alert, and A none', async () => {
		await sendReport(pageA, 'Robbery', first);
		await alerts(pageB).first().waitFor({ timeout: 30_000 });
		await alerts(pageB).getByText('Reported near your alert area: Robbery').waitFor();
		await sendReport(pageA, 'Commotion', second);
		// B follows the alert to the first report's page and waits until its feed holds the second report.
		firstId = idOf(await alerts(pageB).getByRole('link', { name: 'See it' }).getAttribute('href'));
		await pageB.goto(`${server.url}/reports/view?id=${firstId}`);
		const other = pageB.getByTestId('incident-other').filter({ hasText: second });
		await other.waitFor({ timeout: 30_000 });
		secondId = idOf(await other.getByRole('link').getAttribute('href'));
		expect(secondId).not.toBe('');
		// The second report joined the incident: still exactly one alert, on every page.
		await pageB.waitForTimeout(2000);
		expect(await alerts(pageB).count()).toBe(1);
		await pageB.goto(server.url);
		await alerts(pageB).first().waitFor();
		expect(await alerts(pageB).count()).toBe(1);
		expect(await pageB.getByTestId('neighbour-alerts').textContent()).not.toMatch(/danger/i);
		expect(await axeFindings(pageB)).toEqual([]);
		// A's own reports never alert A.
		expect(await alerts(pageA).count()).toBe(0);
	});

	it('both report pages show one shared thread, written from either', async () => {
		await pageB.goto(`${server.url}/reports/view?id=${firstId}`);
		await chat(pageB).getByLabel('Your message').fill('I saw them run towards the park.');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		await messages(pageB).filter({ hasText: 'I saw them run towards the park.' }).getByText('You').waitFor();
		// A opens the other report of the event and finds the same thread.
		await pageA.goto(`${server.url}/reports/view?id=${secondId}`);
		await pageA.getByTestId('report-detail').getByText(second).waitFor();
		await pageA.getByTestId('incident-other').filter({ hasText: first }).waitFor({ timeout: 20_000 });
		await messages(pageA).filter({ hasText: 'I saw them run towards the park.' }).getByText('A neighbour').waitFor({ timeout: 20_000 });
		await chat(pageA).getByLabel('Your message').fill('Thanks, I reported it twice.');
		await chat(pageA).getByRole('button', { name: 'Send message' }).press('Enter');
		await messages(pageB).filter({ hasText: 'Thanks, I reported it twice.' }).getByText('A neighbour').waitFor({ timeout: 20_000 });
		expect(await messages(pageA).count()).toBe(2);
		expect(await messages(pageB).count()).toBe(2);
		expect(await axeFindings(pageA)).toEqual([]);
	});

	it('in a security thread, reminds to say what someone did, and asks before sending a description of looks', async () => {
		await chat(pageB).getByTestId('chat-security-hint').getByText('Say what the person did, not what they look like.').waitFor();
		const box = chat(pageB).getByLabel('Your message');
		await box.fill('A tall man in a black jacket');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		const check = chat(pageB).getByTestId('chat-check');
		expect(await check.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-concern')))).toEqual(['looks']);
		await check.getByRole('button', { name: 'Change my message' }).press('Enter');
		await box.fill('He forced the door of a parked car');
		await chat(pageB).getByRole('button', { name: 'Send message' }).press('Enter');
		await messages(pageA).filter({ hasText: 'He forced the door of a parked car' }).waitFor({ timeout: 20_000 });
		expect(await messages(pageB).filter({ hasText: 'black jacket' }).count()).toBe(0);
	});

	it('B dismisses the alert and it stays gone', async () => {
		await alerts(pageB).getByRole('button', { name: 'Dismiss' }).press('Enter');
		await alerts(pageB).first().waitFor({ state: 'detached' });
		await pageB.reload();
		await pageB.getByTestId('report-detail').waitFor();
		await pageB.waitForTimeout(1000);
		expect(await alerts(pageB).count()).toBe(0);
	});
});

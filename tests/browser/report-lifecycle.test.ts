import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsQueue, StaffIncident } from '../../src/lib/ops/contract.ts';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { axeFindings, browserSuite, waitForServiceWorker } from '../support/browser.ts';
import { metroPedroDeValdivia, openResident } from '../support/residents.ts';
import { setPractice } from '../support/practice.ts';
import type { TestServer } from '../support/server.ts';
import { staffCookie } from '../integration/reports-support.ts';
import { holdPanic, toSendStep } from '../support/report-flow.ts';

/**
 * The resident's side of the lifecycle (issue 15, item 7) and the panic screen telling the truth
 * (item 6): a resident reports; an operator acts in the console (the panic's steps over HTTP with a staff session); the resident, a
 * follower and a fresh device with a shared link see each step as it happens.
 */

const description = 'Luminaria apagada frente al metro';
const phone = '+56 9 8765 4321';
const firstAnswer = 'An operator has taken your report and will call you.';
const closingText = 'The streetlight was repaired this afternoon.';

let browser: Browser;
let server: TestServer;
let a: BrowserContext;
let pageA: Page;
let b: BrowserContext;
let pageB: Page;
let operator: string;
let reportId: string;
/** Uncaught errors on the follower's pages: none may happen (one stops Svelte's updates). */
const pageErrors: string[] = [];
let incidentId: string;

browserSuite((app) => ({ browser, server } = app));

async function ops(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
	return fetch(`${server.url}${path}`, { method, headers: { cookie: operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The operator, in the console's incident page: runs `steps` there (ending with the decision sent), then waits for the state it shows. */
async function inConsole(steps: (page: Page) => Promise<void>, stateAfter: string): Promise<void> {
	const [name, value] = operator.split('=') as [string, string];
	const desk = await browser.newContext({ locale: 'en' });
	try {
		await desk.addCookies([{ name, value, url: server.url }]);
		const page = await desk.newPage();
		await page.goto(`${server.url}/ops/incident?id=${incidentId}`);
		await page.getByTestId('ops-decisions').waitFor();
		await steps(page);
		await expect.poll(() => page.getByTestId('ops-incident-state').textContent(), { timeout: 20_000 }).toBe(stateAfter);
	} finally {
		await desk.close();
	}
}

async function panicAct(id: string, action: Record<string, unknown>): Promise<void> {
	const queue = (await (await ops('GET', '/api/ops/queue?municipality=providencia')).json()) as OpsQueue;
	const panic = queue.panics.find((p) => p.id === id);
	if (!panic) throw new Error(`panic ${id} not in the queue`);
	const response = await ops('POST', `/api/ops/panics/${id}/actions`, { version: panic.version, ...action });
	expect(response.status, await response.clone().text()).toBe(200);
}


const detail = (page: Page) => page.getByTestId('report-detail');
const chat = (page: Page) => page.getByTestId('report-chat');
const view = (id: string) => `${server.url}/reports/view?id=${id}`;

describe('the report’s lifecycle, as residents see it', () => {
	beforeAll(async () => {
		operator = await staffCookie(server, 'operator@providencia');
		({ context: a, page: pageA } = await openResident(browser, server.url));
		({ context: b, page: pageB } = await openResident(browser, server.url));
		pageB.on('pageerror', (e) => pageErrors.push(e.message));
	}, 120_000);

	afterAll(async () => {
		await a?.close();
		await b?.close();
	});

	it('“the municipality may call me” asks for the number, refuses a wrong one and sends it privately', async () => {
		await toSendStep(pageA, 'Streetlight out', description);
		await pageA.getByLabel('The municipality may phone me about this report').check();
		const number = pageA.getByLabel('Your phone number');
		await number.waitFor();
		expect(await axeFindings(pageA)).toEqual([]);
		await setPractice(pageA, false);
		await number.fill('call me');
		await pageA.getByRole('button', { name: 'Send report' }).press('Enter');
		await pageA.getByRole('alert').getByText('That number does not look right').waitFor();
		expect(await number.evaluate((el) => el === document.activeElement)).toBe(true);
		await number.fill(phone);
		await pageA.getByRole('button', { name: 'Send report' }).press('Enter');
		await pageA.getByRole('heading', { name: 'My reports' }).waitFor();
		const mine = pageA.locator('[data-testid="my-report"][data-state="received"]').filter({ hasText: description });
		await mine.waitFor({ timeout: 30_000 });
		// Each card links to its report.
		const href = (await mine.getByTestId('my-report-link').getAttribute('href')) ?? '';
		reportId = new URL(href, server.url).searchParams.get('id') ?? '';
		expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
		const shared = (await (await fetch(`${server.url}/api/reports/${reportId}`)).json()) as PublicReport;
		incidentId = shared.incidentId;
		// The public report carries no phone; the municipality's staff see it on this report.
		expect(JSON.stringify(shared)).not.toContain('8765');
		const staffView = (await (await ops('GET', `/api/ops/incidents/${incidentId}`)).json()) as StaffIncident;
		expect(staffView.reports.find((r) => r.id === reportId)).toMatchObject({ consentToCall: true, phone });
	}, 120_000);

	it('the report’s page shows where it is, and the first answer arrives with the municipality’s badge', async () => {
		await pageA.goto(view(reportId));
		await detail(pageA).getByText(description).waitFor();
		await pageA.getByTestId('report-where-map').waitFor();
		expect(await pageA.getByTestId('report-where-map').getAttribute('data-coarse')).toBe('no');
		// The operator, in the console: A's report is in the queue; opened, acknowledged with the first answer prefilled.
		const [name, value] = operator.split('=') as [string, string];
		const desk = await browser.newContext({ locale: 'en' });
		await desk.addCookies([{ name, value, url: server.url }]);
		const queue = await desk.newPage();
		await queue.goto(`${server.url}/ops`);
		await queue.getByTestId('queue-row').filter({ hasText: description }).click({ timeout: 20_000 });
		await queue.getByTestId('ops-decisions').waitFor();
		await queue.keyboard.press('a');
		// A agreed to be called: the default first answer says so.
		await expect.poll(() => queue.getByTestId('ops-ack-text').inputValue()).toBe(firstAnswer);
		await queue.getByTestId('ops-decision-submit').click();
		await expect.poll(() => queue.getByTestId('ops-incident-state').textContent()).toBe('Acknowledged');
		await desk.close();
		const answer = chat(pageA).locator('[data-testid="chat-message"][data-author="municipality"]').filter({ hasText: firstAnswer });
		await answer.waitFor({ timeout: 20_000 });
		expect(await answer.getByTestId('municipality-badge').textContent()).toBe('Municipality of Providencia');
		await pageA.locator('[data-testid="report-detail"][data-status="acknowledged"]').waitFor({ timeout: 20_000 });
		await pageA.getByTestId('report-timeline').locator('[data-type="acknowledged"]').waitFor();
		expect(await axeFindings(pageA)).toEqual([]);
	});

	it('a follower opens the shared link, follows it, and sees a dispatch as it happens', async () => {
		await pageB.goto(view(reportId));
		await detail(pageB).getByText(description).waitFor();
		await pageB.getByRole('button', { name: 'Follow this one' }).press('Enter');
		await pageB.getByText('You follow this report.').waitFor();
		await inConsole(async (desk) => {
			await desk.getByTestId('ops-decide-dispatch').click();
			await desk.getByTestId('ops-unit').fill('Cuadrilla de alumbrado 3');
			await desk.getByTestId('ops-decision-submit').click();
		}, 'In progress');
		for (const page of [pageA, pageB]) {
			await page.locator('[data-testid="report-detail"][data-status="in_progress"]').waitFor({ timeout: 20_000 });
			await page.getByTestId('report-status').getByText('The municipality has sent someone').waitFor();
		}
		// The unit is for staff: the public reads that someone was sent, not who.
		expect(await pageB.getByTestId('report-timeline').textContent()).not.toContain('Cuadrilla');
		await pageB.goto(server.url);
		await pageB.getByRole('heading', { name: 'Reports you follow' }).waitFor();
	});

	it('closed: the closing message is pinned with its outcome, the timeline is whole, the thread is read-only and A may ask to reopen', async () => {
		await inConsole(async (desk) => {
			await desk.getByTestId('ops-decide-close').click();
			await desk.getByTestId('ops-outcome').selectOption('resolved');
			await desk.getByTestId('ops-close-text').fill(closingText);
			await desk.getByTestId('ops-decision-submit').click();
			// Closing is destructive: the console asks first.
			await desk.locator('dialog[open] [data-testid="ops-confirm-yes"]').click();
		}, 'Closed');
		const closing = pageA.getByTestId('closing-message');
		await closing.waitFor({ timeout: 20_000 });
		expect(await closing.getByTestId('closing-text').textContent()).toBe(closingText);
		expect(await closing.getByTestId('closing-outcome').textContent()).toBe('Outcome: Resolved');
		await closing.getByText(/^Municipality of Providencia, /).waitFor();
		const types = await pageA.getByTestId('timeline-event').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
		expect(types.filter((t) => t !== 'auto_answer' && t !== 'message')).toEqual(['received', 'acknowledged', 'dispatched', 'closed']);
		// Read-only: a clear note instead of the text box.
		await chat(pageA).getByTestId('chat-closed').getByText('The report is closed: the conversation is read-only.').waitFor();
		expect(await chat(pageA).getByLabel('Your message').count()).toBe(0);
		expect(await axeFindings(pageA)).toEqual([]);
		// The reporter asks once to reopen it, with a reason; the confirmation is announced.
		await chat(pageA).getByRole('button', { name: 'Ask to reopen it' }).press('Enter');
		await pageA.getByLabel('Why it should be reopened').fill('It went dark again tonight.');
		await pageA.getByRole('button', { name: 'Send the request' }).press('Enter');
		await pageA.getByRole('status').getByText('Your request was sent.').waitFor();
		expect(await pageA.getByRole('button', { name: 'Ask to reopen it' }).count()).toBe(0);
		const staffView = (await (await ops('GET', `/api/ops/incidents/${incidentId}`)).json()) as StaffIncident;
		expect(staffView.timeline.some((e) => e.type === 'reopen_requested' && e.reason === 'It went dark again tonight.')).toBe(true);
	});

	it('the follower sees the closing message and what changed in their list; the feed shows it closed, not live', async () => {
		const followed = pageB.locator(`[data-testid="followed-report"][data-id="${reportId}"]`);
		await followed.locator('[data-testid="followed-closing"]').getByText(closingText).waitFor({ timeout: 20_000 });
		await followed.getByTestId('report-changes').locator('[data-change="closing"]').waitFor();
		await followed.getByText('New: Closed').waitFor();
		await pageB.locator(`[data-testid="feed-report"][data-id="${reportId}"]`).getByText(/^Closed after/).waitFor();
		expect(await axeFindings(pageB)).toEqual([]);
		// The follower's own page: the timeline and the pinned closing.
		await followed.getByRole('link').first().press('Enter');
		await pageB.getByTestId('closing-message').getByText(closingText).waitFor();
		await pageB.getByTestId('report-timeline').locator('[data-type="closed"]').waitFor();
		// Looked at: back in the list, nothing is new any more.
		await pageB.goto(server.url);
		await pageB.locator(`[data-testid="followed-report"][data-id="${reportId}"]`).waitFor();
		expect(await pageB.locator(`[data-testid="followed-report"][data-id="${reportId}"] [data-testid="report-changes"]`).count()).toBe(0);
		expect(pageErrors).toEqual([]);
	});

	it('a shared link opens on a fresh device that holds no feed, in each language, and axe finds nothing', async () => {
		const signed = { 'es-CL': 'Municipalidad de Providencia', en: 'Municipality of Providencia', 'pt-BR': 'Município de Providencia' };
		for (const [locale, badge] of Object.entries(signed)) {
			const fresh = await browser.newContext({ locale });
			try {
				const page = await fresh.newPage();
				await page.goto(view(reportId));
				await detail(page).getByText(description).waitFor({ timeout: 20_000 });
				await page.getByTestId('closing-message').getByText(closingText).waitFor({ timeout: 20_000 });
				await page.getByTestId('closing-message').getByText(new RegExp(`^${badge}, `)).waitFor();
				await page.getByTestId('report-timeline').locator('[data-type="closed"]').waitFor({ timeout: 20_000 });
				expect(await axeFindings(page), locale).toEqual([]);
			} finally {
				await fresh.close();
			}
		}
	}, 90_000);
});

describe('the panic screen tells only what happened', () => {
	let context: BrowserContext;
	let page: Page;

	beforeAll(async () => {
		operator ??= await staffCookie(server, 'operator@providencia');
		context = await browser.newContext({ locale: 'en', geolocation: metroPedroDeValdivia, permissions: ['geolocation'] });
		page = await context.newPage();
		await page.goto(`${server.url}/emergency`);
		await waitForServiceWorker(page);
		await setPractice(page, false);
	}, 60_000);

	afterAll(async () => {
		await context?.close();
	});


	const step = () => page.getByTestId('panic-delivery').getAttribute('data-step');

	it('offline: saved on the phone only; delivered later: received, and nothing more', async () => {
		await context.setOffline(true);
		await holdPanic(page);
		await page.locator('[data-testid="panic-delivery"][data-step="saved"][data-delivery="queued"]').waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('panic-delivery').textContent()).toContain('saved on this phone');
		expect(await page.getByTestId('panic-delivery').textContent()).not.toMatch(/received|operator/i);
		await context.setOffline(false);
		await expect.poll(step, { timeout: 40_000 }).toBe('received');
		expect(await page.getByTestId('panic-delivery').textContent()).toContain('No operator has seen it yet');
		expect(await axeFindings(page)).toEqual([]);
	}, 90_000);

	it('follows seen → dispatched → closed as an operator acts', async () => {
		const queue = (await (await ops('GET', '/api/ops/queue?municipality=providencia')).json()) as OpsQueue;
		const alert = queue.panics.find((p) => p.status === 'open');
		if (!alert) throw new Error('the alert is not in the queue');
		await panicAct(alert.id, { action: 'acknowledge' });
		await expect.poll(step, { timeout: 20_000 }).toBe('seen');
		expect(await page.getByTestId('panic-delivery').textContent()).toContain('an operator of your municipality saw your alert');
		await panicAct(alert.id, { action: 'dispatch', unit: 'Móvil 12' });
		await expect.poll(step, { timeout: 20_000 }).toBe('dispatched');
		expect(await page.getByTestId('panic-steps').textContent()).not.toContain('Móvil');
		await panicAct(alert.id, { action: 'close', note: 'Neighbour was safe; false alarm.' });
		await expect.poll(step, { timeout: 20_000 }).toBe('closed');
		const done = await page.getByTestId('panic-steps').locator('li[data-done="yes"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-step')));
		expect(done).toEqual(['saved', 'received', 'seen', 'dispatched', 'closed']);
		expect(await axeFindings(page)).toEqual([]);
	});
});

import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuePanic, StaffIncident } from '../../src/lib/ops/contract.ts';
import { axeViolations, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { decide, staffCookie } from '../integration/reports-support.ts';
import { demoPassword } from '../support/demo-staff.ts';

/**
 * The console's incident page, on-behalf form and panic page (issue 15), driven in Chromium against
 * the production build and a real server: residents report over the real API, an operator signed
 * in with a seeded account decides in the page, and what the page shows is checked against the
 * server's own answers.
 */
let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

let cookie: string;
let operator: BrowserContext;

/** A point in Providencia, a few hundred metres apart per `n`, so reports never group into one incident. */
const pointNear = (n: number): [number, number] => [-70.6128 + 0.004 * (n % 4), -33.4255 + 0.004 * Math.floor(n / 4)];
let reportCount = 0;

/** A resident's report over the real API; answers its incident's id. */
async function residentReport(over: Record<string, unknown> = {}): Promise<{ reportId: string; incidentId: string }> {
	const id = randomUUID();
	const response = await fetch(`${server.url}/api/reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			id,
			category: 'streetlight_out',
			description: `The corner light is out (${reportCount})`,
			location: { kind: 'point', point: pointNear(reportCount++), source: 'map' },
			consentToCall: false,
			reportedAt: new Date().toISOString(),
			...over
		})
	});
	expect(response.status, await response.clone().text()).toBe(201);
	const receipt = (await response.json()) as { incidentId: string };
	return { reportId: id, incidentId: receipt.incidentId };
}

async function staffView(incidentId: string): Promise<StaffIncident> {
	const response = await fetch(`${server.url}/api/ops/incidents/${incidentId}`, { headers: { cookie } });
	expect(response.status).toBe(200);
	return (await response.json()) as StaffIncident;
}

/** The operator's browser: signed in with the seeded operator's session cookie, in `locale`. */
async function operatorContext(locale: string): Promise<BrowserContext> {
	const [name, value] = cookie.split('=') as [string, string];
	const context = await browser.newContext({ locale });
	await context.addCookies([{ name, value, url: server.url }]);
	return context;
}

async function openIncident(page: Page, incidentId: string): Promise<void> {
	await page.goto(`${server.url}/ops/incident?id=${incidentId}`);
	await page.getByTestId('ops-decisions').waitFor();
}

const state = (page: Page) => page.getByTestId('ops-incident-state');

/** The seed prints each demo account's password once, at the first start. */
const passwordOf = (username: string): string => demoPassword(server, username);

/** Keeps every EventSource the page opens, to tell whether a page left closed its stream. */
const countStreams = () => {
	const w = window as unknown as { __streams: EventSource[] };
	w.__streams = [];
	const Native = window.EventSource;
	window.EventSource = class extends Native {
		constructor(...args: ConstructorParameters<typeof EventSource>) {
			super(...args);
			w.__streams.push(this);
		}
	};
};
const openStreams = (page: Page) => page.evaluate(() => (window as unknown as { __streams: EventSource[] }).__streams.filter((s) => s.readyState !== EventSource.CLOSED).length);

beforeAll(async () => {
	cookie = await staffCookie(server, 'operator@providencia');
	operator = await operatorContext('en');
});
afterAll(async () => {
	await operator?.close();
});

describe('the incident page', () => {
	it('acknowledges with the first answer prefilled and edited, dispatches, and closes with a message', async () => {
		const { incidentId } = await residentReport({ description: 'Dark corner by the school' });
		const page = await operator.newPage();
		await openIncident(page, incidentId);
		await expect.poll(() => state(page).textContent()).toBe('Received');
		await expect.poll(() => page.getByTestId('ops-report').first().textContent()).toContain('Dark corner by the school');
		// The automatic first answer is in the timeline, by nobody.
		await page.getByTestId('ops-timeline-event').filter({ hasText: 'Automatic answer' }).waitFor();

		await page.getByTestId('ops-decide-acknowledge').click();
		const answer = page.getByTestId('ops-ack-text');
		// No reporter agreed to be called: the default promises no call.
		await expect.poll(() => answer.inputValue()).toBe('An operator has taken your report. We will review it with the right team and tell you here.');
		await answer.fill('An operator has taken your report. A crew checks the lights tonight.');
		await page.getByTestId('ops-decision-submit').click();
		await expect.poll(() => state(page).textContent()).toBe('Acknowledged');
		await page.getByTestId('ops-handler').getByText('operator@providencia').waitFor();
		await page.getByTestId('ops-thread-message').filter({ hasText: 'A crew checks the lights tonight.' }).waitFor();

		await page.getByTestId('ops-decide-dispatch').click();
		await page.getByTestId('ops-unit').fill('Cuadrilla 3');
		// A streetlight: its category's own template first, the group's next, each editable.
		await expect.poll(() => page.getByTestId('ops-dispatch-text').inputValue()).toBe('A lighting crew will check the streetlight.');
		expect(await page.getByTestId('ops-dispatch-template').locator('option').allTextContents()).toEqual(['Lighting crew', 'Team assigned', 'Patrol on its way', 'Write my own text']);
		await page.getByTestId('ops-dispatch-template').selectOption('dispatch_team');
		await expect.poll(() => page.getByTestId('ops-dispatch-text').inputValue()).toBe('We assigned a team, which will go to the place.');
		await page.getByTestId('ops-decision-submit').click();
		await expect.poll(() => state(page).textContent()).toBe('In progress');

		await page.getByTestId('ops-decide-close').click();
		await page.getByTestId('ops-outcome').selectOption('resolved');
		await expect.poll(() => page.getByTestId('ops-close-text').inputValue()).toBe('The streetlight works again. Thank you for reporting.');
		await page.getByTestId('ops-close-text').fill('The light was repaired this morning. Thank you.');
		await page.getByTestId('ops-decision-submit').click();
		// Closing asks first.
		await confirmYes(page);
		await expect.poll(() => state(page).textContent()).toBe('Closed');

		const view = await staffView(incidentId);
		expect(view.incident).toMatchObject({ state: 'closed', outcome: 'resolved', unit: 'Cuadrilla 3' });
		const byType = Object.fromEntries(view.timeline.map((e) => [e.type, e]));
		expect(byType.acknowledged).toMatchObject({ publicMessage: 'An operator has taken your report. A crew checks the lights tonight.', actor: { name: 'operator@providencia' } });
		expect(byType.dispatched).toMatchObject({ publicMessage: 'We assigned a team, which will go to the place.', data: { unit: 'Cuadrilla 3' } });
		expect(byType.closed).toMatchObject({ publicMessage: 'The light was repaired this morning. Thank you.' });
		// Each decision is in the page's timeline, with who made it.
		for (const type of ['acknowledged', 'dispatched', 'closed']) {
			await expect.poll(() => page.locator(`[data-testid="ops-timeline-event"][data-type="${type}"] [data-testid="ops-timeline-actor"]`).textContent()).toBe('operator@providencia');
		}
		// Closed: only reopening is offered, and the thread takes no more messages.
		expect(await page.getByTestId('ops-decisions').getByRole('button').allTextContents()).toEqual(['Reopen o']);
		expect(await page.getByTestId('ops-message-send').count()).toBe(0);
		await page.close();
	});

	it('says so when another operator closed the incident meanwhile, reloads it and keeps what was typed', async () => {
		const { incidentId } = await residentReport();
		const page = await operator.newPage();
		await openIncident(page, incidentId);
		await page.getByTestId('ops-decide-close').click();
		await page.getByTestId('ops-close-text').fill('Closing this one, my words.');
		// Another operator closes it over HTTP while this one types.
		expect((await decide(server, cookie, { incidentId, status: 'closed', message: 'Closed by a colleague first.' })).status).toBe(200);
		await page.getByTestId('ops-decision-submit').click();
		await confirmYes(page);
		const failure = page.getByTestId('ops-decisions').getByTestId('ops-failure');
		await failure.getByText('Your decision was not applied').waitFor();
		expect(await failure.getAttribute('data-kind')).toBe('stale');
		await expect.poll(() => state(page).textContent()).toBe('Closed');
		// Only the colleague's closing counts.
		expect((await staffView(incidentId)).timeline.filter((e) => e.type === 'closed').map((e) => e.publicMessage)).toEqual(['Closed by a colleague first.']);
		// What was typed is kept for this tab (sessionStorage), for a reopening and a new closing.
		expect(await page.evaluate((id) => sessionStorage.getItem(`cuadra.ops.draft.close:${id}`), incidentId)).toBe('Closing this one, my words.');
		await page.close();
	});

	it('keeps the closing message being typed when the session ends, signs in again in place and sends it', async () => {
		const { incidentId } = await residentReport();
		// A session of its own, to end it.
		const own = await staffCookie(server, 'operator@providencia');
		const [name, value] = own.split('=') as [string, string];
		const context = await browser.newContext({ locale: 'en' });
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		await openIncident(page, incidentId);
		await page.getByTestId('ops-decide-close').click();
		await page.getByTestId('ops-outcome').selectOption('nothing_found');
		await page.getByTestId('ops-close-text').fill('The patrol went by twice and found nothing, my own words.');
		// Meanwhile the session ends (signed out elsewhere, or it expired).
		expect((await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: own, origin: server.url } })).status).toBe(204);
		await page.getByTestId('ops-decision-submit').click();
		await confirmYes(page);
		const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
		await dialog.waitFor({ timeout: 15_000 });
		// The page is still there behind it, the text as typed.
		expect(await page.getByTestId('ops-close-text').inputValue()).toBe('The patrol went by twice and found nothing, my own words.');
		await dialog.getByLabel('Username').fill('operator@providencia');
		await dialog.getByLabel('Password').fill(passwordOf('operator@providencia'));
		await dialog.getByRole('button', { name: 'Sign in' }).click();
		// Signed in again, the decision that failed is sent again: closed with the operator's words.
		await expect.poll(() => state(page).textContent(), { timeout: 15_000 }).toBe('Closed');
		const closed = (await staffView(incidentId)).timeline.filter((e) => e.type === 'closed');
		expect(closed.map((e) => [e.publicMessage, e.data])).toEqual([['The patrol went by twice and found nothing, my own words.', expect.objectContaining({ outcome: 'nothing_found' })]]);
		await context.close();
	});

	it('keeps internal notes for staff: in the page, never in what the public reads', async () => {
		const { reportId, incidentId } = await residentReport();
		const page = await operator.newPage();
		await openIncident(page, incidentId);
		await page.getByTestId('ops-notes').getByText('Only staff see this.').waitFor();
		await page.getByTestId('ops-note-text').fill('Neighbour at number 12 has a key to the meter box.');
		await page.getByTestId('ops-note-add').click();
		await page.getByTestId('ops-note').filter({ hasText: 'Neighbour at number 12 has a key to the meter box.' }).waitFor();
		const note = (await staffView(incidentId)).timeline.find((e) => e.type === 'note');
		expect(note).toMatchObject({ visibility: 'staff', reason: 'Neighbour at number 12 has a key to the meter box.' });
		// The public feed carries the report, and not the note.
		const feed = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		expect(feed).toContain(reportId);
		expect(feed).not.toContain('meter box');
		await page.close();
	});

	it('runs acknowledge and close from the keyboard alone, never while typing', async () => {
		const { incidentId } = await residentReport();
		const page = await operator.newPage();
		await page.addInitScript(countStreams);
		await openIncident(page, incidentId);
		// A letter typed in a note is a letter.
		await page.getByTestId('ops-note-text').focus();
		await page.keyboard.type('a c d');
		expect(await page.getByTestId('ops-decision-form').count()).toBe(0);
		expect(await page.getByTestId('ops-note-text').inputValue()).toBe('a c d');
		await page.keyboard.press('Tab');

		await page.keyboard.press('a');
		const form = page.getByTestId('ops-decision-form');
		await expect.poll(() => form.getAttribute('data-decision')).toBe('acknowledge');
		await tabTo(page, 'ops-decision-submit');
		await page.keyboard.press('Enter');
		await expect.poll(() => state(page).textContent()).toBe('Acknowledged');

		await page.keyboard.press('c');
		await expect.poll(() => form.getAttribute('data-decision')).toBe('close');
		await tabTo(page, 'ops-decision-submit');
		await page.keyboard.press('Enter');
		// The confirmation has the focus on "No, go back"; the operator moves to "Yes, close it".
		await page.locator('dialog[open]').waitFor();
		await page.keyboard.press('Shift+Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ops-confirm-yes');
		await page.keyboard.press('Enter');
		await expect.poll(() => state(page).textContent()).toBe('Closed');

		await page.keyboard.press('Escape');
		await page.waitForURL(`${server.url}/ops`);
		// The incident page's stream closed with it: only the queue's is open.
		await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
		await expect.poll(() => openStreams(page)).toBe(1);
		await page.close();
	});

	it('shows a phone as a tel: link only for a reporter who agreed to be called', async () => {
		const quiet = await residentReport({ consentToCall: false });
		const page = await operator.newPage();
		await openIncident(page, quiet.incidentId);
		await page.getByTestId('ops-report').getByText('Did not ask to be called').waitFor();
		expect(await page.locator('a[href^="tel:"]').count()).toBe(0);

		// A resident who agreed to be called, with their number.
		const consenting = await residentReport({ consentToCall: true, phone: '+56 9 7777 1234' });
		await openIncident(page, consenting.incidentId);
		await page.getByTestId('ops-report-phone').waitFor();
		expect(await page.getByTestId('ops-report-phone').getAttribute('href')).toBe('tel:+56977771234');

		// A caller who leaves a number agrees to be called back on it.
		const called = await onBehalf({ channel: 'phone', callerPhone: '+56 9 8765 4321', consentToCall: true, description: 'Caller says the light flickers all night' });
		await openIncident(page, called.incidentId);
		const tel = page.getByTestId('ops-report-phone');
		await tel.waitFor();
		expect(await tel.getAttribute('href')).toBe('tel:+56987654321');
		expect(await tel.textContent()).toBe('+56 9 8765 4321');

		const noNumber = await onBehalf({ channel: 'walk_in', consentToCall: false, description: 'Walked in about the light' });
		await openIncident(page, noNumber.incidentId);
		await page.getByTestId('ops-report').getByText('Did not ask to be called').waitFor();
		expect(await page.getByTestId('ops-report-channel').textContent()).toBe('In person');
		expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
		await page.close();
	});
});

/** Confirms the decision in the dialog that is open. */
const confirmYes = (page: Page) => page.locator('dialog[open] [data-testid="ops-confirm-yes"]').click();

/** Tabs forward until the element with `testId` has the focus (at most 25 presses). */
async function tabTo(page: Page, testId: string): Promise<void> {
	for (let i = 0; i < 25; i++) {
		if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`never reached ${testId} with Tab`);
}

/** A report entered on someone's behalf over the API (the form is tested on its own below). */
async function onBehalf(over: { channel: 'phone' | 'walk_in'; callerPhone?: string; consentToCall: boolean; description: string }) {
	const response = await fetch(`${server.url}/api/ops/reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, origin: server.url },
		body: JSON.stringify({ id: randomUUID(), municipality: 'providencia', category: 'streetlight_out', location: { kind: 'point', point: pointNear(reportCount++), source: 'map' }, ...over })
	});
	expect(response.status, await response.clone().text()).toBe(201);
	return (await response.json()) as { reportId: string; incidentId: string };
}

describe('a report on someone’s behalf', () => {
	it('enters a phoned-in report with a typed place and a private phone, then opens its incident', async () => {
		const page = await operator.newPage();
		await page.goto(`${server.url}/ops/new`);
		await page.getByTestId('ops-new-phone').check();
		await page.getByTestId('ops-new-category').selectOption('dumped_rubbish');
		await page.getByTestId('ops-new-description').fill('Caller reports rubbish dumped on the pavement');
		await page.getByTestId('ops-new-where-place').check();
		await page.getByTestId('ops-new-place').fill('Los Leones 1200, by the bus stop');
		await page.getByTestId('ops-new-caller').fill('+56 2 2345 6789');
		await page.getByTestId('ops-new-submit').click();
		await page.waitForURL(/\/ops\/incident\?id=/);
		await page.getByTestId('ops-decisions').waitFor();
		const report = page.getByTestId('ops-report');
		await expect.poll(() => report.getByTestId('ops-report-channel').textContent()).toBe('By phone');
		expect(await report.getByTestId('ops-report-place').textContent()).toBe('Los Leones 1200, by the bus stop');
		expect(await report.getByTestId('ops-report-phone').getAttribute('href')).toBe('tel:+56223456789');
		const id = new URL(page.url()).searchParams.get('id') ?? '';
		const view = await staffView(id);
		expect(view.reports[0]).toMatchObject({ channel: 'phone', category: 'dumped_rubbish', place: 'Los Leones 1200, by the bus stop', consentToCall: true, phone: '+56 2 2345 6789' });
		await page.close();
	});
});

describe('a panic alert in the console', () => {
	it('is acknowledged, dispatched and closed, each step in the page and on the server', async () => {
		const id = randomUUID();
		const raised = await fetch(`${server.url}/api/panic`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id, claimedAt: new Date().toISOString(), location: { latitude: -33.4255, longitude: -70.6128, accuracy: 12 }, homeMunicipalityId: null })
		});
		expect(raised.status).toBe(201);
		const page = await operator.newPage();
		await page.addInitScript(countStreams);
		// From the queue, as an operator reaches it: the panic row is the first j walks to, Enter opens it.
		await page.goto(`${server.url}/ops`);
		await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
		await page.keyboard.press('j');
		expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(id);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => url.pathname === '/ops/panic' && url.searchParams.get('id') === id);
		const status = page.getByTestId('ops-panic-status');
		await expect.poll(() => status.getAttribute('data-status')).toBe('open');
		// The queue's stream closed when it was left; the panic page follows its own.
		await expect.poll(() => openStreams(page)).toBe(1);
		await page.getByTestId('ops-pins-map').waitFor();

		await page.getByTestId('ops-panic-acknowledge').click();
		await expect.poll(() => status.getAttribute('data-status')).toBe('acknowledged');
		await page.getByTestId('ops-panic-dispatch').click();
		await page.getByTestId('ops-panic-unit-input').fill('Patrulla 12');
		await page.getByTestId('ops-panic-submit').click();
		await expect.poll(() => status.getAttribute('data-status')).toBe('dispatched');
		expect(await page.getByTestId('ops-panic-unit').textContent()).toBe('Patrulla 12');
		await page.getByTestId('ops-panic-close').click();
		await page.getByTestId('ops-panic-note').fill('Patrol found the resident safe.');
		await page.getByTestId('ops-panic-submit').click();
		await confirmYes(page);
		await expect.poll(() => status.getAttribute('data-status')).toBe('closed');
		const one = (await (await fetch(`${server.url}/api/ops/panics/${id}`, { headers: { cookie } })).json()) as QueuePanic;
		expect(one).toMatchObject({ id, status: 'closed', unit: 'Patrulla 12' });
		// Back to the queue: the panic page's stream is closed, only the queue's is open.
		await page.getByRole('link', { name: 'Back to the queue' }).click();
		await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
		await expect.poll(() => openStreams(page)).toBe(1);
		expect(await page.evaluate(() => (window as unknown as { __streams: EventSource[] }).__streams.length)).toBe(3);
		await page.close();
	});

	it('says so when another operator acted on the alert first, and reloads it', async () => {
		const id = randomUUID();
		await fetch(`${server.url}/api/panic`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id, claimedAt: new Date().toISOString(), location: { latitude: -33.4255, longitude: -70.6128, accuracy: 12 }, homeMunicipalityId: null })
		});
		const page = await operator.newPage();
		await page.goto(`${server.url}/ops/panic?id=${id}`);
		await page.getByTestId('ops-panic-close').click();
		await page.getByTestId('ops-panic-note').fill('False alarm, resident called back.');
		// Another operator acknowledges it while this one writes the closing note.
		const acted = await fetch(`${server.url}/api/ops/panics/${id}/actions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: server.url }, body: JSON.stringify({ action: 'acknowledge', version: 1 }) });
		expect(acted.status).toBe(200);
		await page.getByTestId('ops-panic-submit').click();
		await confirmYes(page);
		await page.getByTestId('ops-failure').getByText('Your decision was not applied').waitFor();
		await expect.poll(() => page.getByTestId('ops-panic-status').getAttribute('data-status')).toBe('acknowledged');
		// The note is kept, and closing now (on what is shown) works.
		expect(await page.getByTestId('ops-panic-note').inputValue()).toBe('False alarm, resident called back.');
		await page.getByTestId('ops-panic-submit').click();
		await confirmYes(page);
		await expect.poll(() => page.getByTestId('ops-panic-status').getAttribute('data-status')).toBe('closed');
		await page.close();
	});
});

describe('accessibility', () => {
	it('has no axe violations on the incident page, the on-behalf form and the panic page, in every language', async () => {
		const { incidentId } = await residentReport({ consentToCall: true, phone: '+56 9 5555 0000' });
		const panicId = randomUUID();
		await fetch(`${server.url}/api/panic`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id: panicId, claimedAt: new Date().toISOString(), location: { latitude: -33.4255, longitude: -70.6128, accuracy: 12 }, homeMunicipalityId: null })
		});
		const found: string[] = [];
		for (const locale of ['es-CL', 'en', 'pt-BR']) {
			const context = await operatorContext(locale);
			const page = await context.newPage();
			const pages: [string, string][] = [
				[`/ops/incident?id=${incidentId}`, 'ops-decisions'],
				['/ops/new', 'ops-new-form'],
				[`/ops/panic?id=${panicId}`, 'ops-panic']
			];
			for (const [path, ready] of pages) {
				await page.goto(`${server.url}${path}`);
				await page.getByTestId(ready).waitFor();
				if (path.startsWith('/ops/incident')) {
					// With a decision's form open too: its fields are checked as well.
					await page.getByTestId('ops-decide-acknowledge').click();
					await page.getByTestId('ops-ack-text').waitFor();
				}
				expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
				for (const v of await axeViolations(page)) found.push(`${locale} ${path}: ${v.id} — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
			}
			await context.close();
		}
		expect(found).toEqual([]);
	});
});

import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { openResident } from '../support/residents.ts';
import { demoSession } from '../support/demo-staff.ts';

/**
 * Issue 16, item 7's browser test: two residents and the municipality's staff. B writes a message
 * that says where a neighbour lives; A flags it; an operator hides it with a reason in the console.
 * A, B and a fresh device read the placeholder with the reason, never the text. The operator also
 * limits B's writing for three days: B's thread says why and until when. B, told the hidden message
 * was theirs, asks for a review; an admin reverses the decision, B reads the outcome and the message
 * is back for everyone; the admin lifts the limit and B writes again. axe finds nothing on the
 * screens on the way.
 */
let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

const secret = 'He lives at Los Leones 1234, the one in the red jacket.';
let reportId = '';
let a: { context: BrowserContext; page: Page };
let b: { context: BrowserContext; page: Page };

const chat = (page: Page) => page.getByTestId('report-chat');
const view = () => `${server.url}/reports/view?id=${reportId}`;

async function staffPage(username: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
	await context.addCookies([{ name: 'cuadra_session', value: await demoSession(server, username), url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/ops/moderation`);
	await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor();
	return page;
}

beforeAll(async () => {
	reportId = randomUUID();
	const sent = await fetch(`${server.url}/api/reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id: reportId, category: 'suspicious_activity', description: 'Someone trying car doors on the corner', location: { kind: 'point', point: [-70.6098, -33.4235], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() })
	});
	expect(sent.status, await sent.clone().text()).toBe(201);
	[a, b] = await Promise.all([openResident(browser, server.url), openResident(browser, server.url)]);
}, 120_000);

afterAll(async () => {
	await a?.context.close();
	await b?.context.close();
});

describe('moderation, from a flag to a restore', () => {
	it('A flags B’s message with a reason, in a dialog axe finds nothing in', async () => {
		await b.page.goto(view());
		await chat(b.page).getByLabel('Your message').fill(secret);
		await chat(b.page).getByRole('button', { name: 'Send message' }).press('Enter');
		// The thread's gentle check (a look, an address) asks first; B sends it anyway.
		await chat(b.page).getByTestId('chat-check').locator('[data-concern="address"]').waitFor();
		await chat(b.page).getByTestId('chat-send-anyway').click();
		await expect.poll(() => chat(b.page).getByTestId('chat-message').filter({ hasText: secret }).getAttribute('data-sent'), { timeout: 20_000 }).toBe('yes');
		// B's own message offers no flag.
		expect(await chat(b.page).getByTestId('chat-message').filter({ hasText: secret }).getByTestId('flag-message').count()).toBe(0);

		await a.page.goto(view());
		const message = chat(a.page).getByTestId('chat-message').filter({ hasText: secret });
		await message.waitFor({ timeout: 20_000 });
		await message.getByTestId('flag-message').click();
		const dialog = a.page.getByTestId('flag-dialog');
		await dialog.getByRole('heading', { name: 'Flag a message' }).waitFor();
		// "Something else" needs a note: said, and nothing sent.
		await dialog.getByLabel('Something else').check();
		await dialog.getByTestId('flag-send').click();
		await dialog.getByTestId('flag-problem').waitFor();
		await dialog.getByLabel('Personal data').check();
		expect(await axeFindings(a.page)).toEqual([]);
		await dialog.getByTestId('flag-send').click();
		await dialog.getByTestId('flag-status').getByText('Thanks. The municipality will look at it.').waitFor();
		await dialog.getByTestId('flag-close').click();
	}, 60_000);

	it('an operator hides it with a reason; A, B and a fresh device read why in its place, never the text', async () => {
		const desk = await staffPage('operator@providencia');
		const item = desk.getByTestId('moderation-item').filter({ hasText: secret });
		await item.waitFor({ timeout: 20_000 });
		expect(await item.getByTestId('moderation-reasons').textContent()).toContain('Personal data (1)');
		expect(await axeFindings(desk)).toEqual([]);
		await item.getByTestId('moderation-hide').click();
		const form = desk.getByTestId('moderation-hide-form');
		expect(await form.getByTestId('moderation-hide-reason').inputValue()).toBe('personal_data');
		await form.getByTestId('moderation-hide-note').fill('Dirección de un vecino');
		expect(await axeFindings(desk)).toEqual([]);
		await form.getByTestId('moderation-hide-submit').click();
		await desk.getByTestId('moderation-done').getByText('Hidden. Residents now read: Hidden by the municipality: personal data.').waitFor();
		await desk.getByTestId('moderation-empty').getByText('Nothing is flagged.').waitFor();
		// An operator may not restore.
		await desk.getByTestId('moderation-view-hidden').check();
		const hidden = desk.getByTestId('moderation-item').filter({ hasText: secret });
		await hidden.getByTestId('moderation-hidden-by').getByText('operator@providencia').waitFor();
		expect(await hidden.getByTestId('moderation-restore').count()).toBe(0);
		await desk.context().close();

		for (const page of [a.page, b.page]) {
			await chat(page).getByTestId('hidden-message').getByText('Hidden by the municipality: personal data').waitFor({ timeout: 20_000 });
			expect(await chat(page).textContent()).not.toContain('Los Leones 1234');
		}
		expect(await axeFindings(a.page)).toEqual([]);
		const fresh = await openResident(browser, server.url);
		await fresh.page.goto(view());
		await chat(fresh.page).getByTestId('hidden-message').getByText('Hidden by the municipality: personal data').waitFor({ timeout: 20_000 });
		expect(await fresh.page.content()).not.toContain('Los Leones 1234');
		await fresh.context.close();
	}, 90_000);

	it('the operator limits B’s writing for 3 days; B’s thread says why and until when, and nothing B types is lost', async () => {
		const desk = await staffPage('operator@providencia');
		await desk.getByTestId('moderation-view-hidden').check();
		const item = desk.getByTestId('moderation-item').filter({ hasText: secret });
		await item.getByTestId('moderation-limit').click();
		const form = item.getByTestId('moderation-limit-form');
		// The reason starts at the one the message was hidden for.
		expect(await form.getByTestId('moderation-limit-reason').inputValue()).toBe('personal_data');
		await form.getByTestId('moderation-limit-days').selectOption('3');
		await form.getByTestId('moderation-limit-note').fill('Segunda vez que da una dirección');
		expect(await axeFindings(desk)).toEqual([]);
		await form.getByTestId('moderation-limit-submit').click();
		await desk.getByTestId('moderation-done').getByText(/^The author cannot write in the municipality's threads until /).waitFor();
		// The card stays (the message is still hidden), and a second limit is refused in words.
		await item.getByTestId('moderation-limit').click();
		await item.getByTestId('moderation-limit-submit').click();
		await item.getByTestId('moderation-refused').getByText('This author is limited already.', { exact: false }).waitFor();
		await item.getByTestId('moderation-limit-cancel').click();
		// The list of limits: the reason, the note and who set it; only admins lift.
		await desk.getByTestId('moderation-view-limits').check();
		const limit = desk.getByTestId('limit');
		await limit.waitFor();
		expect(await limit.getByTestId('limit-reason').getAttribute('data-reason')).toBe('personal_data');
		expect(await limit.getByTestId('limit-note').textContent()).toBe('Segunda vez que da una dirección');
		expect(await limit.getByTestId('limit-by').textContent()).toBe('operator@providencia');
		expect(await limit.getByTestId('limit-lift').count()).toBe(0);
		// Reviews are the admins' queue: an operator has no such view.
		expect(await desk.getByTestId('moderation-view-reviews').count()).toBe(0);
		expect(await axeFindings(desk)).toEqual([]);
		await desk.context().close();

		await b.page.reload();
		const notice = chat(b.page).getByTestId('chat-limited');
		await notice.waitFor({ timeout: 20_000 });
		const until = new Date(Date.now() + 3 * 86_400_000).toLocaleDateString('en', { dateStyle: 'short' });
		expect(await notice.textContent()).toContain(`until ${until}`);
		expect(await notice.textContent()).toContain('Reason: Personal data');
		expect(await chat(b.page).getByRole('button', { name: 'Send message' }).count()).toBe(0);
		await chat(b.page).getByLabel('Your message').fill('Perdón, no lo vuelvo a hacer');
		await notice.getByText('What you wrote stays in the box: it was not sent.').waitFor();
		expect(await axeFindings(b.page)).toEqual([]);
		// A, not limited, still writes.
		await a.page.reload();
		await chat(a.page).getByRole('button', { name: 'Send message' }).waitFor({ timeout: 20_000 });
		expect(await chat(a.page).getByTestId('chat-limited').count()).toBe(0);
	}, 90_000);

	it('B asks for a review of the hidden message; an admin reverses it, B reads the outcome and the message is back for everyone; the admin lifts B’s limit; the record says who and why', async () => {
		const yours = chat(b.page).getByTestId('hidden-yours');
		await yours.getByText('This was your message.').waitFor({ timeout: 20_000 });
		// Only its author is told, and only they may ask.
		expect(await chat(a.page).getByTestId('hidden-yours').count()).toBe(0);
		await yours.getByTestId('review-ask').click();
		await yours.getByTestId('review-reason').fill('No di la dirección de nadie en particular');
		expect(await axeFindings(b.page)).toEqual([]);
		await yours.getByTestId('review-send').click();
		await yours.getByTestId('review-status').getByText(/^You asked for a review on /).waitFor();
		expect(await yours.getByTestId('review-ask').count()).toBe(0);

		const admin = await staffPage('admin@providencia');
		await admin.getByTestId('moderation-view-reviews').check();
		const review = admin.getByTestId('review-item').filter({ hasText: 'No di la dirección de nadie en particular' });
		await review.waitFor();
		expect(await review.getByTestId('review-text').textContent()).toBe(secret);
		expect(await review.getByTestId('review-decided-by').textContent()).toContain('operator@providencia');
		await review.getByTestId('review-reversed').click();
		await admin.getByTestId('review-decide-reason').fill('Revisado: no identifica a nadie');
		expect(await axeFindings(admin)).toEqual([]);
		await admin.getByTestId('review-decide-submit').click();
		await admin.getByTestId('reviews-done').getByText('Reversed. The resident reads your reason.').waitFor();
		await admin.getByTestId('reviews-empty').waitFor();
		// The admin lifts B's limit early, with a reason.
		await admin.getByTestId('moderation-view-limits').check();
		await admin.getByTestId('limit').getByTestId('limit-lift').click();
		await admin.getByTestId('limit-lift-reason').fill('Se disculpó en persona');
		expect(await axeFindings(admin)).toEqual([]);
		await admin.getByTestId('limit-lift-submit').click();
		await admin.getByTestId('limits-done').getByText('Limit lifted: the resident can write again.').waitFor();
		await admin.getByTestId('limits-empty').waitFor();
		await admin.goto(`${server.url}/ops/admin/audit`);
		await admin.locator('[data-testid="audit-entry"][data-action="review_reversed"]').filter({ hasText: 'Revisado: no identifica a nadie' }).waitFor({ timeout: 20_000 });
		await admin.context().close();

		// Back for everyone; B reads the outcome and why, in the open thread.
		for (const page of [a.page, b.page]) await chat(page).getByTestId('chat-message').filter({ hasText: secret }).waitFor({ timeout: 20_000 });
		expect(await chat(b.page).getByTestId('hidden-message').count()).toBe(0);
		const outcome = chat(b.page).getByTestId('chat-message').filter({ hasText: secret }).getByTestId('review-status');
		await outcome.getByText('Reviewed: the decision was reversed.').waitFor({ timeout: 20_000 });
		expect(await outcome.textContent()).toContain('Why: Revisado: no identifica a nadie');
		// Lifted: B writes again, and the message reaches A.
		await b.page.reload();
		await chat(b.page).getByLabel('Your message').fill('Gracias por revisarlo');
		await chat(b.page).getByRole('button', { name: 'Send message' }).click();
		await chat(a.page).getByTestId('chat-message').filter({ hasText: 'Gracias por revisarlo' }).waitFor({ timeout: 20_000 });

		// The municipality's public page counts it all, by reason, naming nobody; the guide links to it.
		await a.page.goto(`${server.url}/guide`);
		await a.page.getByTestId('guide-numbers').getByRole('link', { name: 'Moderation in numbers' }).click();
		await a.page.getByRole('heading', { name: 'Moderation in numbers', level: 1 }).waitFor();
		await a.page.getByTestId('numbers-municipality').selectOption('providencia');
		const numbers = a.page.getByTestId('numbers');
		await numbers.getByRole('heading', { name: 'Decisions in Providencia' }).waitFor();
		const count = async (id: string) => Number(await numbers.getByTestId(id).textContent());
		expect(await count('numbers-hidden-personal_data')).toBeGreaterThanOrEqual(1);
		expect(await count('numbers-limited-personal_data')).toBeGreaterThanOrEqual(1);
		expect(await count('numbers-reviews-reversed')).toBeGreaterThanOrEqual(1);
		expect(await count('numbers-restored')).toBeGreaterThanOrEqual(1);
		expect(await numbers.textContent()).not.toMatch(/operator@|admin@|Los Leones/);
		expect(await axeFindings(a.page)).toEqual([]);
	}, 90_000);
});

describe('moderation of a report’s description', () => {
	it('A flags B’s report; an operator hides its description with a reason; A reads why in its place, never the text; B, told it was theirs, asks for a review; an admin reverses it and B reads the outcome', async () => {
		const description = 'Bags of rubbish at Pasaje Los Aromos 45, where Don Pedro lives';
		// B reports from their own device (signed in): B is its reporter.
		const id = randomUUID();
		const status = await b.page.evaluate(
			async (body) => (await fetch('/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
			{ id, category: 'dumped_rubbish', description, location: { kind: 'point', point: [-70.6155, -33.4301], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() }
		);
		expect(status).toBe(201);
		const page = `${server.url}/reports/view?id=${id}`;
		await a.page.goto(page);
		await a.page.getByTestId('report-detail').getByText(description).waitFor({ timeout: 20_000 });
		await a.page.getByTestId('flag-report').click();
		const dialog = a.page.getByTestId('flag-dialog');
		await dialog.getByLabel('Personal data').check();
		await dialog.getByTestId('flag-send').click();
		await dialog.getByTestId('flag-status').getByText('Thanks. The municipality will look at it.').waitFor();
		await dialog.getByTestId('flag-close').click();

		const desk = await staffPage('operator@providencia');
		const item = desk.getByTestId('moderation-item').filter({ hasText: description });
		await item.waitFor({ timeout: 20_000 });
		expect(await item.getAttribute('data-kind')).toBe('report');
		await item.getByTestId('moderation-hide-description').click();
		const form = desk.getByTestId('moderation-hide-form');
		await form.getByRole('heading', { name: "Hide this report's description" }).waitFor();
		expect(await form.getByTestId('moderation-hide-reason').inputValue()).toBe('personal_data');
		expect(await axeFindings(desk)).toEqual([]);
		await form.getByTestId('moderation-hide-submit').click();
		await desk.getByTestId('moderation-done').getByText('Hidden. Residents now read: Hidden by the municipality: personal data.').waitFor();
		await desk.context().close();

		// A's report page, after a reload, reads why in its place; the text is nowhere on it, nor is it A's to review.
		await a.page.reload();
		await a.page.getByTestId('hidden-description').getByText('Hidden by the municipality: personal data').waitFor({ timeout: 20_000 });
		expect(await a.page.getByTestId('report-detail').textContent()).not.toContain('Los Aromos');
		expect(await a.page.getByTestId('hidden-yours-part').count()).toBe(0);
		expect(await axeFindings(a.page)).toEqual([]);

		// B reads that it was their description, and asks for a review.
		await b.page.goto(page);
		const yours = b.page.getByTestId('hidden-yours-part');
		await yours.getByText("This was your report's description.").waitFor({ timeout: 20_000 });
		expect(await b.page.getByTestId('report-detail').textContent()).not.toContain('Los Aromos');
		await yours.getByTestId('review-ask').click();
		await yours.getByTestId('review-reason').fill('Es la dirección de la basura, no de una persona');
		expect(await axeFindings(b.page)).toEqual([]);
		await yours.getByTestId('review-send').click();
		await yours.getByTestId('review-status').getByText(/^You asked for a review on /).waitFor();

		// An admin sees what it said and reverses the hiding, with a reason B reads.
		const admin = await staffPage('admin@providencia');
		await admin.getByTestId('moderation-view-reviews').check();
		const review = admin.getByTestId('review-item').filter({ hasText: 'Es la dirección de la basura' });
		await review.waitFor({ timeout: 20_000 });
		expect(await review.getByTestId('review-text').textContent()).toBe(description);
		await review.getByTestId('review-reversed').click();
		await admin.getByTestId('review-decide-reason').fill('Describe un lugar, no a una persona');
		await admin.getByTestId('review-decide-submit').click();
		await admin.getByTestId('reviews-done').getByText('Reversed. The resident reads your reason.').waitFor();
		await admin.context().close();

		await b.page.reload();
		await b.page.getByTestId('report-detail').getByText(description).waitFor({ timeout: 20_000 });
		expect(await b.page.getByTestId('hidden-description').count()).toBe(0);
		await yours.getByTestId('review-status').getByText('Reviewed: the decision was reversed.').waitFor({ timeout: 20_000 });
		expect(await yours.getByTestId('review-status').textContent()).toContain('Describe un lugar, no a una persona');
	}, 150_000);
});

describe('dismissing a report’s flags', () => {
	it('A flags a report that is fine; an operator dismisses the flags in the card’s form with a note; the report stays as it was and the record holds the note', async () => {
		await a.page.goto(view());
		await a.page.getByTestId('report-detail').getByText('Someone trying car doors on the corner').waitFor({ timeout: 20_000 });
		await a.page.getByTestId('flag-report').click();
		const dialog = a.page.getByTestId('flag-dialog');
		await dialog.getByLabel('False or unrelated').check();
		await dialog.getByTestId('flag-send').click();
		await dialog.getByTestId('flag-status').getByText('Thanks. The municipality will look at it.').waitFor();
		await dialog.getByTestId('flag-close').click();

		const desk = await staffPage('operator@providencia');
		const item = desk.getByTestId('moderation-item').filter({ hasText: 'Someone trying car doors on the corner' });
		await item.waitFor({ timeout: 20_000 });
		const opener = item.getByTestId('moderation-dismiss');
		await opener.click();
		const form = item.getByTestId('moderation-dismiss-form');
		await form.getByRole('heading', { name: 'Dismiss the flags' }).waitFor();
		expect(await opener.getAttribute('aria-expanded')).toBe('true');
		// The note's box has the focus; Escape closes the form without deciding and gives the focus back.
		await desk.keyboard.press('Escape');
		expect(await form.count()).toBe(0);
		expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
		await opener.click();
		expect(await axeFindings(desk)).toEqual([]);
		await form.getByTestId('moderation-dismiss-reason').fill('Describe lo que pasó, no a una persona');
		await form.getByTestId('moderation-dismiss-submit').click();
		await desk.getByTestId('moderation-done').getByText('Dismissed.').waitFor();
		expect(await item.count()).toBe(0);
		await desk.context().close();

		const cookie = `cuadra_session=${await demoSession(server, 'admin@providencia')}`;
		const audit = (await (await fetch(`${server.url}/api/audit?municipality=providencia&kind=moderation`, { headers: { cookie } })).json()) as { entries: { action: string; subject: { id: string }; reason: string | null }[] };
		expect(audit.entries.filter((e) => e.subject.id === reportId).map((e) => [e.action, e.reason])).toEqual([['dismissed', 'Describe lo que pasó, no a una persona']]);
		await a.page.reload();
		await a.page.getByTestId('report-detail').getByText('Someone trying car doors on the corner').waitFor({ timeout: 20_000 });
	}, 120_000);
});

/**
 * The operators' console with 10,000 open incidents (issue 15, item 10's first figure), in Chromium
 * against the production server: the queue's first render and each filter. Incidents are written
 * straight into the store (as the reports bench does), each with one report and its private half
 * (the exact pin and, for some, a typed place). Each filter's figure is the time from the change
 * until the queue's "incidents shown" line shows the new count (filtering and drawing included).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { removeDir, root, startServer } from '../tests/support/server.ts';

export const title = 'Operators’ console with 10,000 open incidents (Chromium, production build)';

const COUNT = 10_000;
const categories = ['robbery', 'vehicle_theft', 'accident', 'commotion', 'suspicious_activity', 'streetlight_out', 'bus_stop_damage', 'dumped_rubbish', 'missing_manhole_cover'];
const states = ['received', 'acknowledged', 'in_progress', 'referred'];
const GOAL_FIRST = 300;
const GOAL_FILTER = 50;

/** 10,000 open incidents over Providencia's centre and the last 30 days. */
function seed(file: string): void {
	const db = new Database(file);
	const now = Date.now();
	const incident = db.prepare("insert into incident (id, municipality_id, category_group, status, state, opened_at, updated_at, closed_at, closing_message) values (?, ?, ?, 'open', ?, ?, ?, null, null)");
	const report = db.prepare(
		"insert into report (id, municipality_id, incident_id, category, category_group, description, public_lng, public_lat, coarse, public_place, photo_ids, reported_at, received_at, status, status_at, pseudonym) values (?, 'providencia', ?, ?, ?, ?, ?, ?, 0, null, '[]', ?, ?, 'received', ?, null)"
	);
	const privateHalf = db.prepare('insert into report_private (report_id, reporter_id, pin_lng, pin_lat, accuracy_metres, device_lng, device_lat, place_text, consent_to_call, created_at) values (?, null, ?, ?, 10, null, null, ?, 0, ?)');
	db.transaction(() => {
		for (let i = 0; i < COUNT; i++) {
			const category = categories[i % categories.length] as string;
			const group = i % categories.length < 5 ? 'security' : 'neighbourhood';
			const at = new Date(now - (i * 2_592_000_000) / COUNT).toISOString();
			const id = randomUUID();
			const reportId = randomUUID();
			const lng = -70.63 + (i % 100) * 0.0004;
			const lat = -33.44 + Math.floor(i / 100) * 0.0003;
			incident.run(id, 'providencia', group, states[i % states.length], at, at);
			report.run(reportId, id, category, group, `Bench incident ${i} near the corner`, lng, lat, at, at, at);
			privateHalf.run(reportId, lng, lat, i % 3 === 0 ? `Pasaje ${i}` : null, at);
		}
	})();
	db.close();
}

const shownText = (page: Page) => page.getByTestId('shown').textContent();

/**
 * One filter change measured in the page: from the control's `change` (or `input`) event, as the
 * operator's choice fires it, until the rows are drawn and laid out (the next animation frame, with
 * layout forced), so the figure is the console's work and not the DevTools protocol's round trip.
 * The end-to-end figure (Playwright's change until the "incidents shown" line differs) is kept
 * beside it for comparison.
 */
async function inPage(page: Page, selector: string, value: string): Promise<number> {
	return page.evaluate(
		async ([selector, value]) => {
			const control = document.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
			const started = performance.now();
			control.value = value;
			control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
			await new Promise<void>((resolve) =>
				requestAnimationFrame(() => {
					void document.body.offsetHeight;
					resolve();
				})
			);
			return performance.now() - started;
		},
		[selector, value] as const
	);
}

/** Milliseconds from `action` until the "incidents shown" line differs from `before` (checked every frame). */
async function timed(page: Page, action: () => Promise<unknown>, before: string | null): Promise<number> {
	const started = performance.now();
	await action();
	await page.waitForFunction((previous) => document.querySelector('[data-testid="shown"]')?.textContent !== previous, before, { timeout: 60_000, polling: 'raf' });
	return Math.round(performance.now() - started);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? -1;
/** Each filter is measured this many times (there and back), and its median reported. */
const ROUNDS = 5;

const verdict = (ms: number, goal: number) => (ms < goal ? `under ${goal} ms` : `OVER ${goal} ms`);

export default async function run(): Promise<Record<string, string | number>[]> {
	if (!existsSync(join(root, 'build/handler.js'))) throw new Error('No production build: run `npm run build` first.');
	const server = await startServer();
	const browser = await launchBrowser();
	try {
		seed(join(server.dataDir, 'cuadra.sqlite'));
		const password = /operator@providencia\s+([a-z0-9-]{23})/.exec(server.output())?.[1];
		if (!password) throw new Error('no printed password for operator@providencia');
		const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator@providencia', password }) });
		const token = /cuadra_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
		if (!token) throw new Error(`sign-in failed: ${signIn.status}`);
		const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
		await context.addCookies([{ name: 'cuadra_session', value: token, url: server.url }]);
		const page = await context.newPage();
		const rows: Record<string, string | number>[] = [];

		// Warm the HTTP cache and the service worker once, as an operator's browser would be on any day but the first.
		await page.goto(server.url + '/ops');
		await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });

		const started = performance.now();
		await page.reload();
		await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
		const total = Math.round(performance.now() - started);
		// In the page: from the queue's answer (10,000 incidents received) to the first rows drawn.
		const afterAnswer = await page.evaluate(() => {
			const answer = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/ops/queue')) as PerformanceResourceTiming | undefined;
			const drawn = performance.getEntriesByName('ops:queue-drawn')[0];
			return answer && drawn ? Math.round(drawn.startTime - answer.responseEnd) : -1;
		});
		const fetchMs = await page.evaluate(() => {
			const answer = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/ops/queue')) as PerformanceResourceTiming | undefined;
			return answer ? Math.round(answer.responseEnd - answer.requestStart) : -1;
		});
		rows.push({ step: 'first render: queue answer received → first rows drawn (parse, sort, filter, draw)', ms: afterAnswer, goal: verdict(afterAnswer, GOAL_FIRST), shown: (await shownText(page)) ?? '' });
		rows.push({ step: '… GET /api/ops/queue with 10,000 incidents (server and transfer)', ms: fetchMs, goal: '', shown: '' });
		rows.push({ step: '… reload → first rows (JS, session check, queue fetch, render)', ms: total, goal: '', shown: '' });

		/** A filter set and reset ROUNDS times in the page; then once end to end through Playwright. */
		const step = async (name: string, selector: string, value: string, reset: string) => {
			const times: number[] = [];
			const resets: number[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				times.push(await inPage(page, selector, value));
				resets.push(await inPage(page, selector, reset));
			}
			await inPage(page, selector, value);
			const shown = (await shownText(page)) ?? '';
			const ms = Math.round(median(times));
			const back = Math.round(median(resets));
			const control = page.locator(selector);
			await inPage(page, selector, reset);
			const before = await shownText(page);
			// End to end only when the count changes, which is what it waits for.
			const endToEnd = before === shown ? '' : await timed(page, () => (selector === '#queue-search' ? control.fill(value) : control.selectOption(value)), before);
			await inPage(page, selector, reset);
			rows.push({ step: name, ms, goal: verdict(ms, GOAL_FILTER), shown, 'back (ms)': back, 'end to end via CDP (ms)': endToEnd });
		};
		await step('filter: status (acknowledged)', '#queue-status', 'acknowledged', 'open');
		await step('filter: status (in progress)', '#queue-status', 'in_progress', 'open');
		await step('filter: category (streetlight out)', '#queue-category', 'streetlight_out', '');
		await step('filter: group (security)', '#queue-group', 'security', '');
		await step('filter: group (neighbourhood)', '#queue-group', 'neighbourhood', '');
		await step('filter: time (last 24 hours)', '#queue-time', 'day', '');
		await step('filter: time (last 7 days)', '#queue-time', 'week', '');
		await page.getByTestId('queue-row').first().focus();
		await step('filter: area (within 500 m of the selected incident)', '#queue-area', 'near-500', '');
		await step('filter: area (within 2 km of the selected incident)', '#queue-area', 'near-2000', '');
		await step('search: "pasaje 99" (10,000 descriptions and places)', '#queue-search', 'pasaje 99', '');
		await step('search: "incident 12" (a word and a number)', '#queue-search', 'incident 12', '');
		await context.close();
		const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0;
		rows.push({ step: `machine: ${cpu} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared with other work while measured)`, ms: 0, goal: '', shown: '' });
		return rows;
	} finally {
		await browser.close();
		await server.stop();
		removeDir(server.dataDir);
	}
}

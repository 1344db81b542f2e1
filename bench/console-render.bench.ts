/**
 * The operators' console with 10,000 open incidents (issue 15, item 10's first figure), in Chromium
 * against the production server: the queue's first render and each filter. Incidents are written
 * straight into the store (as the reports bench does), each with one report and its private half
 * (the exact pin and, for some, a typed place). Each filter's figure is the time from the change
 * until the queue's "incidents shown" line shows the new count (filtering and drawing included).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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

/** Milliseconds from `action` until the "incidents shown" line differs from `before` (checked every frame). */
async function timed(page: Page, action: () => Promise<unknown>, before: string | null): Promise<number> {
	const started = performance.now();
	await action();
	await page.waitForFunction((previous) => document.querySelector('[data-testid="shown"]')?.textContent !== previous, before, { timeout: 60_000, polling: 'raf' });
	return Math.round(performance.now() - started);
}

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

		const step = async (name: string, action: () => Promise<unknown>) => {
			const ms = await timed(page, action, await shownText(page));
			rows.push({ step: name, ms, goal: verdict(ms, GOAL_FILTER), shown: (await shownText(page)) ?? '' });
		};
		await step('filter: status (acknowledged)', () => page.locator('#queue-status').selectOption('acknowledged'));
		await step('filter: status back to open', () => page.locator('#queue-status').selectOption('open'));
		await step('filter: category (streetlight out)', () => page.getByLabel('Category').selectOption('streetlight_out'));
		await step('filter: all categories', () => page.getByLabel('Category').selectOption({ index: 0 }));
		await step('filter: group (security)', () => page.getByLabel('Group').selectOption('security'));
		await step('filter: both groups', () => page.getByLabel('Group').selectOption({ index: 0 }));
		await step('filter: time (last 24 hours)', () => page.getByLabel('Since').selectOption('day'));
		await step('filter: time (last 7 days)', () => page.getByLabel('Since').selectOption('week'));
		await step('filter: any time', () => page.getByLabel('Since').selectOption({ index: 0 }));
		await step('search: "pasaje 99" (one keystroke set, 10,000 descriptions and places)', () => page.getByLabel('Search description and place').fill('pasaje 99'));
		await step('search cleared', () => page.getByLabel('Search description and place').fill(''));
		await context.close();
		const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0;
		rows.push({ step: `machine: ${cpu} cores, shared with other work while measured`, ms: 0, goal: '', shown: '' });
		return rows;
	} finally {
		await browser.close();
		await server.stop();
		removeDir(server.dataDir);
	}
}

/**
 * Reports feed with 10,000 reports, in Chromium against the production server: the feed's first
 * sync (feed:<municipality>) into IndexedDB, opening it again from IndexedDB, filtering the list and
 * the map, and one new report reaching an already-synced device. Each figure is the time until the
 * list's "Reports shown" line shows the new result (list, map clustering and rendering included).
 * Also: the feed document's size and its sync time for a bare y-websocket client in Node.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { postReport, resident, WebSocket, wsUrl } from '../tests/integration/sync-support.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { removeDir, root, startServer } from '../tests/support/server.ts';

export const title = 'Reports feed with 10,000 reports (Chromium, production build)';

const COUNT = 10_000;
const categories = ['robbery', 'vehicle_theft', 'accident', 'commotion', 'suspicious_activity', 'streetlight_out', 'bus_stop_damage', 'dumped_rubbish', 'missing_manhole_cover'];

/** 10,000 reports over Providencia's centre and the last 30 days, each its own incident. */
function seed(file: string): void {
	const db = new Database(file);
	const now = Date.now();
	const insertIncident = db.prepare('insert into incident (id, municipality_id, category_group, status, opened_at, closed_at, closing_message) values (?, ?, ?, ?, ?, null, null)');
	const insertReport = db.prepare(
		'insert into report (id, municipality_id, incident_id, category, category_group, description, public_lng, public_lat, coarse, public_place, photo_ids, reported_at, received_at, status, status_at, pseudonym) values (?, ?, ?, ?, ?, ?, ?, ?, 0, null, ?, ?, ?, ?, ?, null)'
	);
	db.transaction(() => {
		for (let i = 0; i < COUNT; i++) {
			const category = categories[i % categories.length] as string;
			const group = i % categories.length < 5 ? 'security' : 'neighbourhood';
			const at = new Date(now - ((i * 2_592_000_000) / COUNT)).toISOString();
			const incident = randomUUID();
			insertIncident.run(incident, 'providencia', group, 'open', at);
			insertReport.run(randomUUID(), 'providencia', incident, category, group, `Bench report ${i}`, -70.63 + (i % 100) * 0.0004, -33.44 + Math.floor(i / 100) * 0.0003, '[]', at, at, i % 7 === 0 ? 'acknowledged' : 'received', at);
		}
	})();
	db.close();
}

/** Milliseconds from `action` until the "Reports shown" line shows a non-zero count other than `before`. */
async function timed(page: Page, action: () => Promise<unknown>, before: string | null): Promise<number> {
	const started = performance.now();
	await action();
	await page.waitForFunction(
		(previous) => {
			const text = document.querySelector('[data-testid="feed-count"]')?.textContent ?? null;
			return text !== null && text !== previous && /: [1-9]/.test(text);
		},
		before,
		{ timeout: 120_000, polling: 'raf' }
	);
	return Math.round(performance.now() - started);
}

/** A y-websocket client in Node opening the feed with nothing: sync time and the document's size. */
async function bareClient(server: Awaited<ReturnType<typeof startServer>>): Promise<Record<string, string | number>[]> {
	const { token } = await resident(server);
	const started = performance.now();
	const provider = new WebsocketProvider(wsUrl(server), 'feed:providencia', new Y.Doc(), {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token },
		disableBc: true
	});
	try {
		await new Promise<void>((done) => provider.once('sync', () => done()));
		const ms = Math.round(performance.now() - started);
		const bytes = Y.encodeStateAsUpdate(provider.doc).byteLength;
		return [
			{ step: 'feed sync in Node (y-websocket, no rendering), 10,001 reports', ms, shown: `${provider.doc.getMap('reports').size} entries` },
			{ step: 'feed document size (Yjs update), 10,001 reports', ms: 0, shown: `${(bytes / 1024 / 1024).toFixed(2)} MiB` }
		];
	} finally {
		provider.destroy();
	}
}

export default async function run(): Promise<Record<string, string | number>[]> {
	if (!existsSync(join(root, 'build/handler.js'))) throw new Error('No production build: run `npm run build` first.');
	const server = await startServer();
	const browser = await launchBrowser();
	try {
		seed(join(server.dataDir, 'cuadra.sqlite'));
		const context = await browser.newContext({ locale: 'en' });
		const page = await context.newPage();
		await page.goto(server.url);
		await page.getByLabel('Which municipality do you live in?').selectOption('providencia');
		const rows: Record<string, string | number>[] = [];
		const count = async () => (await page.getByTestId('feed-count').textContent()) ?? '';
		const step = async (name: string, action: () => Promise<unknown>, changes = true) => {
			const ms = await timed(page, action, changes ? await count() : null);
			rows.push({ step: name, ms, shown: await count() });
		};
		await step('first feed over sync: a fresh device receives 10,000, stores them in IndexedDB, filter, list + map', () => page.getByRole('button', { name: 'Show its reports' }).click(), false);
		await step('reopen: read 10,000 from IndexedDB, filter, list + map', () => page.reload(), false);
		await step('filter by kind (streetlight out)', () => page.getByTestId('filter-category').selectOption('streetlight_out'));
		await step('filter by time (any time)', () => page.getByTestId('filter-time').selectOption('all'));
		await step('filter by status (open)', () => page.getByTestId('filter-status').selectOption('open'));
		await step('all kinds, any status, any time', async () => {
			await page.getByTestId('filter-category').selectOption('all');
			await page.getByTestId('filter-status').selectOption('all');
		});
		rows.push({ step: 'markers drawn on the map for 10,000 reports', ms: 0, shown: String(await page.locator('.cuadra-marker').count()) });
		// A robbery at Providencia's centre: far from the seeded grid's recent reports, so its own incident.
		const ana = await resident(server);
		let answeredAt = 0;
		await step('one new report (POST /api/reports) until it shows on the synced device', async () => {
			await postReport(server, ana, { category: 'robbery', description: 'Bench: one more' });
			answeredAt = performance.now();
		});
		const sinceAnswer = Math.round(performance.now() - answeredAt);
		rows.push({ step: '… of which after the server answered 201 (feed written, then pushed)', ms: sinceAnswer, shown: '' });
		rows.push(...(await bareClient(server)));
		await context.close();
		return rows;
	} finally {
		await browser.close();
		await server.stop();
		removeDir(server.dataDir);
	}
}

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import { ReportsDb } from './db.ts';
import { feedReport, serverFeedDoc } from './feed-fixtures.ts';
import { ReportFeedState } from './feed.svelte.ts';

const one = feedReport('00000000-0000-4000-8000-000000000001');
const two = feedReport('00000000-0000-4000-8000-000000000002', { receivedAt: '2026-11-21T13:00:00.000Z' });

const fresh = () => new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('ReportFeedState', () => {
	it('shows the feed document’s reports newest first and keeps them on the device for offline use', async () => {
		const db = fresh();
		const online = new ReportFeedState(db);
		await online.load('providencia');
		online.attach(serverFeedDoc([one, two]));
		expect(online.reports).toEqual([two, one]);
		expect(online.staleAfterHours).toBe(48);
		await settle();

		const offline = new ReportFeedState(db);
		await offline.load('providencia');
		expect(offline.reports.map((r) => r.id).sort()).toEqual([one.id, two.id]);
		expect(offline.staleAfterHours).toBe(48);
		expect(offline.coarseCategories).toEqual(['home_burglary']);
		expect(await db.feed.get(one.id)).toEqual(one);
	});

	it('follows the server’s overwrites and removals, on screen and in the device’s copy', async () => {
		const db = fresh();
		const feed = new ReportFeedState(db);
		await feed.load('providencia');
		const doc = serverFeedDoc([one, two]);
		feed.attach(doc);
		const closed = { ...one, status: 'closed' as const, statusAt: '2026-11-21T14:00:00.000Z', closingMessage: 'Detenido' };
		doc.transact(() => {
			doc.getMap('reports').set(one.id, toFeedEntry(closed));
			doc.getMap('closing').set(one.incidentId, 'Detenido');
		});
		expect(feed.reports.find((r) => r.id === one.id)).toEqual(closed);
		doc.getMap('reports').delete(two.id);
		expect(feed.reports).toEqual([closed]);
		await settle();
		expect(await db.feed.toArray()).toEqual([closed]);
	});

	it('keeps the device’s copy while the document is still empty (never synced), and skips malformed entries', async () => {
		const db = fresh();
		const first = new ReportFeedState(db);
		await first.load('providencia');
		first.attach(serverFeedDoc([one]));
		await settle();

		const later = new ReportFeedState(db);
		await later.load('providencia');
		later.attach(new Y.Doc());
		expect(later.reports).toEqual([one]);
		const doc = serverFeedDoc([two]);
		doc.getMap('reports').set('broken', ['not', 'an', 'entry']);
		later.attach(doc);
		expect(later.reports).toEqual([two]);
		await settle();
		expect((await db.feed.toArray()).map((r) => r.id)).toEqual([two.id]);
	});

	it('opens nothing once destroyed, even when subscribe comes after (a load still on its way)', async () => {
		const feed = new ReportFeedState(fresh());
		const loading = feed.load('providencia');
		feed.destroy();
		await loading;
		let signedIn = 0;
		await feed.subscribe({ serverUrl: 'ws://127.0.0.1:9/sync', persist: false, signIn: async () => (signedIn++, true) });
		expect(signedIn).toBe(0);
		expect(feed.status).toBe('connecting');
	});
});

describe('mirrorChanges', () => {
	it('writes nothing when reopening an unchanged feed, only what changed otherwise', async () => {
		const { mirrorChanges, sameReport } = await import('./feed-mirror.ts');
		const loaded = new Map([one, two].map((r) => [r.id, structuredClone(r)]));
		expect(mirrorChanges(loaded, [one, two], sameReport)).toMatchObject({ replaceAll: false, changed: [], gone: [] });
		const closed = { ...one, status: 'closed' as const };
		expect(mirrorChanges(loaded, [closed], sameReport)).toMatchObject({ replaceAll: false, changed: [closed], gone: [two.id] });
		expect(mirrorChanges(null, [one])).toMatchObject({ replaceAll: true, changed: [one] });
	});
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import { feedReport, serverFeedDoc } from './feed-fixtures.ts';
import { ReportFeedState, reportsInCopies } from './feed.svelte.ts';

const one = feedReport('00000000-0000-4000-8000-000000000001');
const two = feedReport('00000000-0000-4000-8000-000000000002', { receivedAt: '2026-11-21T13:00:00.000Z' });

/** What the sync server does to the device's document: applies the server's state to it. */
const sync = (feed: ReportFeedState, server: Y.Doc) => Y.applyUpdate(feed.doc as Y.Doc, Y.encodeStateAsUpdate(server), 'server');
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
/** Another visit: a new state reading the device's copy (y-indexeddb over a fresh IndexedDB per test). */
async function reopen(): Promise<ReportFeedState> {
	const feed = new ReportFeedState();
	await feed.load('providencia');
	return feed;
}

beforeEach(() => {
	vi.stubGlobal('indexedDB', new IDBFactory());
	vi.stubGlobal('IDBKeyRange', IDBKeyRange);
});
afterEach(() => vi.unstubAllGlobals());

describe('ReportFeedState', () => {
	it('shows the feed document’s reports newest first and keeps them on the device for offline use', async () => {
		const online = await reopen();
		sync(online, serverFeedDoc([one, two]));
		expect(online.reports).toEqual([two, one]);
		expect(online.staleAfterHours).toBe(48);
		await settle();
		online.destroy();

		const offline = await reopen();
		expect(offline.loaded).toBe(true);
		expect(offline.reports.map((r) => r.id).sort()).toEqual([one.id, two.id]);
		expect(offline.staleAfterHours).toBe(48);
		expect(offline.coarseCategories).toEqual(['home_burglary']);
		expect(offline.reports.find((r) => r.id === one.id)).toEqual(one);
		offline.destroy();
	});

	it('follows the server’s overwrites and removals, on screen and in the device’s copy', async () => {
		const feed = await reopen();
		sync(feed, serverFeedDoc([one, two]));
		const doc = feed.doc as Y.Doc;
		const closed = { ...one, status: 'closed' as const, statusAt: '2026-11-21T14:00:00.000Z', closingMessage: 'Detenido' };
		doc.transact(() => {
			doc.getMap('reports').set(one.id, toFeedEntry(closed));
			doc.getMap('closing').set(one.incidentId, 'Detenido');
		}, 'server');
		expect(feed.reports.find((r) => r.id === one.id)).toEqual(closed);
		doc.transact(() => doc.getMap('reports').delete(two.id), 'server');
		expect(feed.reports).toEqual([closed]);
		await settle();
		feed.destroy();
		expect((await reopen()).reports).toEqual([closed]);
	});

	it('shows what the municipality hid of a report (why, in its place), and shows it again once restored', async () => {
		const feed = await reopen();
		sync(feed, serverFeedDoc([one, two]));
		const doc = feed.doc as Y.Doc;
		const hidden = { ...one, description: '', photoIds: [], hidden: { description: 'personal_data' as const, photos: ['looks' as const] } };
		doc.transact(() => {
			doc.getMap('reports').set(one.id, toFeedEntry(hidden));
			doc.getMap('hidden').set(one.id, hidden.hidden);
		}, 'server');
		expect(feed.reports.find((r) => r.id === one.id)).toEqual(hidden);
		// The reason alone changes (the entry stays as it was): what is shown follows.
		doc.transact(() => doc.getMap('hidden').set(one.id, { description: 'looks', photos: [] }), 'server');
		expect(feed.reports.find((r) => r.id === one.id)?.hidden).toEqual({ description: 'looks', photos: [] });
		doc.transact(() => {
			doc.getMap('reports').set(one.id, toFeedEntry(one));
			doc.getMap('hidden').delete(one.id);
		}, 'server');
		expect(feed.reports.find((r) => r.id === one.id)).toEqual(one);
		feed.destroy();
	});

	it('keeps what it shows while a reset document is still empty (never synced), and skips malformed entries', async () => {
		const first = await reopen();
		sync(first, serverFeedDoc([one]));
		await settle();
		first.destroy();

		const later = await reopen();
		expect(later.reports).toEqual([one]);
		await later.replace(new Y.Doc());
		expect(later.reports).toEqual([one]);
		const doc = serverFeedDoc([two]);
		doc.getMap('reports').set('broken', ['not', 'an', 'entry']);
		await later.replace(doc);
		expect(later.reports).toEqual([two]);
		await settle();
		later.destroy();
		expect((await reopen()).reports.map((r) => r.id)).toEqual([two.id]);
	});

	it('opens nothing once destroyed, even when subscribe comes after (a load still on its way)', async () => {
		const feed = new ReportFeedState();
		const loading = feed.load('providencia');
		feed.destroy();
		await loading;
		let signedIn = 0;
		await feed.subscribe({ serverUrl: 'ws://127.0.0.1:9/sync', signIn: async () => (signedIn++, true) });
		expect(signedIn).toBe(0);
		expect(feed.status).toBe('connecting');
	});
});

describe('reportsInCopies', () => {
	it('finds followed reports in the device’s copies of other feeds, reading each copy without a socket', async () => {
		const elsewhere = feedReport('00000000-0000-4000-8000-000000000004', { municipality: 'nunoa' });
		const nunoa = new ReportFeedState();
		await nunoa.load('nunoa');
		Y.applyUpdate(nunoa.doc as Y.Doc, Y.encodeStateAsUpdate(serverFeedDoc([elsewhere])), 'server');
		const home = await reopen();
		sync(home, serverFeedDoc([one]));
		await settle();
		nunoa.destroy();
		home.destroy();

		const copies = async () => ['providencia', 'nunoa'];
		expect(await reportsInCopies([elsewhere.id, one.id], 'providencia', copies)).toEqual([elsewhere]);
		expect(await reportsInCopies([elsewhere.id, one.id], null, copies)).toEqual([one, elsewhere]);
		expect(await reportsInCopies([], null, copies)).toEqual([]);
	});
});

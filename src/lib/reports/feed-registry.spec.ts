import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import { feedReport, serverFeedDoc } from './feed-fixtures.ts';
import { FeedRegistry } from './feed-registry.ts';
import { ReportFeedState } from './feed.svelte.ts';

const one = feedReport('00000000-0000-4000-8000-000000000001');
const two = feedReport('00000000-0000-4000-8000-000000000002', { receivedAt: '2026-11-21T13:00:00.000Z' });


/**
 * A registry of feeds with no copy on the device. Instead of the sync server (tests/browser cover
 * the socket), each feed started loads and follows a document the test writes into.
 */
function registry() {
	const started: { feed: ReportFeedState; municipality: string; doc: Y.Doc }[] = [];
	const feeds = new FeedRegistry(
		(feed, municipality) => {
			const doc = serverFeedDoc([]);
			started.push({ feed, municipality, doc });
			void feed.load(municipality).then(() => feed.attach(doc));
		},
		() => new ReportFeedState({ persist: false })
	);
	/** The feed started n-th, with the document it follows. */
	const nth = (n: number) => {
		const entry = started[n];
		if (!entry) throw new Error(`no feed started #${n}`);
		return entry;
	};
	return { feeds, started, nth };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('FeedRegistry', () => {
	it('hands two consumers of one municipality the same feed, started once', async () => {
		const { feeds, started, nth } = registry();
		const home = feeds.acquire('providencia');
		const alerts = feeds.acquire('providencia');
		expect(alerts.feed).toBe(home.feed);
		expect(started).toHaveLength(1);
		expect(feeds.users('providencia')).toBe(2);
		await settle();
		nth(0).doc.getMap('reports').set(one.id, toFeedEntry(one));
		expect(home.feed.reports).toEqual([one]);
		expect(alerts.feed.reports).toEqual([one]);
	});

	it('keeps the feed open until the last consumer releases it, then closes it', async () => {
		const { feeds, started, nth } = registry();
		const home = feeds.acquire('providencia');
		const alerts = feeds.acquire('providencia');
		await settle();
		const { feed, doc } = nth(0);

		home.release();
		home.release(); // a second release of the same lease changes nothing
		expect(feeds.users('providencia')).toBe(1);
		doc.getMap('reports').set(one.id, toFeedEntry(one));
		expect(feed.reports).toEqual([one]);

		alerts.release();
		expect(feeds.users('providencia')).toBe(0);
		// Closed: the document's changes no longer reach it.
		doc.getMap('reports').set(two.id, toFeedEntry(two));
		expect(feed.reports).toEqual([one]);
		expect(feed.status).toBe('connecting');

		// The next consumer gets a new feed, started again.
		const again = feeds.acquire('providencia');
		expect(again.feed).not.toBe(feed);
		expect(started).toHaveLength(2);
		again.release();
	});

	it('gives different municipalities different feeds, released independently', async () => {
		const { feeds, started, nth } = registry();
		const providencia = feeds.acquire('providencia');
		const nunoa = feeds.acquire('nunoa');
		expect(nunoa.feed).not.toBe(providencia.feed);
		expect(started.map((s) => s.municipality)).toEqual(['providencia', 'nunoa']);
		await settle();
		expect(providencia.feed.municipality).toBe('providencia');
		expect(nunoa.feed.municipality).toBe('nunoa');

		providencia.release();
		expect(feeds.users('providencia')).toBe(0);
		expect(feeds.users('nunoa')).toBe(1);
		nth(1).doc.getMap('reports').set(two.id, toFeedEntry({ ...two, municipality: 'nunoa' }));
		expect(nunoa.feed.reports.map((r) => r.id)).toEqual([two.id]);
		nunoa.release();
	});
});

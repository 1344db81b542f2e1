/** Fixtures for the feed's specs (feed.svelte.spec.ts, feed-registry.spec.ts); no app code imports this. */
import * as Y from 'yjs';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import type { PublicReport } from '$lib/domain/report.ts';

/** A public report of Providencia as the feed carries it. */
export const feedReport = (id: string, over: Partial<PublicReport> = {}): PublicReport => ({
	id,
	incidentId: `i-${id.slice(-4)}`,
	municipality: 'providencia',
	category: 'robbery',
	group: 'security',
	description: 'Robo',
	point: [-70.6128, -33.4255],
	coarse: false,
	place: null,
	photoIds: [],
	reportedAt: '2026-11-21T12:00:00.000Z',
	receivedAt: '2026-11-21T12:00:00.000Z',
	status: 'received',
	statusAt: '2026-11-21T12:00:00.000Z',
	closingMessage: null,
	...over
});

/** What the server writes into feed:<municipality> (server/reports/feed-doc.ts), here by hand. */
export function serverFeedDoc(reports: PublicReport[]): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const r of reports) doc.getMap('reports').set(r.id, toFeedEntry(r));
		doc.getMap('settings').set('staleAfterHours', 48);
		doc.getMap('settings').set('coarseCategories', ['home_burglary']);
	});
	return doc;
}

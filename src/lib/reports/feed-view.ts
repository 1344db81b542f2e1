import type { FeedLease } from './feed-registry.ts';
import type { ReportFeedState } from './feed.svelte.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '$lib/domain/report-staleness.ts';

/** What the pages read of a municipality's feed. */
export type FeedView = Pick<ReportFeedState, 'reports' | 'staleAfterHours' | 'fetchedAt' | 'status' | 'coarseCategories'>;

/** The feed before there is a municipality to follow: nothing, and nothing loaded for it. */
export const emptyFeed: FeedView = { reports: [], staleAfterHours: DEFAULT_STALE_AFTER_HOURS, fetchedAt: null, status: 'connecting', coarseCategories: [] };

/**
 * Follows a municipality's feed, loading the sync client (Yjs, y-websocket, y-indexeddb) only now
 * that there is one to follow: a first visit with no municipality chosen downloads none of it.
 * Returns the release, for an effect's teardown.
 */
export function followFeed(municipality: string, onfeed: (feed: FeedView) => void): () => void {
	let lease: FeedLease | undefined;
	let released = false;
	void import('./feed-registry.ts').then(({ acquireFeed }) => {
		if (released) return;
		lease = acquireFeed(municipality);
		onfeed(lease.feed);
	});
	return () => {
		released = true;
		lease?.release();
	};
}

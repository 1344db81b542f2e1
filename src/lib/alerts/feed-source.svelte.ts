import type { PublicReport } from '$lib/domain/report.ts';
import { acquireFeed } from '$lib/reports/feed-registry.ts';

/**
 * Calls `onReports` with a municipality's public reports, now (from the device) and whenever they
 * change. The feed is the device's shared one (`feed-registry.ts`): on the home page the
 * list, the map and alerts follow one `feed:<municipality>`. Alerts read its `reports` and nothing else.
 */
export function watchFeed(municipality: string, onReports: (reports: readonly PublicReport[]) => void): () => void {
	const lease = acquireFeed(municipality);
	const feed = lease.feed;
	const stopEffect = $effect.root(() => {
		$effect(() => {
			const reports = feed.reports;
			if (feed.municipality === municipality) onReports(reports);
		});
	});
	return () => {
		stopEffect();
		lease.release();
	};
}

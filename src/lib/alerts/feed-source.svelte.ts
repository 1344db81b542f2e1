import type { PublicReport } from '$lib/domain/report.ts';
import { reportsDb } from '$lib/reports/db.ts';
import { ReportFeedState } from '$lib/reports/feed.svelte.ts';
import { syncServerUrl } from '$lib/sync/url.ts';

/**
 * Calls `onReports` with a municipality's public reports, now (from the device) and whenever they
 * change. The only place that drives `ReportFeedState` for alerts (load, then follow the feed);
 * alerts read its `reports` and nothing else.
 */
export function watchFeed(municipality: string, onReports: (reports: readonly PublicReport[]) => void): () => void {
	const feed = new ReportFeedState(reportsDb());
	const stopEffect = $effect.root(() => {
		$effect(() => {
			const reports = feed.reports;
			if (feed.municipality === municipality) onReports(reports);
		});
	});
	void feed.load(municipality).then(() => feed.subscribe({ serverUrl: syncServerUrl(location) }));
	return () => {
		stopEffect();
		feed.destroy();
	};
}

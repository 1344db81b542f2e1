import { freshness } from './report-staleness.ts';

export type StatusFilter = 'all' | 'open' | 'stale' | 'closed';
export type TimeFilter = '24h' | '7d' | '30d' | 'all';

export interface FeedFilter {
	category: string | 'all';
	status: StatusFilter;
	time: TimeFilter;
}

export const defaultFilter: FeedFilter = { category: 'all', status: 'all', time: '7d' };

const windowHours: Record<TimeFilter, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30, all: Number.POSITIVE_INFINITY };

export interface FilterableReport {
	category: string;
	status: string;
	receivedAt: string;
}

/** The reports that match the chosen category, status and time, newest first. Pure, for map and list. */
export function filterReports<T extends FilterableReport>(reports: readonly T[], filter: FeedFilter, now: Date, staleAfterHours?: number): T[] {
	const since = now.getTime() - windowHours[filter.time] * 3_600_000;
	return reports
		.filter((r) => {
			if (filter.category !== 'all' && r.category !== filter.category) return false;
			if (Date.parse(r.receivedAt) < since) return false;
			if (filter.status === 'all') return true;
			return freshness(r, now, staleAfterHours).state === filter.status;
		})
		.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/**
 * One entry per incident: its first report leads, later ones are linked duplicates. The list and
 * the map show incidents, so three reports of one event read as one.
 */
export function groupByIncident<T extends { incidentId: string; receivedAt: string }>(reports: readonly T[]): { incidentId: string; lead: T; others: T[] }[] {
	const byIncident = new Map<string, T[]>();
	for (const r of reports) {
		const list = byIncident.get(r.incidentId);
		if (list) list.push(r);
		else byIncident.set(r.incidentId, [r]);
	}
	return [...byIncident.entries()]
		.map(([incidentId, list]) => {
			const sorted = [...list].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
			return { incidentId, lead: sorted[0] as T, others: sorted.slice(1) };
		})
		.sort((a, b) => {
			const latest = (x: { lead: T; others: T[] }) => (x.others.at(-1) ?? x.lead).receivedAt;
			return latest(b).localeCompare(latest(a));
		});
}

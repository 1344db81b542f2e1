import { distanceMetres, type LngLat } from './geo.ts';

export type CategoryGroup = 'security' | 'neighbourhood';

/**
 * When two reports describe the same event. Tuned on the two kinds of event residents report:
 * - security: something that happens and moves on (a robbery, a fight). Witnesses stand around the
 *   same corner and report within minutes; a GPS fix in a city is often 30–100 m off. 300 m and
 *   2 hours join witnesses of one event without joining the next night's.
 *   Any category of the group matches (one witness says "commotion", another "robbery").
 * - neighbourhood: a thing that stays (a dark streetlight, a pile of rubbish) and is reported over
 *   days by people passing by. 75 m and 14 days, and the same category: a streetlight and a pile
 *   of rubbish on one corner are two problems.
 * See docs/reports.md.
 */
export const GROUPING = {
	security: { metres: 300, hours: 2, sameCategory: false },
	neighbourhood: { metres: 75, hours: 24 * 14, sameCategory: true }
} as const satisfies Record<CategoryGroup, { metres: number; hours: number; sameCategory: boolean }>;

export interface GroupableReport {
	incidentId: string;
	category: string;
	group: CategoryGroup;
	/** The exact pin (servers group on exact points, never on coarse ones); null for typed places. */
	point: LngLat | null;
	/** When the event was reported, ISO-8601. */
	reportedAt: string;
	/** Closed incidents take no new reports: a new event there is a new incident. */
	open: boolean;
}

export interface NewReport {
	category: string;
	group: CategoryGroup;
	point: LngLat | null;
	reportedAt: string;
}

export function sameEvent(a: NewReport, b: GroupableReport): boolean {
	if (!b.open || a.group !== b.group || !a.point || !b.point) return false;
	const rule = GROUPING[a.group];
	if (rule.sameCategory && a.category !== b.category) return false;
	const hours = Math.abs(Date.parse(a.reportedAt) - Date.parse(b.reportedAt)) / 3_600_000;
	return hours <= rule.hours && distanceMetres(a.point, b.point) <= rule.metres;
}

/**
 * The incident a new report belongs to: that of the nearest report of the same event, or null for
 * a new incident. Works the same for a duplicate made offline that arrives days later, because it
 * compares the times the events were reported, not the times they arrived.
 */
export function incidentFor(report: NewReport, candidates: readonly GroupableReport[]): string | null {
	let best: { id: string; metres: number } | null = null;
	for (const candidate of candidates) {
		if (!sameEvent(report, candidate)) continue;
		const metres = distanceMetres(report.point as LngLat, candidate.point as LngLat);
		if (!best || metres < best.metres) best = { id: candidate.incidentId, metres };
	}
	return best?.id ?? null;
}

/** The widest window any rule looks back or forward, for a server query that fetches candidates. */
export const GROUPING_WINDOW_HOURS = Math.max(...Object.values(GROUPING).map((r) => r.hours));

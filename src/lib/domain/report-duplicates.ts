import { distanceMetres, type LngLat } from './geo.ts';

/** Nearby and recent enough to ask "Is it this one?" before sending. Wider than server grouping. */
export const SUGGESTION = { metres: 400, hours: 24, max: 3 } as const;

export interface SuggestableReport {
	id: string;
	category: string;
	point: LngLat | null;
	receivedAt: string;
	status: string;
}

/**
 * Recent reports of the same category near the pin, nearest first, so the resident can follow one
 * instead of sending a duplicate. Closed reports are not suggested: a new event deserves a new report.
 */
export function duplicateSuggestions<T extends SuggestableReport>(
	reports: readonly T[],
	draft: { category: string; point: LngLat },
	now: Date
): T[] {
	const since = now.getTime() - SUGGESTION.hours * 3_600_000;
	return reports
		.filter((r) => r.category === draft.category && r.status !== 'closed' && r.point && Date.parse(r.receivedAt) >= since)
		.map((r) => ({ r, metres: distanceMetres(draft.point, r.point as LngLat) }))
		.filter((x) => x.metres <= SUGGESTION.metres)
		.sort((a, b) => a.metres - b.metres)
		.slice(0, SUGGESTION.max)
		.map((x) => x.r);
}

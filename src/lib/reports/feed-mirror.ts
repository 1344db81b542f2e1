import type { PublicReport } from '$lib/domain/report.ts';

/**
 * What to write into the device's copy of a feed: the reports that are new or changed since the last
 * write (`before`, by identity: a changed report is a new object) and the ids no longer there.
 * `before` null means nothing was written in this session yet: replace everything. Pure.
 */
export function mirrorChanges(
	before: ReadonlyMap<string, PublicReport> | null,
	reports: readonly PublicReport[]
): { replaceAll: boolean; changed: PublicReport[]; gone: string[]; after: Map<string, PublicReport> } {
	const after = new Map(reports.map((r) => [r.id, r]));
	if (!before) return { replaceAll: true, changed: [...reports], gone: [], after };
	return {
		replaceAll: false,
		changed: reports.filter((r) => before.get(r.id) !== r),
		gone: [...before.keys()].filter((id) => !after.has(id)),
		after
	};
}

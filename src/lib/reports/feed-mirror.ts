import type { PublicReport } from '$lib/domain/report.ts';

/**
 * What to write into the device's copy of a feed: the reports that are new or changed since the last
 * write (`before`, by identity: a changed report is a new object) and the ids no longer there.
 * `before` null means nothing is known of the device's copy: replace everything. Pure.
 */
export function mirrorChanges(
	before: ReadonlyMap<string, PublicReport> | null,
	reports: readonly PublicReport[],
	/** How to tell a report unchanged: by identity, or by value against rows read from Dexie. */
	same: (a: PublicReport | undefined, b: PublicReport) => boolean = (a, b) => a === b
): { replaceAll: boolean; changed: PublicReport[]; gone: string[]; after: Map<string, PublicReport> } {
	const after = new Map(reports.map((r) => [r.id, r]));
	if (!before) return { replaceAll: true, changed: [...reports], gone: [], after };
	return {
		replaceAll: false,
		changed: reports.filter((r) => !same(before.get(r.id), r)),
		gone: [...before.keys()].filter((id) => !after.has(id)),
		after
	};
}

/** The same report by value (rows read back from IndexedDB are copies). */
export const sameReport = (a: PublicReport | undefined, b: PublicReport): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Reports by id. */
export const byId = (reports: readonly PublicReport[]): Map<string, PublicReport> => new Map(reports.map((r) => [r.id, r]));

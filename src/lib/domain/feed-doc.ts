import { z } from 'zod';
import type * as Y from 'yjs';
import { REPORT_DESCRIPTION_MAX, reportStatusSchema, type PublicReport } from './report.ts';
import { reportHiddenSchema } from './moderation.ts';

/**
 * `feed:<municipality>`: a municipality's public reports as one Yjs document that only the server
 * writes (docs/sync-protocol.md). Roots:
 * - `reports`: report id → a compact entry (below), overwritten when its status changes, removed
 *   after the feed's 90 days;
 * - `closing`: incident id → the operator's closing message (one per incident, not per report);
 * - `settings`: `staleAfterHours`, `coarseCategories`;
 * - `hidden`: report id → what the municipality hid of it (`ReportHidden`: why, never what), only
 *   for reports with a hidden description or photo (issue 16).
 * The entry is a tuple, not an object, so 10,000 reports fit the document size limit: field names
 * are not repeated and times are epoch milliseconds instead of ISO strings.
 */
export const feedRoots = { reports: 'map', closing: 'map', settings: 'map', hidden: 'map' } as const;

export const feedHiddenSchema = reportHiddenSchema;

export const feedIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const ms = z.number().int().min(0);
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** [incidentId, category, group, description, lng, lat, coarse, place, photoIds, reportedAt, receivedAt, status, statusAt] */
export const feedEntrySchema = z.tuple([
	feedIdSchema,
	z.string().regex(/^[a-z0-9_-]{1,64}$/),
	z.enum(['security', 'neighbourhood']),
	z.string().max(REPORT_DESCRIPTION_MAX),
	lng.nullable(),
	lat.nullable(),
	z.boolean(),
	z.string().max(300).nullable(),
	z.array(z.string().max(64)).max(6),
	ms,
	ms,
	reportStatusSchema,
	ms
]);
export type FeedEntry = z.infer<typeof feedEntrySchema>;

export const closingSchema = z.string().max(500);
export const feedSettingsSchema = { staleAfterHours: z.number().positive().max(24 * 365), coarseCategories: z.array(z.string().max(64)).max(200) };

const time = (iso: string): number => Date.parse(iso);
const iso = (at: number): string => new Date(at).toISOString();

/** The entry of a public report (its closing message goes to `closing`, keyed by incident). Pure. */
export function toFeedEntry(report: PublicReport): FeedEntry {
	return [
		report.incidentId,
		report.category,
		report.group,
		report.description,
		report.point ? report.point[0] : null,
		report.point ? report.point[1] : null,
		report.coarse,
		report.place,
		report.photoIds,
		time(report.reportedAt),
		time(report.receivedAt),
		report.status,
		time(report.statusAt)
	];
}

/** The public report an entry describes; null when the entry is malformed. Pure. */
export function fromFeedEntry(id: string, municipality: string, entry: unknown, closingMessage: string | null, hidden: unknown = undefined): PublicReport | null {
	const parsed = feedEntrySchema.safeParse(entry);
	if (!parsed.success) return null;
	const [incidentId, category, group, description, x, y, coarse, place, photoIds, reportedAt, receivedAt, status, statusAt] = parsed.data;
	return {
		id,
		incidentId,
		municipality,
		category,
		group,
		description,
		point: x === null || y === null ? null : [x, y],
		coarse,
		place,
		photoIds,
		reportedAt: iso(reportedAt),
		receivedAt: iso(receivedAt),
		status,
		statusAt: iso(statusAt),
		closingMessage: status === 'closed' ? closingMessage : null,
		...hiddenOf(hidden)
	};
}

function hiddenOf(value: unknown): Pick<PublicReport, 'hidden'> {
	if (value === undefined) return {};
	const parsed = feedHiddenSchema.safeParse(value);
	return parsed.success ? { hidden: parsed.data } : {};
}

/** Equal entries (plain JSON values), to write only what changed. */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The reports of a feed document, newest first; malformed entries are skipped. */
export function readFeed(doc: Y.Doc, municipality: string): PublicReport[] {
	const closing = doc.getMap('closing');
	const hidden = doc.getMap('hidden');
	const out: PublicReport[] = [];
	doc.getMap('reports').forEach((entry, id) => {
		const incident = Array.isArray(entry) ? entry[0] : null;
		const message = typeof incident === 'string' ? closing.get(incident) : undefined;
		const report = fromFeedEntry(id, municipality, entry, typeof message === 'string' ? message : null, hidden.get(id));
		if (report) out.push(report);
	});
	return out.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** The feed's settings as the server wrote them, or null for each that is missing or malformed. */
export function readFeedSettings(doc: Y.Doc): { staleAfterHours: number | null; coarseCategories: string[] | null } {
	const settings = doc.getMap('settings');
	const stale = feedSettingsSchema.staleAfterHours.safeParse(settings.get('staleAfterHours'));
	const coarse = feedSettingsSchema.coarseCategories.safeParse(settings.get('coarseCategories'));
	return { staleAfterHours: stale.success ? stale.data : null, coarseCategories: coarse.success ? coarse.data : null };
}

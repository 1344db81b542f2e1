import { randomBytes } from 'node:crypto';
import type { PublicReport } from '../../src/lib/domain/report.ts';

import type { ServerWrite } from '../sync/kind.ts';

/** `SyncServer.writeAsServer`: the server writes into a document, saved before anyone sees it. */
export type { ServerWrite };

/**
 * The public `meta` of `report:<id>`, made only from what the public may see (`toPublicReport`):
 * the municipality the server decided, the public position (a coarse cell for categories that
 * point at a home, never the pin), the server's received time, and a pseudonym for this report
 * only instead of the reporter. Pure.
 */
export function reportMeta(report: PublicReport, pseudonym: string): Record<string, unknown> {
	const meta: Record<string, unknown> = {
		creator: pseudonym,
		municipality: report.municipality,
		category: report.category,
		description: report.description,
		coarse: report.coarse,
		photos: report.photoIds,
		practice: false,
		createdAt: Date.parse(report.receivedAt)
	};
	if (report.point) meta.location = { lat: report.point[1], lng: report.point[0] };
	if (report.place) meta.place = report.place;
	return meta;
}

/** A fresh pseudonym: links nothing to the reporter's account nor to their other reports. */
export const reportPseudonym = (): string => `r-${randomBytes(9).toString('base64url')}`;

/**
 * Writes an accepted report's public meta into `report:<id>`. Fields already there are kept
 * (every field is set once), so sending the same report again changes nothing.
 */
export function publishReportDoc(write: ServerWrite, report: PublicReport, pseudonym: string = reportPseudonym()): Promise<boolean> {
	const meta = reportMeta(report, pseudonym);
	return write(
		`report:${report.id}`,
		(doc) => {
			const map = doc.getMap('meta');
			for (const [key, value] of Object.entries(meta)) if (!map.has(key)) map.set(key, value);
		},
		'report accepted'
	);
}

import type { PublicReport } from '../../src/lib/domain/report.ts';
import { reportHiddenSchema } from '../../src/lib/domain/moderation.ts';
import type { ReportTable } from './schema.ts';

/** The one place where a stored report becomes what the public may see. */
export function toPublicReport(row: ReportTable, closingMessage: string | null = null): PublicReport {
	const hidden = row.hidden ? reportHiddenSchema.safeParse(JSON.parse(row.hidden)) : null;
	return {
		id: row.id,
		incidentId: row.incident_id,
		municipality: row.municipality_id,
		category: row.category,
		group: row.category_group,
		description: row.description,
		point: row.public_lng === null || row.public_lat === null ? null : [row.public_lng, row.public_lat],
		coarse: row.coarse === 1,
		place: row.public_place,
		photoIds: JSON.parse(row.photo_ids) as string[],
		reportedAt: row.reported_at,
		receivedAt: row.received_at,
		status: row.status,
		statusAt: row.status_at,
		closingMessage,
		...(hidden?.success && (hidden.data.description || hidden.data.photos.length) ? { hidden: hidden.data } : {})
	};
}

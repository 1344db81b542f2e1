import type { Db } from '../db/index.ts';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { toPublicReport } from './public.ts';
import { reportsStore } from './schema.ts';

/** The feed keeps 90 days; older reports stay in the store for statistics but leave the map. */
export const FEED_DAYS = 90;
export const FEED_LIMIT = 10_000;

/** A municipality's public reports, newest first. Never touches `report_private`. */
export async function listPublicReports(db: Db, municipalityId: string, now: Date = new Date()): Promise<PublicReport[]> {
	const since = new Date(now.getTime() - FEED_DAYS * 86_400_000).toISOString();
	const rows = await reportsStore(db)
		.selectFrom('report')
		.innerJoin('incident', 'incident.id', 'report.incident_id')
		.selectAll('report')
		.select('incident.closing_message')
		.where('report.municipality_id', '=', municipalityId)
		.where('report.received_at', '>=', since)
		.orderBy('report.received_at', 'desc')
		.limit(FEED_LIMIT)
		.execute();
	return rows.map(({ closing_message, ...row }) => toPublicReport(row, closing_message));
}

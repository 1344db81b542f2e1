import { randomUUID } from 'node:crypto';
import { z } from 'zod';
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

export const closingMessageSchema = z.string().trim().min(3).max(500);
export const incidentDecisionSchema = z.discriminatedUnion('status', [
	z.object({ incidentId: z.string().min(1).max(64), status: z.literal('acknowledged'), message: z.string().trim().max(500).optional() }),
	z.object({ incidentId: z.string().min(1).max(64), status: z.literal('closed'), message: closingMessageSchema })
]);
export type IncidentDecision = z.infer<typeof incidentDecisionSchema>;

/** The municipality an incident belongs to, or null when there is no such incident. */
export async function incidentMunicipality(db: Db, incidentId: string): Promise<string | null> {
	const row = await reportsStore(db).selectFrom('incident').select('municipality_id').where('id', '=', incidentId).executeTakeFirst();
	return row?.municipality_id ?? null;
}

/**
 * An operator's decision on an incident, applied to all its reports: acknowledged ("we are on it")
 * or closed with a message the public reads. Recorded with who decided, for accountability. The
 * caller must have checked that `byUser` is staff of the incident's municipality.
 */
export async function setIncidentStatus(
	db: Db,
	incidentId: string,
	status: 'acknowledged' | 'closed',
	message: string | null,
	now: Date = new Date(),
	byUser: string | null = null
): Promise<boolean> {
	const store = reportsStore(db);
	const at = now.toISOString();
	return store.transaction().execute(async (tx) => {
		const incident = await tx.selectFrom('incident').select('id').where('id', '=', incidentId).executeTakeFirst();
		if (!incident) return false;
		if (status === 'closed') {
			await tx.updateTable('incident').set({ status: 'closed', closed_at: at, closing_message: message }).where('id', '=', incidentId).execute();
		}
		await tx.updateTable('report').set({ status, status_at: at }).where('incident_id', '=', incidentId).execute();
		const last = await tx.selectFrom('incident_event').select((eb) => eb.fn.max('seq').as('seq')).where('incident_id', '=', incidentId).executeTakeFirst();
		await tx
			.insertInto('incident_event')
			.values({ id: randomUUID(), incident_id: incidentId, seq: Number(last?.seq ?? 0) + 1, type: status, actor_id: byUser, at, visibility: 'public', reason: null, public_message: message, data: null, report_id: null })
			.execute();
		return true;
	});
}

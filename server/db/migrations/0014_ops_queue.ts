import type { Kysely } from 'kysely';

/**
 * The operators' queue (issue 15, server/ops/queue.ts) reads a municipality's open incidents and
 * those closed lately, with all their reports, in one query each:
 * - `report_incident`: an incident's reports (the queue's join, and every incident page), which
 *   until now only the grouping index reached through the municipality's whole history;
 * - `incident_closed`: a municipality's incidents closed since a moment (the queue's last 7 days).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.createIndex('report_incident').on('report').columns(['incident_id', 'received_at']).execute();
	await db.schema.createIndex('incident_closed').on('incident').columns(['municipality_id', 'closed_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropIndex('incident_closed').execute();
	await db.schema.dropIndex('report_incident').execute();
}

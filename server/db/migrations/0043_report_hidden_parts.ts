import type { Kysely } from 'kysely';

/**
 * Issue 16, item 2: staff hide a report's description or one of its photos. `report.hidden` is
 * what the public reads in their place (`ReportHidden` JSON: the description's reason, one reason
 * per hidden photo); null while nothing is hidden. The hidden description leaves `description`
 * and a hidden photo leaves `photo_ids`; the originals are kept in the decision
 * (`moderation_decision.original`) for the retention period only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('report').addColumn('hidden', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('report').dropColumn('hidden').execute();
}

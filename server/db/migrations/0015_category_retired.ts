import type { Kysely } from 'kysely';

/**
 * Issue 17: a report sent with a category its municipality had hidden by then (a draft made offline
 * before the change) is accepted as received, not refused, and marked here so its operators are
 * told to choose another category. Staff only, on the private half of the report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('report_private').addColumn('category_retired', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('report_private').dropColumn('category_retired').execute();
}

import type { Kysely } from 'kysely';

/**
 * What operators did with a panic alert (issue 15): `panic_event` (who, when, a note), and
 * `panic_alert.version`, bumped by every decision so one made on a stale view is refused, as for
 * incidents (0013). `status` gains `dispatched`: open → acknowledged → dispatched → closed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('panic_alert').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('panic_alert').addColumn('unit', 'varchar(100)').execute();
	await db.schema.alterTable('panic_alert').addColumn('updated_at', 'varchar(32)').execute();
	await db.schema
		.createTable('panic_event')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('alert_id', 'varchar(64)', (c) => c.notNull().references('panic_alert.id').onDelete('cascade'))
		.addColumn('type', 'varchar(32)', (c) => c.notNull())
		.addColumn('actor_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('note', 'text')
		.execute();
	await db.schema.createIndex('panic_event_alert').on('panic_event').column('alert_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('panic_event').execute();
	for (const column of ['updated_at', 'unit', 'version']) await db.schema.alterTable('panic_alert').dropColumn(column).execute();
}

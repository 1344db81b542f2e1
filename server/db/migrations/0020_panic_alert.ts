import type { Kysely } from 'kysely';

/** Panic alerts: the high-priority items of a municipality's operator queue (issue 5). */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('panic_alert')
		// Made on the device, so a resend of the same alert is recognised instead of counted twice.
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.references('municipality.id').onDelete('cascade'))
		// 'location' when the server placed the alert inside a boundary, 'home' when only the resident's chosen municipality said so.
		.addColumn('municipality_source', 'varchar(16)')
		.addColumn('priority', 'varchar(8)', (c) => c.notNull())
		.addColumn('status', 'varchar(16)', (c) => c.notNull())
		// The location as the device claimed it; emptied by the retention job (CUADRA_PANIC_RETENTION_DAYS).
		.addColumn('latitude', 'double precision')
		.addColumn('longitude', 'double precision')
		.addColumn('accuracy_m', 'double precision')
		// The device's clock when the button was pressed (maybe hours before it reached us): a claim, not a fact.
		.addColumn('claimed_at', 'varchar(40)', (c) => c.notNull())
		.addColumn('received_at', 'varchar(32)', (c) => c.notNull())
		// Who sent it, once sign-in exists (issue 3); null for an alert sent without a session.
		.addColumn('reporter_user_id', 'varchar(64)')
		.addColumn('location_deleted_at', 'varchar(32)')
		.execute();
	await db.schema.createIndex('panic_alert_queue').on('panic_alert').columns(['municipality_id', 'status', 'received_at']).execute();
	await db.schema.createIndex('panic_alert_received').on('panic_alert').column('received_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('panic_alert').execute();
}

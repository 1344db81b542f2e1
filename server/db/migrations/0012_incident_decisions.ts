import type { Kysely } from 'kysely';

/**
 * Operators' decisions on incidents (issue 4): who acknowledged or closed what, when, and the
 * closing message. Append-only, for accountability; never shown to the public with a name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('incident_decision')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('incident_id', 'varchar(64)', (c) => c.notNull().references('incident.id').onDelete('cascade'))
		.addColumn('status', 'varchar(16)', (c) => c.notNull())
		.addColumn('message', 'text')
		.addColumn('by_user', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('incident_decision_incident').on('incident_decision').column('incident_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('incident_decision').execute();
}

import type { Kysely } from 'kysely';

/** Residents linked as each other's emergency contacts through a one-time invite code (issue 5). */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('emergency_invite')
		// SHA-256 of the code; the code itself is shown once, on the inviting device.
		.addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('subject_user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('emergency_link')
		// The resident whose panic alerts are shared…
		.addColumn('subject_user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		// …with this resident, their contact.
		.addColumn('watcher_user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.addPrimaryKeyConstraint('emergency_link_pk', ['subject_user_id', 'watcher_user_id'])
		.execute();
	await db.schema.createIndex('emergency_link_watcher').on('emergency_link').column('watcher_user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('emergency_link').execute();
	await db.schema.dropTable('emergency_invite').execute();
}

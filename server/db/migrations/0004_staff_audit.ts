import type { Kysely } from 'kysely';

/**
 * `staff_audit`: append-only record of changes to staff access, who made them and when (product
 * value "accountability": decisions about users are recorded with who made them). `actor_id` is
 * the admin who acted over HTTP, or the person themselves for their own password; null means the
 * server operator's command line (`npm run staff`). `action`: added, removed, password_reset,
 * password_changed. `municipality_id` and `role` say which role was added or removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('staff_audit')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('actor_id', 'varchar(64)')
		.addColumn('action', 'varchar(32)', (c) => c.notNull())
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull())
		.addColumn('municipality_id', 'varchar(64)')
		.addColumn('role', 'varchar(16)')
		.execute();
	await db.schema.createIndex('staff_audit_user_idx').on('staff_audit').columns(['user_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('staff_audit').execute();
}

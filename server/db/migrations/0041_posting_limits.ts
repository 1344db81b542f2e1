import type { Kysely } from 'kysely';

/**
 * Issue 16, item 3: posting limits. `posting_limit`: staff stopped the author of a message from
 * writing in a municipality's threads until `until`, with a reason (who, when, why, and the message
 * that led to it). Rows are never deleted by the app: lifting one early sets `lifted_at`,
 * `lifted_by` and `lift_reason` once. `user_id` becomes null when the resident's account is
 * erased (the decision stays in the record, without whom it was about).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('posting_limit')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull())
		.addColumn('user_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('item_key', 'varchar(200)', (c) => c.notNull())
		.addColumn('item', 'text', (c) => c.notNull())
		.addColumn('reason', 'varchar(32)', (c) => c.notNull())
		.addColumn('note', 'varchar(300)')
		.addColumn('actor_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('until', 'varchar(32)', (c) => c.notNull())
		.addColumn('lifted_at', 'varchar(32)')
		.addColumn('lifted_by', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('lift_reason', 'varchar(300)')
		.execute();
	await db.schema.createIndex('posting_limit_by_user').on('posting_limit').columns(['user_id', 'until']).execute();
	await db.schema.createIndex('posting_limit_by_municipality').on('posting_limit').columns(['municipality_id', 'until']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('posting_limit').execute();
}

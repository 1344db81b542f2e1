import type { Kysely } from 'kysely';

/**
 * Issue 16: moderation. `moderation_flag`: a resident's flag on a message or a report, once per
 * person and item (the unique index), with a reason; `resolved_at` is set when staff decide on
 * the item (hidden or dismissed), so the queue shows only flags not decided since.
 * `moderation_decision` (append-only): staff hid, dismissed or restored an item, who, when, why;
 * `original` keeps a hidden message as it was (JSON: author, text, at) for a review or a
 * restore, until the retention period removes it (server/moderation/retention.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('moderation_flag')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull())
		// `message:<thread>:<id>` or `report:<id>` (src/lib/domain/moderation.ts, itemKey).
		.addColumn('item_key', 'varchar(200)', (c) => c.notNull())
		.addColumn('item', 'text', (c) => c.notNull())
		.addColumn('flagger_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('reason', 'varchar(32)', (c) => c.notNull())
		.addColumn('note', 'varchar(300)')
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('resolved_at', 'varchar(32)')
		.execute();
	await db.schema.createIndex('moderation_flag_once').on('moderation_flag').columns(['item_key', 'flagger_id']).unique().execute();
	await db.schema.createIndex('moderation_flag_queue').on('moderation_flag').columns(['municipality_id', 'resolved_at']).execute();
	await db.schema
		.createTable('moderation_decision')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull())
		.addColumn('item_key', 'varchar(200)', (c) => c.notNull())
		.addColumn('item', 'text', (c) => c.notNull())
		// hidden, dismissed, restored
		.addColumn('action', 'varchar(16)', (c) => c.notNull())
		.addColumn('reason', 'varchar(300)', (c) => c.notNull())
		.addColumn('note', 'varchar(300)')
		.addColumn('actor_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('original', 'text')
		.execute();
	await db.schema.createIndex('moderation_decision_item').on('moderation_decision').columns(['item_key', 'at']).execute();
	await db.schema.createIndex('moderation_decision_by_municipality').on('moderation_decision').columns(['municipality_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('moderation_decision').execute();
	await db.schema.dropTable('moderation_flag').execute();
}

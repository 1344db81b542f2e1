import type { Kysely } from 'kysely';
import { binaryType } from '../portable.ts';

/**
 * Yjs sync storage.
 * - `sync_update`: the accepted updates of each document, in order; compaction replaces a run of
 *   rows by one merged row. `data` is binary: BLOB on SQLite, bytea on PostgreSQL (server/db/portable.ts).
 * - `sync_client`: which user owns each Yjs clientID, per document (bound at first use).
 * - `sync_audit`: append-only log of who wrote (or tried to write) which update to which document.
 * Yjs clientIDs are unsigned 32-bit, hence 'bigint' (PostgreSQL's integer is signed 32-bit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('sync_update')
		.addColumn('doc', 'varchar(200)', (c) => c.notNull())
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('data', binaryType(db), (c) => c.notNull())
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.addPrimaryKeyConstraint('sync_update_pk', ['doc', 'seq'])
		.execute();

	await db.schema
		.createTable('sync_client')
		.addColumn('doc', 'varchar(200)', (c) => c.notNull())
		.addColumn('client_id', 'bigint', (c) => c.notNull())
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.addPrimaryKeyConstraint('sync_client_pk', ['doc', 'client_id'])
		.execute();

	await db.schema
		.createTable('sync_audit')
		.addColumn('doc', 'varchar(200)', (c) => c.notNull())
		.addColumn('seq', 'integer')
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull())
		.addColumn('outcome', 'varchar(16)', (c) => c.notNull())
		.addColumn('reason', 'varchar(300)')
		.addColumn('bytes', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sync_audit_doc_idx').on('sync_audit').columns(['doc', 'created_at']).execute();
	await db.schema.createIndex('sync_audit_user_idx').on('sync_audit').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['sync_audit', 'sync_client', 'sync_update']) await db.schema.dropTable(table).execute();
}

import type { Kysely } from 'kysely';

/**
 * Sessions and the pseudonymous device credentials of residents.
 * Only SHA-256 hashes of session tokens and device secrets are stored: a copy of the database
 * does not let anyone sign in. Plain types only, so the same migration runs on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('session')
		.addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

	await db.schema
		.createTable('resident_credential')
		.addColumn('secret_hash', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('resident_credential').execute();
	await db.schema.dropTable('session').execute();
}

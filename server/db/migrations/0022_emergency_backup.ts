import type { Kysely } from 'kysely';

/** The optional, end-to-end encrypted backup of a resident's personal contacts (issue 5). */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('emergency_backup')
		// SHA-256 of the id the device derives from the person's recovery code.
		.addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('owner_user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		// AES-GCM ciphertext made on the device; the server has no key.
		.addColumn('blob', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('emergency_backup').execute();
}

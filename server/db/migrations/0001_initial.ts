import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('municipality')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('name', 'varchar(200)', (c) => c.notNull())
		.addColumn('boundary', 'text', (c) => c.notNull())
		.addColumn('emergency_numbers', 'text', (c) => c.notNull())
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('category')
		.addColumn('municipality_id', 'varchar(64)', (c) =>
			c.notNull().references('municipality.id').onDelete('cascade')
		)
		.addColumn('key', 'varchar(64)', (c) => c.notNull())
		.addColumn('group', 'varchar(32)', (c) => c.notNull())
		.addColumn('icon', 'varchar(64)', (c) => c.notNull())
		.addColumn('labels', 'text', (c) => c.notNull())
		.addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('handled_by', 'varchar(200)')
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('category_pk', ['municipality_id', 'key'])
		.execute();

	await db.schema
		.createTable('user')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('kind', 'varchar(16)', (c) => c.notNull())
		.addColumn('username', 'varchar(100)', (c) => c.unique())
		.addColumn('password_hash', 'text')
		.addColumn('display_name', 'varchar(100)')
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('membership')
		.addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('municipality_id', 'varchar(64)', (c) =>
			c.notNull().references('municipality.id').onDelete('cascade')
		)
		.addColumn('role', 'varchar(16)', (c) => c.notNull())
		.addPrimaryKeyConstraint('membership_pk', ['user_id', 'municipality_id'])
		.execute();

}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['membership', 'user', 'category', 'municipality']) {
		await db.schema.dropTable(table).execute();
	}
}

import { sql, type Kysely } from 'kysely';

/**
 * Reports (issue 4). Public content (`report`, `incident`) and private data (`report_private`) live
 * in separate tables so that no query for the public feed can reach who reported or where they stood.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// Categories that point at a home are shown to the public only as a coarse cell.
	await db.schema.alterTable('category').addColumn('points_at_home', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await sql`update category set points_at_home = 1 where key in ('home_burglary', 'domestic_violence')`.execute(db);

	await db.schema
		.createTable('incident')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull().references('municipality.id').onDelete('cascade'))
		.addColumn('category_group', 'varchar(32)', (c) => c.notNull())
		.addColumn('status', 'varchar(16)', (c) => c.notNull())
		.addColumn('opened_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('closed_at', 'varchar(32)')
		.addColumn('closing_message', 'text')
		.execute();

	await db.schema
		.createTable('report')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull().references('municipality.id').onDelete('cascade'))
		.addColumn('incident_id', 'varchar(64)', (c) => c.notNull().references('incident.id'))
		.addColumn('category', 'varchar(64)', (c) => c.notNull())
		.addColumn('category_group', 'varchar(32)', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('public_lng', 'double precision')
		.addColumn('public_lat', 'double precision')
		.addColumn('coarse', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('public_place', 'varchar(200)')
		.addColumn('photo_ids', 'text', (c) => c.notNull())
		.addColumn('reported_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('received_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('status', 'varchar(16)', (c) => c.notNull())
		.addColumn('status_at', 'varchar(32)', (c) => c.notNull())
		.addColumn('pseudonym', 'varchar(100)')
		.execute();
	await db.schema.createIndex('report_feed').on('report').columns(['municipality_id', 'received_at']).execute();
	await db.schema.createIndex('report_grouping').on('report').columns(['municipality_id', 'category_group', 'reported_at']).execute();

	await db.schema
		.createTable('report_private')
		.addColumn('report_id', 'varchar(64)', (c) => c.primaryKey().references('report.id').onDelete('cascade'))
		.addColumn('reporter_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('pin_lng', 'double precision')
		.addColumn('pin_lat', 'double precision')
		.addColumn('accuracy_metres', 'double precision')
		.addColumn('device_lng', 'double precision')
		.addColumn('device_lat', 'double precision')
		.addColumn('place_text', 'varchar(200)')
		.addColumn('consent_to_call', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['report_private', 'report', 'incident']) await db.schema.dropTable(table).execute();
	await db.schema.alterTable('category').dropColumn('points_at_home').execute();
}

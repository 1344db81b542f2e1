import type { Kysely } from 'kysely';
import { binaryType } from '../portable.ts';

/** Photos of reports (issue 4): JPEG bytes without EXIF, uploaded before the report that shows them. */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('report_photo')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('report_id', 'varchar(64)', (c) => c.references('report.id').onDelete('cascade'))
		.addColumn('uploader_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('bytes', binaryType(db), (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('report_photo_report').on('report_photo').column('report_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('report_photo').execute();
}

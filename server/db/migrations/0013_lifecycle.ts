import { sql, type Kysely } from 'kysely';

/**
 * The report's lifecycle and the operators' console (issue 15). Panic alerts' part is 0023 (it needs 0020's table).
 * - `incident.state`: received → acknowledged → in_progress → referred → closed
 *   (src/lib/domain/lifecycle.ts). `incident.status` stays `open | closed` for grouping: a merged
 *   incident is `closed`, with `merged_into` set and the outcome `duplicate`.
 * - `incident.version`: bumped by every decision, so a decision made on a stale view is refused.
 * - `incident_event`: the timeline of every decision, who made it (`actor_id`, null for the server),
 *   when, why (`reason`, staff only) and what the public reads (`public_message`); internal notes are
 *   events with `visibility = 'staff'`. Supersedes `incident_decision` (its rows are copied here).
 * - `report.channel`: app, phone or walk-in. `report_private.phone`: the number of a reporter who
 *   agreed to be called (staff of that municipality only, emptied by the report's retention).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('incident').addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('received')).execute();
	await db.schema.alterTable('incident').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('incident').addColumn('outcome', 'varchar(32)').execute();
	/** JSON `{ name, phone?, url? }`: who handles it now, after a referral. */
	await db.schema.alterTable('incident').addColumn('referred_to', 'text').execute();
	await db.schema.alterTable('incident').addColumn('unit', 'varchar(100)').execute();
	await db.schema.alterTable('incident').addColumn('merged_into', 'varchar(64)').execute();
	await db.schema.alterTable('incident').addColumn('updated_at', 'varchar(32)').execute();
	await sql`update incident set state = 'closed', outcome = 'resolved' where status = 'closed'`.execute(db);
	await sql`update incident set state = 'acknowledged' where status = 'open' and exists (select 1 from report r where r.incident_id = incident.id and r.status = 'acknowledged')`.execute(db);
	await sql`update incident set updated_at = coalesce(closed_at, opened_at)`.execute(db);
	await db.schema.createIndex('incident_queue').on('incident').columns(['municipality_id', 'state', 'opened_at']).execute();

	await db.schema
		.createTable('incident_event')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('incident_id', 'varchar(64)', (c) => c.notNull().references('incident.id').onDelete('cascade'))
		/** 1, 2, 3 … within the incident: the timeline's order. */
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('type', 'varchar(32)', (c) => c.notNull())
		.addColumn('actor_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('visibility', 'varchar(8)', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('public_message', 'text')
		/** JSON: the action's details (outcome, unit, reached, referredTo, the other incident, the report). */
		.addColumn('data', 'text')
		.addColumn('report_id', 'varchar(64)')
		.execute();
	await db.schema.createIndex('incident_event_order').on('incident_event').columns(['incident_id', 'seq']).unique().execute();
	await sql`
		insert into incident_event (id, incident_id, seq, type, actor_id, at, visibility, reason, public_message, data, report_id)
		select d.id, d.incident_id,
			(select count(*) from incident_decision e where e.incident_id = d.incident_id and (e.created_at < d.created_at or (e.created_at = d.created_at and e.id <= d.id))),
			d.status, d.by_user, d.created_at, 'public', null, d.message, null, null
		from incident_decision d`.execute(db);
	await db.schema.dropTable('incident_decision').execute();

	await db.schema.alterTable('report').addColumn('channel', 'varchar(16)', (c) => c.notNull().defaultTo('app')).execute();
	await db.schema.alterTable('report_private').addColumn('phone', 'varchar(32)').execute();

}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('report_private').dropColumn('phone').execute();
	await db.schema.alterTable('report').dropColumn('channel').execute();
	await db.schema
		.createTable('incident_decision')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('incident_id', 'varchar(64)', (c) => c.notNull().references('incident.id').onDelete('cascade'))
		.addColumn('status', 'varchar(16)', (c) => c.notNull())
		.addColumn('message', 'text')
		.addColumn('by_user', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('created_at', 'varchar(32)', (c) => c.notNull())
		.execute();
	await db.schema.dropTable('incident_event').execute();
	await db.schema.dropIndex('incident_queue').execute();
	for (const column of ['updated_at', 'merged_into', 'unit', 'referred_to', 'outcome', 'version', 'state']) await db.schema.alterTable('incident').dropColumn(column).execute();
}

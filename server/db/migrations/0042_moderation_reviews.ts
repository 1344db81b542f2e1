import type { Kysely } from 'kysely';

/**
 * Issue 16, item 4: review on request. `moderation_review`: the person a decision was about (the
 * author of a hidden message, a resident limited from writing) asked for it to be reviewed, once
 * per decision (the unique index), with a short reason. `decider_id` is who took the decision
 * (that person may not review it); an admin's outcome (upheld or reversed, with a reason) fills the
 * `outcome*` columns once. `requester_id` becomes null when the resident's account is erased.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('moderation_review')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull())
		// hidden (a moderation_decision's id) or limited (a posting_limit's id)
		.addColumn('decision_kind', 'varchar(16)', (c) => c.notNull())
		.addColumn('decision_id', 'varchar(64)', (c) => c.notNull())
		.addColumn('requester_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('reason', 'varchar(300)', (c) => c.notNull())
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('decider_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		// upheld, reversed; null while it waits
		.addColumn('outcome', 'varchar(16)')
		.addColumn('outcome_reason', 'varchar(300)')
		.addColumn('reviewer_id', 'varchar(64)', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('reviewed_at', 'varchar(32)')
		.execute();
	await db.schema.createIndex('moderation_review_once').on('moderation_review').columns(['decision_kind', 'decision_id']).unique().execute();
	await db.schema.createIndex('moderation_review_queue').on('moderation_review').columns(['municipality_id', 'outcome']).execute();
	await db.schema.createIndex('moderation_review_by_requester').on('moderation_review').columns(['requester_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('moderation_review').execute();
}

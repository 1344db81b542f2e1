import type { Db } from '../db/index.ts';

/** `moderation_flag` (migration 0040): one resident's flag on one item. */
export interface ModerationFlagTable {
	id: string;
	municipality_id: string;
	/** `itemKey(item)` (src/lib/domain/moderation.ts): one flag per person and item. */
	item_key: string;
	/** The item as JSON (`ModeratedItem`). */
	item: string;
	flagger_id: string;
	reason: string;
	note: string | null;
	at: string;
	/** When staff decided on the item since (hidden or dismissed): the flag leaves the queue. */
	resolved_at: string | null;
}

/** `moderation_decision` (append-only): hidden, dismissed or restored, by whom, when, why. */
export interface ModerationDecisionTable {
	id: string;
	municipality_id: string;
	item_key: string;
	item: string;
	action: 'hidden' | 'dismissed' | 'restored';
	reason: string;
	note: string | null;
	/** Null: the staff member's account was deleted since. */
	actor_id: string | null;
	at: string;
	/** A hidden message as it was (`{ author, text, at }` JSON) until the retention period; null after, and for other actions. */
	original: string | null;
}

/**
 * `posting_limit` (migration 0041): staff stopped a message's author from writing in the
 * municipality's threads until `until`. Never deleted by the app; lifting it early fills the
 * `lifted_*` columns once.
 */
export interface PostingLimitTable {
	id: string;
	municipality_id: string;
	/** Null: the resident's account was erased since. */
	user_id: string | null;
	item_key: string;
	item: string;
	reason: string;
	note: string | null;
	actor_id: string | null;
	at: string;
	until: string;
	lifted_at: string | null;
	lifted_by: string | null;
	lift_reason: string | null;
}

/** `moderation_review` (migration 0042): a request to review one decision, and its outcome once an admin decided. */
export interface ModerationReviewTable {
	id: string;
	municipality_id: string;
	decision_kind: 'hidden' | 'limited' | 'closed';
	/** `moderation_decision.id` (hidden), `posting_limit.id` (limited), or the closing `incident_event.id` (closed). */
	decision_id: string;
	/** Null: the resident's account was erased since. */
	requester_id: string | null;
	reason: string;
	at: string;
	/** Who took the decision: they may not review it. */
	decider_id: string | null;
	outcome: 'upheld' | 'reversed' | null;
	outcome_reason: string | null;
	reviewer_id: string | null;
	reviewed_at: string | null;
}

type ModerationTables = {
	moderation_review: ModerationReviewTable;
	moderation_flag: ModerationFlagTable;
	moderation_decision: ModerationDecisionTable;
	posting_limit: PostingLimitTable;
};

export const moderationStore = (db: Db) => db.withTables<ModerationTables>();
export type ModerationDb = ReturnType<typeof moderationStore>;

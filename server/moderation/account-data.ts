import type { Db } from '../db/index.ts';
import { moderationStore } from './schema.ts';

/** `original` of a hidden message starts with its author (`{ author, text, at }` JSON): a LIKE prefix for one author. */
const writtenBy = (author: string) => `{"author":${JSON.stringify(author)},%`;
const parsed = (json: string): unknown => JSON.parse(json);
const authorOf = (original: string): unknown => (parsed(original) as { author?: unknown }).author;

/**
 * What the moderation record keeps about one account, for its export (right of access): the
 * flags it raised, the decisions about what it wrote (with its own hidden text while the record
 * keeps it), the posting limits set on it, the reviews it asked for and how they ended, and, for
 * staff, the decisions it made. Never who decided about the person: the public and the person
 * read "the municipality" (docs/moderation.md), and no other staff id is in it.
 */
export async function moderationDataOf(db: Db, userId: string) {
	const store = moderationStore(db);
	const flags = await store.selectFrom('moderation_flag').select(['municipality_id', 'item', 'reason', 'note', 'at', 'resolved_at']).where('flagger_id', '=', userId).orderBy('at').execute();
	const hidden = (await store.selectFrom('moderation_decision').select(['id', 'municipality_id', 'item', 'reason', 'at', 'original']).where('action', '=', 'hidden').where('original', 'like', writtenBy(userId)).orderBy('at').execute()).filter(
		(row) => row.original !== null && authorOf(row.original) === userId
	);
	const limits = await store.selectFrom('posting_limit').select(['id', 'municipality_id', 'item', 'reason', 'at', 'until', 'lifted_at', 'lift_reason']).where('user_id', '=', userId).orderBy('at').execute();
	const reviews = await store.selectFrom('moderation_review').select(['decision_kind', 'decision_id', 'municipality_id', 'reason', 'at', 'outcome', 'outcome_reason', 'reviewed_at']).where('requester_id', '=', userId).orderBy('at').execute();
	const madeDecisions = await store.selectFrom('moderation_decision').select(['id', 'municipality_id', 'item', 'action', 'reason', 'note', 'at']).where('actor_id', '=', userId).orderBy('at').execute();
	const madeLimits = await store
		.selectFrom('posting_limit')
		.select(['id', 'municipality_id', 'item', 'reason', 'note', 'at', 'until', 'actor_id', 'lifted_by', 'lifted_at', 'lift_reason'])
		.where((eb) => eb.or([eb('actor_id', '=', userId), eb('lifted_by', '=', userId)]))
		.orderBy('at')
		.execute();
	const madeReviews = await store.selectFrom('moderation_review').select(['decision_kind', 'decision_id', 'municipality_id', 'outcome', 'outcome_reason', 'reviewed_at']).where('reviewer_id', '=', userId).orderBy('reviewed_at').execute();
	return {
		flagsRaised: flags.map((f) => ({ municipalityId: f.municipality_id, item: parsed(f.item), reason: f.reason, note: f.note, at: f.at, decidedAt: f.resolved_at })),
		hiddenMessages: hidden.map((h) => ({ decisionId: h.id, municipalityId: h.municipality_id, item: parsed(h.item), reason: h.reason, at: h.at, text: (parsed(h.original!) as { text?: unknown }).text ?? null })),
		postingLimits: limits.map((l) => ({ decisionId: l.id, municipalityId: l.municipality_id, about: parsed(l.item), reason: l.reason, at: l.at, until: l.until, liftedAt: l.lifted_at, liftReason: l.lift_reason })),
		reviewsAsked: reviews.map((r) => ({ decision: { kind: r.decision_kind, id: r.decision_id }, municipalityId: r.municipality_id, reason: r.reason, at: r.at, outcome: r.outcome, outcomeReason: r.outcome_reason, decidedAt: r.reviewed_at })),
		decisionsMade: [
			...madeDecisions.map((d) => ({ kind: d.action, decisionId: d.id, municipalityId: d.municipality_id, item: parsed(d.item), reason: d.reason, note: d.note, at: d.at })),
			...madeLimits.flatMap((l) => [
				...(l.actor_id === userId ? [{ kind: 'limited', decisionId: l.id, municipalityId: l.municipality_id, item: parsed(l.item), reason: l.reason, note: l.note, at: l.at, until: l.until }] : []),
				...(l.lifted_by === userId && l.lifted_at ? [{ kind: 'lifted', decisionId: l.id, municipalityId: l.municipality_id, item: parsed(l.item), reason: l.lift_reason, note: null, at: l.lifted_at }] : [])
			]),
			...madeReviews.map((r) => ({ kind: `review_${r.outcome}`, decisionId: r.decision_id, municipalityId: r.municipality_id, item: { decision: r.decision_kind }, reason: r.outcome_reason, note: null, at: r.reviewed_at }))
		].sort((a, b) => String(a.at).localeCompare(String(b.at)))
	};
}

/**
 * On erasure: the moderation record forgets what the account wrote and asked, and keeps the
 * decisions themselves (who decided, when, why: the municipality's accountability). Hidden
 * messages lose their original text, review requests their reason; flags go with the account
 * (foreign key), limits and reviews lose it (set null).
 */
export async function forgetInModeration(db: Db, userId: string): Promise<void> {
	const store = moderationStore(db);
	await store.updateTable('moderation_decision').set({ original: null }).where('original', 'like', writtenBy(userId)).execute();
	await store.updateTable('moderation_review').set({ reason: '' }).where('requester_id', '=', userId).execute();
}

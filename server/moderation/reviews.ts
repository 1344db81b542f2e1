import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { Refusal } from '../http/refusal.ts';
import { isHideable, type HideableItem, type ModeratedItem, type ModerationReason, type OwnDecision, type OwnReview, type ReviewDecision, type ReviewQueueEntry, type ReviewRequest, type ReviewableKind } from '../../src/lib/domain/moderation.ts';
import { reportsStore } from '../reports/schema.ts';
import { decide } from '../ops/lifecycle.ts';
import type { IncidentTable } from '../reports/schema.ts';
import { placeOf, restoreItem } from './decisions.ts';
import { liftLimit, type LimitChange } from './posting-limits.ts';
import { moderationStore, type ModerationReviewTable } from './schema.ts';

/**
 * Review on request (issue 16, item 4; docs/moderation.md "Reviews"): the person a decision was
 * about (the author of a hidden message, a resident limited from writing) asks, once per decision,
 * with a short reason; an admin of the municipality who did not take the decision upholds or
 * reverses it, with a reason. Reversing restores the message or lifts the limit, as an admin's own
 * restore or lift would, and is recorded as that too. Refusals are thrown as `Refusal`.
 */

/** The author of a hidden message, as the decision keeps it: `{"author":"<id>",…}` (decisions.ts writes it so). Null once the retention period removed the original. */
const authorOf = (original: string | null): string | null => (original ? ((JSON.parse(original) as { author?: unknown }).author as string | undefined) ?? null : null);
/** The start of a kept original written by `author`: a hidden message's original is found by its author without a column of its own. */
const writtenBy = (author: string) => `{"author":${JSON.stringify(author)},%`;

function reviewOf(row: Pick<ModerationReviewTable, 'at' | 'outcome' | 'outcome_reason' | 'reviewed_at'> | undefined): OwnReview | null {
	if (!row) return null;
	return { status: row.outcome ?? 'pending', asked: row.at, reason: row.outcome_reason, decidedAt: row.reviewed_at };
}

/** The closing event `id` of an incident: its incident, who closed it and when, what the public read, and whether it still holds (not reopened since). */
async function closingFacts(db: Db, id: string) {
	const reports = reportsStore(db);
	const event = await reports
		.selectFrom('incident_event as e')
		.innerJoin('incident', 'incident.id', 'e.incident_id')
		.select(['e.id', 'e.incident_id', 'e.seq', 'e.actor_id', 'e.at', 'e.public_message', 'incident.municipality_id', 'incident.state'])
		.where('e.id', '=', id)
		.where('e.type', '=', 'closed')
		.executeTakeFirst();
	if (!event) return null;
	const reopened = await reports.selectFrom('incident_event').select('id').where('incident_id', '=', event.incident_id).where('type', 'in', ['reopened', 'merged']).where('seq', '>', event.seq).executeTakeFirst();
	const reporters = await reports
		.selectFrom('report')
		.leftJoin('report_private', 'report_private.report_id', 'report.id')
		.select(['report.id', 'report_private.reporter_id'])
		.where('report.incident_id', '=', event.incident_id)
		.orderBy('report.received_at')
		.execute();
	return { event, inForce: !reopened && event.state === 'closed', reporters };
}

/** The decision `kind`/`id` as the store has it: its municipality, whom it is about, who took it, and whether it still holds. */
async function decisionFacts(db: Db, kind: ReviewableKind, id: string, now: string): Promise<{ municipalityId: string; subjects: string[]; decider: string | null; inForce: boolean; item: ModeratedItem } | null> {
	const store = moderationStore(db);
	if (kind === 'closed') {
		const facts = await closingFacts(db, id);
		if (!facts) return null;
		const subjects = facts.reporters.flatMap((r) => (r.reporter_id ? [r.reporter_id] : []));
		return { municipalityId: facts.event.municipality_id, subjects, decider: facts.event.actor_id, inForce: facts.inForce, item: { kind: 'report', id: facts.reporters[0]?.id ?? '' } };
	}
	if (kind === 'hidden') {
		const row = await store.selectFrom('moderation_decision').selectAll().where('id', '=', id).where('action', '=', 'hidden').executeTakeFirst();
		if (!row) return null;
		const later = await store.selectFrom('moderation_decision').select('id').where('item_key', '=', row.item_key).where('action', '=', 'restored').where('at', '>=', row.at).executeTakeFirst();
		const author = authorOf(row.original);
		return { municipalityId: row.municipality_id, subjects: author ? [author] : [], decider: row.actor_id, inForce: !later, item: JSON.parse(row.item) as ModeratedItem };
	}
	const row = await store.selectFrom('posting_limit').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) return null;
	return { municipalityId: row.municipality_id, subjects: row.user_id ? [row.user_id] : [], decider: row.actor_id, inForce: row.lifted_at === null && row.until > now, item: JSON.parse(row.item) as ModeratedItem };
}

/** The decisions about this person that they can see and ask about: hidden messages of theirs and limits on them, still holding or reviewed. */
export async function ownDecisions(db: Db, userId: string, now: Date = new Date()): Promise<OwnDecision[]> {
	const store = moderationStore(db);
	const at = now.toISOString();
	const reviews = await store.selectFrom('moderation_review').selectAll().where('requester_id', '=', userId).execute();
	const reviewFor = (kind: ReviewableKind, id: string) => reviewOf(reviews.find((r) => r.decision_kind === kind && r.decision_id === id));
	const hides = await store.selectFrom('moderation_decision').selectAll().where('action', '=', 'hidden').where('original', 'like', writtenBy(userId)).orderBy('at', 'desc').execute();
	const out: OwnDecision[] = [];
	for (const row of hides) {
		if (authorOf(row.original) !== userId) continue;
		const facts = await decisionFacts(db, 'hidden', row.id, at);
		const review = reviewFor('hidden', row.id);
		if (!facts || (!facts.inForce && !review)) continue;
		const item = facts.item;
		const message = item.kind === 'message' ? item : null;
		const part = item.kind === 'description' || item.kind === 'photo' ? item : null;
		out.push({
			kind: 'hidden',
			id: row.id,
			municipalityId: row.municipality_id,
			thread: message?.thread ?? null,
			messageId: message?.id ?? null,
			report: part?.report ?? null,
			part: part?.kind ?? null,
			reason: row.reason as ModerationReason,
			at: row.at,
			until: null,
			inForce: facts.inForce,
			review
		});
	}
	const limits = await store.selectFrom('posting_limit').selectAll().where('user_id', '=', userId).orderBy('at', 'desc').execute();
	for (const row of limits) {
		const inForce = row.lifted_at === null && row.until > at;
		const review = reviewFor('limited', row.id);
		if (!inForce && !review) continue;
		const item = JSON.parse(row.item) as ModeratedItem;
		out.push({
			kind: 'limited',
			id: row.id,
			municipalityId: row.municipality_id,
			thread: item.kind === 'message' ? item.thread : null,
			messageId: item.kind === 'message' ? item.id : null,
			report: null,
			part: null,
			reason: row.reason as ModerationReason,
			at: row.at,
			until: row.until,
			inForce,
			review
		});
	}
	// The closings of incidents this person asked to reopen (each request is a review of the closing).
	for (const review of reviews.filter((r) => r.decision_kind === 'closed')) {
		const facts = await closingFacts(db, review.decision_id);
		if (!facts) continue;
		const own = facts.reporters.find((r) => r.reporter_id === userId);
		out.push({
			kind: 'closed',
			id: review.decision_id,
			municipalityId: facts.event.municipality_id,
			thread: null,
			messageId: null,
			report: own?.id ?? null,
			part: null,
			reason: null,
			at: facts.event.at,
			until: null,
			inForce: facts.inForce,
			review: reviewOf(review)
		});
	}
	return out;
}

/**
 * The person a decision was about asks for a review. 404: no such decision, or not about them
 * (nobody learns whether it exists); 409: asked already, or it no longer holds.
 */
export async function requestReview(db: Db, userId: string, input: ReviewRequest, now: Date = new Date()): Promise<{ id: string; municipalityId: string }> {
	const at = now.toISOString();
	const facts = await decisionFacts(db, input.decision.kind, input.decision.id, at);
	if (!facts || !facts.subjects.includes(userId)) throw new Refusal(404, 'not_found', 'There is no such decision about you.');
	if (!facts.inForce) throw new Refusal(409, 'not_in_force', 'This decision no longer holds: there is nothing to review.');
	const id = randomUUID();
	const result = await moderationStore(db)
		.insertInto('moderation_review')
		.values({ id, municipality_id: facts.municipalityId, decision_kind: input.decision.kind, decision_id: input.decision.id, requester_id: userId, reason: input.reason, at, decider_id: facts.decider, outcome: null, outcome_reason: null, reviewer_id: null, reviewed_at: null })
		.onConflict((oc) => oc.columns(['decision_kind', 'decision_id']).doNothing())
		.executeTakeFirst();
	if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw new Refusal(409, 'already_asked', 'A review of this decision was asked for already: each decision is reviewed once.');
	return { id, municipalityId: facts.municipalityId };
}

/** The municipality a review belongs to; null: no such review. */
export async function reviewMunicipality(db: Db, id: string): Promise<string | null> {
	const row = await moderationStore(db).selectFrom('moderation_review').select('municipality_id').where('id', '=', id).executeTakeFirst();
	return row?.municipality_id ?? null;
}

/** The reviews waiting in a municipality, oldest first, for its admins. */
export async function reviewQueue(db: Db, municipalityId: string, viewerId: string): Promise<ReviewQueueEntry[]> {
	const store = moderationStore(db);
	const rows = await store.selectFrom('moderation_review').selectAll().where('municipality_id', '=', municipalityId).where('outcome', 'is', null).orderBy('at').execute();
	const entries: ReviewQueueEntry[] = [];
	for (const r of rows) {
		if (r.decision_kind === 'closed') {
			const facts = await closingFacts(db, r.decision_id);
			if (!facts) continue;
			const by = facts.event.actor_id ? await store.selectFrom('user').select(['display_name', 'username']).where('id', '=', facts.event.actor_id).executeTakeFirst() : undefined;
			entries.push({
				id: r.id,
				reason: r.reason,
				at: r.at,
				decision: { kind: 'closed', id: r.decision_id, reason: null, note: null, at: facts.event.at, by: by ? (by.display_name ?? by.username) : null, until: null },
				item: { kind: 'report', id: facts.reporters[0]?.id ?? '' },
				incidentId: facts.event.incident_id,
				// What the public read when it was closed.
				text: facts.event.public_message,
				own: r.decider_id === viewerId
			});
			continue;
		}
		const decision =
			r.decision_kind === 'hidden'
				? await store
						.selectFrom('moderation_decision as d')
						.leftJoin('user', 'user.id', 'd.actor_id')
						.select(['d.reason', 'd.note', 'd.at', 'd.item', 'd.original', 'user.display_name', 'user.username'])
						.where('d.id', '=', r.decision_id)
						.executeTakeFirst()
				: await store
						.selectFrom('posting_limit as l')
						.leftJoin('user', 'user.id', 'l.actor_id')
						.select(['l.reason', 'l.note', 'l.at', 'l.item', 'l.until', 'user.display_name', 'user.username'])
						.where('l.id', '=', r.decision_id)
						.executeTakeFirst();
		if (!decision) continue;
		const item = JSON.parse(decision.item) as ModeratedItem;
		const original = 'original' in decision && typeof decision.original === 'string' ? (JSON.parse(decision.original) as { text?: string }) : null;
		entries.push({
			id: r.id,
			reason: r.reason,
			at: r.at,
			decision: {
				kind: r.decision_kind,
				id: r.decision_id,
				reason: decision.reason as ModerationReason,
				note: decision.note,
				at: decision.at,
				by: decision.display_name ?? decision.username ?? null,
				until: 'until' in decision && typeof decision.until === 'string' ? decision.until : null
			},
			item,
			incidentId: (await placeOf(db, item))?.incidentId ?? null,
			text: original?.text ?? null,
			own: r.decider_id === viewerId
		});
	}
	return entries;
}

/** What a decided review changed, for the events after commit. */
export type ReviewResult =
	| { outcome: 'upheld' }
	| { outcome: 'reversed'; kind: 'hidden'; item: HideableItem; municipalityId: string }
	| { outcome: 'reversed'; kind: 'limited'; change: LimitChange | null }
	| { outcome: 'reversed'; kind: 'closed'; incident: IncidentTable };

/**
 * An admin decides a review. 403 `own_decision`: they took the decision; 409 `already_reviewed`.
 * Reversing restores the message (410 when the original is gone) or lifts the limit; if it cannot,
 * the review is left waiting, so nothing is recorded that did not happen.
 */
export async function decideReview(db: Db, reviewerId: string, input: ReviewDecision, now: Date = new Date()): Promise<ReviewResult> {
	const store = moderationStore(db);
	const review = await store.selectFrom('moderation_review').selectAll().where('id', '=', input.id).executeTakeFirst();
	if (!review) throw new Refusal(404, 'not_found', 'No such review.');
	if (review.outcome !== null) throw new Refusal(409, 'already_reviewed', 'This review has been decided already.');
	if (review.decider_id === reviewerId) throw new Refusal(403, 'own_decision', 'You took this decision: another admin must review it.');
	const at = now.toISOString();
	// Claimed first, so two admins cannot both decide it; released if the reversal cannot be done.
	const claimed = await store
		.updateTable('moderation_review')
		.set({ outcome: input.outcome, outcome_reason: input.reason, reviewer_id: reviewerId, reviewed_at: at })
		.where('id', '=', input.id)
		.where('outcome', 'is', null)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0) throw new Refusal(409, 'already_reviewed', 'This review has been decided already.');
	if (input.outcome === 'upheld') return { outcome: 'upheld' };
	try {
		if (review.decision_kind === 'closed') {
			// Reversing a closing reopens the incident, as an operator's reopen would, with the reviewer's reason (public, without a name).
			const facts = await closingFacts(db, review.decision_id);
			if (!facts?.inForce) throw new Refusal(409, 'not_in_force', 'The incident is no longer closed: there is nothing to reverse.');
			const incident = await reportsStore(db).selectFrom('incident').select('version').where('id', '=', facts.event.incident_id).executeTakeFirstOrThrow();
			const reopened = await decide(db, facts.event.incident_id, { action: 'reopen', version: incident.version, reason: input.reason }, reviewerId, now);
			if (!reopened.ok) throw new Refusal(reopened.status, reopened.code, reopened.message);
			return { outcome: 'reversed', kind: 'closed', incident: reopened.incident };
		}
		if (review.decision_kind === 'hidden') {
			const decision = await store.selectFrom('moderation_decision').select(['item']).where('id', '=', review.decision_id).executeTakeFirstOrThrow();
			const item = JSON.parse(decision.item) as ModeratedItem;
			if (!isHideable(item)) throw new Refusal(409, 'not_hidden', 'This decision hid nothing that can be restored.');
			await restoreItem(db, reviewerId, { item, reason: input.reason }, review.municipality_id, now);
			return { outcome: 'reversed', kind: 'hidden', item, municipalityId: review.municipality_id };
		}
		return { outcome: 'reversed', kind: 'limited', change: await liftLimit(db, reviewerId, { id: review.decision_id, reason: input.reason }, now) };
	} catch (error) {
		await store.updateTable('moderation_review').set({ outcome: null, outcome_reason: null, reviewer_id: null, reviewed_at: null }).where('id', '=', input.id).execute();
		throw error;
	}
}

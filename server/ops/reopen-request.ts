import type { Db } from '../db/index.ts';
import { reportsStore } from '../reports/schema.ts';
import { randomUUID } from 'node:crypto';
import type { ModerationReviewTable } from '../moderation/schema.ts';
import { appendEvent } from './lifecycle.ts';

export type ReopenRequested =
	| { ok: true; incidentId: string; municipalityId: string; state: 'closed'; version: number }
	| { ok: false; status: 403 | 404 | 409 | 422; code: 'not_found' | 'not_reporter' | 'not_closed' | 'already_requested'; message: string };

/**
 * The reporter of a report whose incident is closed asks for it to be reopened, with a reason: a
 * staff-visible `reopen_requested` event (the reason is for staff; the public timeline shows
 * nothing until an operator reopens). Once per closing. Anyone but the report's reporter is refused.
 */
export async function requestReopen(db: Db, reportId: string, userId: string, reason: string, now: Date = new Date()): Promise<ReopenRequested> {
	return reportsStore(db)
		.transaction()
		.execute(async (tx) => {
			const report = await tx
				.selectFrom('report')
				.innerJoin('incident', 'incident.id', 'report.incident_id')
				.leftJoin('report_private', 'report_private.report_id', 'report.id')
				.select(['report.incident_id', 'report.municipality_id', 'incident.status', 'incident.version', 'report_private.reporter_id'])
				.where('report.id', '=', reportId)
				.executeTakeFirst();
			if (!report) return { ok: false as const, status: 404 as const, code: 'not_found' as const, message: 'No such report.' };
			if (report.reporter_id === null || report.reporter_id !== userId) return { ok: false as const, status: 403 as const, code: 'not_reporter' as const, message: 'Only the person who made this report may ask for it to be reopened.' };
			if (report.status !== 'closed') return { ok: false as const, status: 422 as const, code: 'not_closed' as const, message: 'This report is not closed: write in its thread instead.' };
			const lastClosed = await tx.selectFrom('incident_event').select((eb) => eb.fn.max('seq').as('seq')).where('incident_id', '=', report.incident_id).where('type', '=', 'closed').executeTakeFirst();
			const asked = await tx
				.selectFrom('incident_event')
				.select('id')
				.where('incident_id', '=', report.incident_id)
				.where('type', '=', 'reopen_requested')
				.where('seq', '>', Number(lastClosed?.seq ?? 0))
				.executeTakeFirst();
			if (asked) return { ok: false as const, status: 409 as const, code: 'already_requested' as const, message: 'You already asked for this report to be reopened. The municipality will look at it.' };
			const at = now.toISOString();
			await appendEvent(tx, report.incident_id, { type: 'reopen_requested', actor_id: userId, at, visibility: 'staff', reason, public_message: null, report_id: reportId, data: null });
			// The closing is a decision too (issue 16, item 4): the request is also a review of it in the
			// admins' queue, whose outcome the reporter reads. Once per closing (another reporter of the
			// incident may have asked already: their review stands for both).
			const closing = await tx.selectFrom('incident_event').select(['id', 'actor_id']).where('incident_id', '=', report.incident_id).where('type', '=', 'closed').orderBy('seq', 'desc').executeTakeFirst();
			if (closing) {
				await tx
					.withTables<{ moderation_review: ModerationReviewTable }>()
					.insertInto('moderation_review')
					.values({ id: randomUUID(), municipality_id: report.municipality_id, decision_kind: 'closed', decision_id: closing.id, requester_id: userId, reason: reason.slice(0, 300), at, decider_id: closing.actor_id, outcome: null, outcome_reason: null, reviewer_id: null, reviewed_at: null })
					.onConflict((oc) => oc.columns(['decision_kind', 'decision_id']).doNothing())
					.execute();
			}
			return { ok: true as const, incidentId: report.incident_id, municipalityId: report.municipality_id, state: 'closed' as const, version: report.version };
		});
}

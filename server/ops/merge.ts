import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { MergeBody, SplitBody } from '../../src/lib/ops/contract.ts';
import { reportsStore, type IncidentTable } from '../reports/schema.ts';
import { appendEvent, refusal, setReportsStatus, staleMessage, type LifecycleRefusal } from './lifecycle.ts';

/**
 * Merging duplicate incidents and splitting a report out again (docs/operators.md, "Merging and
 * splitting incidents"). Pure of HTTP; one transaction each; both incidents' timelines record it.
 * Followers follow reports, and reporters are read from the reports, so both carry over with the
 * reports. The threads (the old one's messages, the `merged` events) are the caller's, after commit
 * (server/ops/thread.ts).
 */

export type Merged = { ok: true; from: IncidentTable; into: IncidentTable };
export type Split = { ok: true; from: IncidentTable; into: IncidentTable; reportId: string };

/**
 * Merges incident `fromId` into `body.into`: same municipality, both open, `body.version` is
 * `fromId`'s. Its reports move; it is closed as a duplicate, `merged_into` the other; the other's
 * version goes up (it has new reports).
 */
export async function mergeIncidents(db: Db, fromId: string, body: MergeBody, actorId: string, now: Date = new Date()): Promise<Merged | LifecycleRefusal> {
	const at = now.toISOString();
	if (fromId === body.into) return refusal(422, 'not_allowed', 'An incident cannot be merged into itself.');
	return reportsStore(db)
		.transaction()
		.execute(async (tx) => {
			const from = await tx.selectFrom('incident').selectAll().where('id', '=', fromId).executeTakeFirst();
			const into = await tx.selectFrom('incident').selectAll().where('id', '=', body.into).executeTakeFirst();
			if (!from) return refusal(404, 'not_found', 'No such incident.');
			if (!into || into.municipality_id !== from.municipality_id) return refusal(404, 'not_found', 'The incident to merge into does not exist in this municipality.');
			if (body.version !== from.version) return refusal(409, 'stale', staleMessage(from.state));
			if (from.status === 'closed') return refusal(422, 'not_allowed', 'This incident is closed: reopen it before merging it.');
			if (into.status === 'closed') return refusal(422, 'not_allowed', 'The incident to merge into is closed: reopen it first, or merge the other way.');
			const moved = await tx.selectFrom('report').select('id').where('incident_id', '=', fromId).execute();
			await tx.updateTable('report').set({ incident_id: into.id }).where('incident_id', '=', fromId).execute();
			// The moved reports read as the incident they joined.
			await setReportsStatus(tx, into.id, into.state, at);
			const fromChanges = { status: 'closed' as const, state: 'closed' as const, outcome: 'duplicate' as const, merged_into: into.id, closed_at: at, closing_message: null, version: from.version + 1, updated_at: at };
			await tx.updateTable('incident').set(fromChanges).where('id', '=', fromId).execute();
			const intoChanges = { version: into.version + 1, updated_at: at };
			await tx.updateTable('incident').set(intoChanges).where('id', '=', into.id).execute();
			const reports = moved.map((r) => r.id);
			await appendEvent(tx, fromId, { type: 'merged', actor_id: actorId, at, visibility: 'public', reason: body.reason, public_message: null, report_id: null, data: { state: 'closed', into: into.id, reports } });
			await appendEvent(tx, into.id, { type: 'merged_in', actor_id: actorId, at, visibility: 'public', reason: body.reason, public_message: null, report_id: null, data: { state: into.state, from: fromId, reports } });
			return { ok: true as const, from: { ...from, ...fromChanges }, into: { ...into, ...intoChanges } };
		});
}

/**
 * Splits report `reportId` out of its incident into a new one (received, version 1), which has
 * only it. `body.version` is the old incident's; an incident of one report has nothing to split.
 */
export async function splitReport(db: Db, reportId: string, body: SplitBody, actorId: string, now: Date = new Date()): Promise<Split | LifecycleRefusal> {
	const at = now.toISOString();
	return reportsStore(db)
		.transaction()
		.execute(async (tx) => {
			const report = await tx.selectFrom('report').select(['id', 'incident_id', 'municipality_id', 'category_group']).where('id', '=', reportId).executeTakeFirst();
			if (!report) return refusal(404, 'not_found', 'No such report.');
			const from = await tx.selectFrom('incident').selectAll().where('id', '=', report.incident_id).executeTakeFirstOrThrow();
			if (body.version !== from.version) return refusal(409, 'stale', staleMessage(from.state));
			if (from.status === 'closed') return refusal(422, 'not_allowed', 'This incident is closed: reopen it first.');
			const count = await tx.selectFrom('report').select((eb) => eb.fn.countAll().as('n')).where('incident_id', '=', from.id).executeTakeFirstOrThrow();
			if (Number(count.n) < 2) return refusal(422, 'not_allowed', 'This is the incident’s only report: there is nothing to split it from.');
			const into: IncidentTable = {
				id: randomUUID(),
				municipality_id: report.municipality_id,
				category_group: report.category_group,
				status: 'open',
				opened_at: at,
				closed_at: null,
				closing_message: null,
				state: 'received',
				version: 1,
				outcome: null,
				referred_to: null,
				unit: null,
				merged_into: null,
				updated_at: at
			};
			await tx.insertInto('incident').values(into).execute();
			await tx.updateTable('report').set({ incident_id: into.id, status: 'received', status_at: at }).where('id', '=', reportId).execute();
			const fromChanges = { version: from.version + 1, updated_at: at };
			await tx.updateTable('incident').set(fromChanges).where('id', '=', from.id).execute();
			await appendEvent(tx, from.id, { type: 'split', actor_id: actorId, at, visibility: 'public', reason: body.reason, public_message: null, report_id: reportId, data: { state: from.state, report: reportId, into: into.id } });
			await appendEvent(tx, into.id, { type: 'split', actor_id: actorId, at, visibility: 'public', reason: body.reason, public_message: null, report_id: reportId, data: { state: 'received', report: reportId, from: from.id } });
			return { ok: true as const, from: { ...from, ...fromChanges }, into, reportId };
		});
}

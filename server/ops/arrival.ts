import type { Db } from '../db/index.ts';
import type { IncidentState } from '../../src/lib/domain/lifecycle.ts';
import { reportsStore } from '../reports/schema.ts';
import { appendEvent } from './lifecycle.ts';
import { autoAnswerIn, serviceHoursIn } from '../municipalities/store.ts';

/**
 * A report arrived (`report.accepted`, created): its incident's timeline records it (`received`,
 * actor null, with the report's id), and an incident it opened gets the automatic first answer
 * (`auto_answer`, with the service hours and the first answer of the municipality's configuration
 * as they are now, issue 17, so a later change of wording does not rewrite what was said): the
 * device shows the municipality's answer in the resident's language (the app's own wording when
 * there is none), and the hours, in OpenStreetMap's `opening_hours` syntax. Idempotent: a report already recorded adds nothing. Returns
 * whether anything was recorded.
 */
export async function recordArrival(db: Db, reportId: string, now: Date = new Date()): Promise<{ incidentId: string; municipalityId: string; state: IncidentState; version: number; recorded: boolean } | null> {
	const at = now.toISOString();
	return reportsStore(db)
		.transaction()
		.execute(async (tx) => {
			const report = await tx
				.selectFrom('report')
				.innerJoin('incident', 'incident.id', 'report.incident_id')
				.select(['report.incident_id', 'report.municipality_id', 'incident.state', 'incident.version'])
				.where('report.id', '=', reportId)
				.executeTakeFirst();
			if (!report) return null;
			const { incident_id: incidentId, municipality_id: municipalityId, state, version } = report;
			const municipality = await tx.selectFrom('municipality').select('config').where('id', '=', municipalityId).executeTakeFirst();
			const known = await tx.selectFrom('incident_event').select('type').where('incident_id', '=', incidentId).where((eb) => eb.or([eb('report_id', '=', reportId), eb('type', '=', 'auto_answer')])).execute();
			let recorded = false;
			if (!known.some((e) => e.type === 'received')) {
				await appendEvent(tx, incidentId, { type: 'received', actor_id: null, at, visibility: 'public', reason: null, public_message: null, report_id: reportId, data: { state, report: reportId } });
				recorded = true;
			}
			// The report that opened the incident: its first received (another may have joined before this ran).
			const opener = await tx.selectFrom('report').select('id').where('incident_id', '=', incidentId).orderBy('received_at').orderBy('id').limit(1).executeTakeFirstOrThrow();
			if (opener.id === reportId && !known.some((e) => e.type === 'auto_answer')) {
				await appendEvent(tx, incidentId, { type: 'auto_answer', actor_id: null, at, visibility: 'public', reason: null, public_message: null, report_id: null, data: { state, hours: serviceHoursIn(municipality?.config ?? null), answer: autoAnswerIn(municipality?.config ?? null) } });
				recorded = true;
			}
			return { incidentId, municipalityId, state, version, recorded };
		});
}

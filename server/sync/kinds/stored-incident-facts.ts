import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DocFacts } from './types.ts';

/**
 * An incident (issue 4) is made by the server when it groups reports (`server/reports/accept.ts`):
 * its municipality, and the reporters of its reports, come from the `incident`, `report` and
 * `report_private` tables. Null when there is no such incident, or the reports tables are missing.
 */
export async function storedIncidentFacts(db: Db, id: string): Promise<DocFacts | null> {
	try {
		const { rows } = await sql<{ municipality_id: string; reporter_id: string | null }>`
			select i.municipality_id, p.reporter_id
			from incident i
			left join report r on r.incident_id = i.id
			left join report_private p on p.report_id = r.id
			where i.id = ${id}`.execute(db);
		const first = rows[0];
		if (!first) return null;
		const facts = { creator: null, municipalityId: first.municipality_id, writers: [...new Set(rows.flatMap((row) => (row.reporter_id ? [row.reporter_id] : [])))] };
		handedOut.set(id, new WeakRef(facts));
		forgotten.register(facts, id);
		return facts;
	} catch {
		return null;
	}
}

/**
 * The sync server keeps the facts of a loaded document until it unloads it. A report that joins an
 * incident while its thread is loaded must still let its reporter write at once, so the facts handed
 * out are remembered (weakly) and grown here when a report is accepted into the incident.
 */
const handedOut = new Map<string, WeakRef<{ writers: string[] }>>();
const forgotten = new FinalizationRegistry<string>((id) => {
	if (!handedOut.get(id)?.deref()) handedOut.delete(id);
});

/** A report by `reporterId` was accepted into this incident (called after it is committed). */
export function noteIncidentReporter(incidentId: string, reporterId: string): void {
	const facts = handedOut.get(incidentId)?.deref();
	if (facts && !facts.writers.includes(reporterId)) facts.writers.push(reporterId);
}

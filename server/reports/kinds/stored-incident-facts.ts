import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DocFacts } from '../../sync/kind.ts';

/**
 * An incident (issue 4) is made by the server when it groups reports (`server/reports/accept.ts`):
 * its municipality, whether it is closed, and the reporters of its reports, come from the `incident`, `report` and
 * `report_private` tables. Null when there is no such incident, or the reports tables are missing.
 */
export async function storedIncidentFacts(db: Db, id: string): Promise<DocFacts | null> {
	try {
		const { rows } = await sql<{ municipality_id: string; status: string; reporter_id: string | null }>`
			select i.municipality_id, i.status, p.reporter_id
			from incident i
			left join report r on r.incident_id = i.id
			left join report_private p on p.report_id = r.id
			where i.id = ${id}`.execute(db);
		const first = rows[0];
		if (!first) return null;
		return { creator: null, municipalityId: first.municipality_id, closed: first.status === 'closed', writers: [...new Set(rows.flatMap((row) => (row.reporter_id ? [row.reporter_id] : [])))] };
	} catch {
		return null;
	}
}

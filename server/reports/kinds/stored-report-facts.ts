import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DocFacts } from '../../sync/kind.ts';

/**
 * A report posted through `POST /api/reports` (issue 4) lives in the `report` and `report_private`
 * tables: its municipality and reporter there are the truth for its documents' access rules.
 * Null when there is no such report (yet), or the reports tables are missing.
 */
export async function storedReportFacts(db: Db, id: string): Promise<DocFacts | null> {
	try {
		const { rows } = await sql<{ municipality_id: string; reporter_id: string | null }>`
			select r.municipality_id, p.reporter_id
			from report r left join report_private p on p.report_id = r.id
			where r.id = ${id}`.execute(db);
		const row = rows[0];
		return row ? { creator: row.reporter_id, municipalityId: row.municipality_id } : null;
	} catch {
		return null;
	}
}

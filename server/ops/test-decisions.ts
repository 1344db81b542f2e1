import type { Db } from '../db/index.ts';
import type { IncidentAction } from '../../src/lib/domain/lifecycle.ts';
import { reportsStore } from '../reports/schema.ts';
import { decide } from './lifecycle.ts';

/** For specs on a seeded store (server/db/test-store.ts): the demo operator of a municipality's id. */
export async function operatorId(db: Db, municipalityId = 'providencia'): Promise<string> {
	const row = await db.selectFrom('user').select('id').where('username', '=', `operator@${municipalityId}`).executeTakeFirstOrThrow();
	return row.id;
}

/** For specs: decides as the demo operator on the incident's current version; throws when refused. */
export async function decideAsOperator(db: Db, incidentId: string, action: IncidentAction extends infer A ? (A extends IncidentAction ? Omit<A, 'version'> & { version?: number } : never) : never, now = new Date()): Promise<void> {
	const incident = await reportsStore(db).selectFrom('incident').select(['version', 'municipality_id']).where('id', '=', incidentId).executeTakeFirstOrThrow();
	const result = await decide(db, incidentId, { version: incident.version, ...action } as IncidentAction, await operatorId(db, incident.municipality_id), now);
	if (!result.ok) throw new Error(`refused: ${result.message}`);
}

/** For specs: closes an incident as resolved, with `message`, as the demo operator. */
export const closeAsOperator = (db: Db, incidentId: string, message: string, now = new Date()): Promise<void> =>
	decideAsOperator(db, incidentId, { action: 'close', outcome: 'resolved', message }, now);

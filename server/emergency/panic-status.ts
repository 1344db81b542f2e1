import type { Db } from '../db/index.ts';
import type { PanicStatus } from '../../src/lib/ops/contract.ts';
import { Refusal } from '../http/refusal.ts';
import type { PanicEventTable } from './schema.ts';

/**
 * What the sender's panic screen may say (`GET /api/panic/:id/status`): the status and when each
 * step happened, never who acted, the unit, the note nor the location. An alert with a sender is
 * told only to them (anyone else: 404, as for an unknown id); one sent with no session is told to
 * whoever holds its unguessable id.
 */
export async function panicStatusFor(db: Db, alertId: string, askerId: string | null): Promise<PanicStatus> {
	const row = await db.selectFrom('panic_alert').select(['id', 'status', 'received_at', 'reporter_user_id']).where('id', '=', alertId).executeTakeFirst();
	if (!row || (row.reporter_user_id !== null && row.reporter_user_id !== askerId)) throw new Refusal(404, 'not_found', 'No such panic alert.');
	const events = await db.selectFrom('panic_event').select(['type', 'at']).where('alert_id', '=', alertId).orderBy('at').execute();
	const first = (type: PanicEventTable['type']) => events.find((e) => e.type === type)?.at ?? null;
	return { id: row.id, status: row.status, receivedAt: row.received_at, acknowledgedAt: first('acknowledged'), dispatchedAt: first('dispatched'), closedAt: first('closed') };
}

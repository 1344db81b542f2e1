import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { PanicAction, QueuePanic } from '../../src/lib/ops/contract.ts';
import { nextPanicStatus } from '../../src/lib/ops/panic-lifecycle.ts';
import type { PanicRow } from '../emergency/repository.ts';
import type { PanicEventTable } from '../emergency/schema.ts';
import { Refusal } from '../http/refusal.ts';

/** A panic alert as its municipality's staff see it in the queue: where (until retention empties it), when, and what was done. */
export function toQueuePanic(row: PanicRow): QueuePanic {
	return {
		id: row.id,
		municipality: row.municipality_id ?? '',
		status: row.status,
		version: row.version,
		receivedAt: row.received_at,
		claimedAt: row.claimed_at,
		updatedAt: row.updated_at ?? row.received_at,
		location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude, accuracy: row.accuracy_m } : null,
		municipalitySource: row.municipality_source,
		fromSignedInResident: row.reporter_user_id !== null,
		unit: row.unit
	};
}

const eventOf: Record<PanicAction['action'], PanicEventTable['type']> = { acknowledge: 'acknowledged', dispatch: 'dispatched', close: 'closed' };

/**
 * An operator's decision on a panic alert, in one transaction: the alert's status, version, unit
 * and time, and a `panic_event` with who did it and the closing note. `action.version` is the
 * version the operator saw: another decision since is 409 `stale`; a step out of order is 422
 * `not_allowed`. The caller checks that `actorId` is staff of the alert's municipality, and
 * publishes `panic.changed` after this resolves.
 */
export async function actOnPanic(db: Db, alertId: string, action: PanicAction, actorId: string, now: Date = new Date()): Promise<PanicRow> {
	const at = now.toISOString();
	return db.transaction().execute(async (tx) => {
		const row = await tx.selectFrom('panic_alert').selectAll().where('id', '=', alertId).executeTakeFirst();
		if (!row) throw new Refusal(404, 'not_found', 'No such panic alert.');
		if (row.version !== action.version) throw new Refusal(409, 'stale', 'Another operator acted on this alert meanwhile. Look at it again before deciding.');
		const status = nextPanicStatus(row.status, action.action);
		if (!status) throw new Refusal(422, 'not_allowed', `A panic alert that is ${row.status} cannot be given "${action.action}".`);
		const unit = action.action === 'dispatch' ? action.unit : row.unit;
		const changed = await tx
			.updateTable('panic_alert')
			.set({ status, version: row.version + 1, unit, updated_at: at })
			.where('id', '=', alertId)
			.where('version', '=', row.version)
			.executeTakeFirst();
		// A decision committed between the read and the write (PostgreSQL's read committed): the same refusal.
		if (Number(changed.numUpdatedRows) !== 1) throw new Refusal(409, 'stale', 'Another operator acted on this alert meanwhile. Look at it again before deciding.');
		await tx
			.insertInto('panic_event')
			.values({ id: randomUUID(), alert_id: alertId, type: eventOf[action.action], actor_id: actorId, at, note: action.action === 'close' ? action.note : null })
			.execute();
		return { ...row, status, version: row.version + 1, unit, updated_at: at };
	});
}

/** One panic alert, for its page in the console (`GET /api/ops/panics/:id`); 404 when unknown. */
export async function panicOrRefuse(db: Db, alertId: string): Promise<PanicRow> {
	const row = await db.selectFrom('panic_alert').selectAll().where('id', '=', alertId).executeTakeFirst();
	if (!row) throw new Refusal(404, 'not_found', 'No such panic alert.');
	return row;
}

/** The municipality a panic alert went to, for the endpoint's role check; 404 when there is none (an alert no municipality received). */
export async function panicMunicipalityOrRefuse(db: Db, alertId: string): Promise<string> {
	const row = await db.selectFrom('panic_alert').select('municipality_id').where('id', '=', alertId).executeTakeFirst();
	if (!row?.municipality_id) throw new Refusal(404, 'not_found', 'No such panic alert.');
	return row.municipality_id;
}

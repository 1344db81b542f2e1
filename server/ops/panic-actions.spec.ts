import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { recordPanic } from '../emergency/repository.ts';
import { runPanicRetention } from '../emergency/retention.ts';
import { panicStatusFor } from '../emergency/panic-status.ts';
import { actOnPanic, toQueuePanic } from './panic-actions.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

const operatorId = async () => (await db.selectFrom('user').select('id').where('username', '=', 'operator@providencia').executeTakeFirstOrThrow()).id;
const raise = async (reporterUserId: string | null = null, receivedAt = '2026-12-01T10:00:00.000Z') =>
	(await recordPanic(db, { id: randomUUID(), claimedAt: receivedAt, location: { latitude: -33.4255, longitude: -70.6128, accuracy: 10 }, homeMunicipalityId: null }, { receivedAt, reporterUserId })).row;
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { status: number; code: string }) => ({ status: error.status, code: error.code }));

describe('actOnPanic', () => {
	it('goes acknowledged → dispatched → closed, bumping the version and recording who, when, the unit and the note', async () => {
		const alert = await raise();
		const operator = await operatorId();
		const seen = await actOnPanic(db, alert.id, { action: 'acknowledge', version: 1 }, operator, new Date('2026-12-01T10:01:00.000Z'));
		expect(seen).toMatchObject({ status: 'acknowledged', version: 2, updated_at: '2026-12-01T10:01:00.000Z' });
		const sent = await actOnPanic(db, alert.id, { action: 'dispatch', version: 2, unit: 'Móvil 3' }, operator, new Date('2026-12-01T10:02:00.000Z'));
		expect(toQueuePanic(sent)).toMatchObject({ status: 'dispatched', version: 3, unit: 'Móvil 3', location: { latitude: -33.4255, longitude: -70.6128, accuracy: 10 } });
		await actOnPanic(db, alert.id, { action: 'close', version: 3, note: 'Vecina atendida, sin lesiones' }, operator, new Date('2026-12-01T10:30:00.000Z'));
		const stored = await db.selectFrom('panic_alert').selectAll().where('id', '=', alert.id).executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ status: 'closed', version: 4, unit: 'Móvil 3' });
		const events = await db.selectFrom('panic_event').select(['type', 'actor_id', 'at', 'note']).where('alert_id', '=', alert.id).orderBy('at').execute();
		expect(events).toEqual([
			{ type: 'acknowledged', actor_id: operator, at: '2026-12-01T10:01:00.000Z', note: null },
			{ type: 'dispatched', actor_id: operator, at: '2026-12-01T10:02:00.000Z', note: null },
			{ type: 'closed', actor_id: operator, at: '2026-12-01T10:30:00.000Z', note: 'Vecina atendida, sin lesiones' }
		]);
	});

	it('refuses a decision on a stale view (409) and a step out of order (422), changing nothing', async () => {
		const alert = await raise();
		const operator = await operatorId();
		await actOnPanic(db, alert.id, { action: 'acknowledge', version: 1 }, operator);
		expect(await refusal(actOnPanic(db, alert.id, { action: 'acknowledge', version: 1 }, operator))).toEqual({ status: 409, code: 'stale' });
		expect(await refusal(actOnPanic(db, alert.id, { action: 'acknowledge', version: 2 }, operator))).toEqual({ status: 422, code: 'not_allowed' });
		const other = await raise();
		expect(await refusal(actOnPanic(db, other.id, { action: 'dispatch', version: 1, unit: 'Móvil 1' }, operator))).toEqual({ status: 422, code: 'not_allowed' });
		expect(await refusal(actOnPanic(db, randomUUID(), { action: 'acknowledge', version: 1 }, operator))).toEqual({ status: 404, code: 'not_found' });
		expect(await db.selectFrom('panic_event').select('type').execute()).toHaveLength(1);
	});
});

describe('panicStatusFor', () => {
	it('tells the sender each step and nothing else; someone else asking for a signed-in sender\'s alert learns nothing', async () => {
		const sender = (await db.selectFrom('user').select('id').where('username', '=', 'admin@las-condes').executeTakeFirstOrThrow()).id;
		const alert = await raise(sender);
		expect(await panicStatusFor(db, alert.id, sender)).toEqual({ id: alert.id, status: 'open', receivedAt: alert.received_at, acknowledgedAt: null, dispatchedAt: null, closedAt: null });
		await actOnPanic(db, alert.id, { action: 'acknowledge', version: 1 }, await operatorId(), new Date('2026-12-01T10:01:00.000Z'));
		const told = await panicStatusFor(db, alert.id, sender);
		expect(told).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-12-01T10:01:00.000Z', dispatchedAt: null });
		expect(Object.keys(told).sort()).toEqual(['acknowledgedAt', 'closedAt', 'dispatchedAt', 'id', 'receivedAt', 'status']);
		expect(await refusal(panicStatusFor(db, alert.id, null))).toEqual({ status: 404, code: 'not_found' });
		expect(await refusal(panicStatusFor(db, alert.id, await operatorId()))).toEqual({ status: 404, code: 'not_found' });
	});

	it('tells whoever holds the id of an alert sent with no session', async () => {
		const alert = await raise(null);
		expect(await panicStatusFor(db, alert.id, null)).toMatchObject({ id: alert.id, status: 'open' });
	});
});

describe('panic retention', () => {
	it('empties the operators\' notes with the location, and keeps who acted and when', async () => {
		const old = await raise(null, '2026-10-01T10:00:00.000Z');
		const recent = await raise(null, '2026-12-20T10:00:00.000Z');
		const operator = await operatorId();
		for (const alert of [old, recent]) await actOnPanic(db, alert.id, { action: 'close', version: 1, note: 'Falsa alarma, hablé con la vecina' }, operator);
		await runPanicRetention(db, 30, new Date('2026-12-31T00:00:00.000Z'));
		const notes = await db.selectFrom('panic_event').select(['alert_id', 'note', 'actor_id']).execute();
		expect(notes.find((n) => n.alert_id === old.id)).toEqual({ alert_id: old.id, note: null, actor_id: operator });
		expect(notes.find((n) => n.alert_id === recent.id)?.note).toBe('Falsa alarma, hablé con la vecina');
	});
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { acceptReport } from '../reports/accept.ts';
import { reportsStore } from '../reports/schema.ts';
import { recordArrival } from './arrival.ts';
import { decide } from './lifecycle.ts';
import { requestReopen } from './reopen-request.ts';
import { operatorId } from './test-decisions.ts';
import { toPublicEvent } from './thread.ts';

let db: Db;
const now = new Date('2026-11-21T12:00:00Z');
const corner = [-70.6128, -33.4255] as [number, number];
useSeededStore((opened) => (db = opened));

async function report(reporterId: string | null = null, receivedAt = now) {
	const result = await acceptReport(db, reporterId, { id: randomUUID(), category: 'robbery', description: 'Bolso robado', location: { kind: 'point', point: corner, source: 'gps' }, consentToCall: true, phone: '+56 9 1111 2222', reportedAt: now.toISOString() }, receivedAt);
	if (!result.ok) throw new Error(result.message);
	return result.receipt;
}
const incidentOf = (id: string) => reportsStore(db).selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: string) => reportsStore(db).selectFrom('incident_event').selectAll().where('incident_id', '=', id).orderBy('seq').execute();

describe('decide', () => {
	it('walks received → acknowledged → in progress → referred → closed → acknowledged, recording who, when and why, and every report’s public status', async () => {
		const first = await report();
		const second = await report();
		expect(second.incidentId).toBe(first.incidentId);
		const id = first.incidentId;
		const olga = await operatorId(db);
		const at = (m: number) => new Date(now.getTime() + m * 60_000);

		expect(await decide(db, id, { action: 'acknowledge', version: 1, message: 'Un operador tomó tu reporte.' }, olga, at(1))).toMatchObject({ ok: true, changedState: true });
		expect(await decide(db, id, { action: 'call', version: 2, reached: true, note: 'Confirma dos personas' }, olga, at(2))).toMatchObject({ ok: true, changedState: false });
		expect(await decide(db, id, { action: 'dispatch', version: 3, unit: 'Móvil 7' }, olga, at(3))).toMatchObject({ ok: true });
		expect(await decide(db, id, { action: 'note', version: 1, text: 'Vecina conocida' }, olga, at(4))).toMatchObject({ ok: true });
		expect(await decide(db, id, { action: 'refer', version: 4, to: { name: 'Carabineros', phone: '133' }, message: 'Lo atiende Carabineros.' }, olga, at(5))).toMatchObject({ ok: true });
		expect(await decide(db, id, { action: 'close', version: 5, outcome: 'referred', message: 'Carabineros tomó el caso.' }, olga, at(6))).toMatchObject({ ok: true });

		const closed = await incidentOf(id);
		expect(closed).toMatchObject({ state: 'closed', status: 'closed', version: 6, outcome: 'referred', unit: 'Móvil 7', closing_message: 'Carabineros tomó el caso.', closed_at: at(6).toISOString() });
		expect(JSON.parse(closed.referred_to ?? 'null')).toEqual({ name: 'Carabineros', phone: '133' });
		const reports = await reportsStore(db).selectFrom('report').select(['status', 'status_at']).where('incident_id', '=', id).execute();
		expect(reports).toEqual([
			{ status: 'closed', status_at: at(6).toISOString() },
			{ status: 'closed', status_at: at(6).toISOString() }
		]);
		const events = await eventsOf(id);
		expect(events.map((e) => [e.seq, e.type, e.visibility, e.actor_id])).toEqual([
			[1, 'acknowledged', 'public', olga],
			[2, 'called', 'staff', olga],
			[3, 'dispatched', 'public', olga],
			[4, 'note', 'staff', olga],
			[5, 'referred', 'public', olga],
			[6, 'closed', 'public', olga]
		]);
		expect(events[1]).toMatchObject({ reason: 'Confirma dos personas', data: JSON.stringify({ state: 'acknowledged', reached: true }) });

		expect(await decide(db, id, { action: 'reopen', version: 6, reason: 'El vecino dice que siguen ahí' }, olga, at(7))).toMatchObject({ ok: true });
		expect(await incidentOf(id)).toMatchObject({ state: 'acknowledged', status: 'open', closed_at: null, closing_message: null, outcome: null, version: 7 });
	});

	it('refuses a decision on a stale view (409, naming the state now) and one the state does not allow (422)', async () => {
		const { incidentId: id } = await report();
		const olga = await operatorId(db);
		expect(await decide(db, id, { action: 'close', version: 1, outcome: 'resolved', message: 'Resuelto' }, olga, now)).toMatchObject({ ok: true });
		// A second operator, on the view they loaded before the close.
		expect(await decide(db, id, { action: 'close', version: 1, outcome: 'nothing_found', message: 'No había nada' }, olga, now)).toEqual({
			ok: false,
			status: 409,
			code: 'stale',
			message: 'Another operator changed this incident meanwhile (it is now closed). Look at it again before deciding.'
		});
		expect(await decide(db, id, { action: 'dispatch', version: 2, unit: 'Móvil 1' }, olga, now)).toEqual({ ok: false, status: 422, code: 'not_allowed', message: 'This incident is closed: reopen it first.' });
		expect(await decide(db, id, { action: 'message', version: 2, message: 'Hola' }, olga, now)).toMatchObject({ status: 422 });
		expect(await decide(db, 'nope', { action: 'note', version: 1, text: 'x' }, olga, now)).toMatchObject({ status: 404 });
		// Nothing was recorded by the refusals.
		expect((await eventsOf(id)).map((e) => e.type)).toEqual(['closed']);
		expect((await incidentOf(id)).version).toBe(2);
	});

	it('keeps the version for a note, so that a note never makes another operator’s view stale', async () => {
		const { incidentId: id } = await report();
		const olga = await operatorId(db);
		await decide(db, id, { action: 'note', version: 1, text: 'Llamé, no contesta' }, olga, now);
		expect(await decide(db, id, { action: 'acknowledge', version: 1, message: 'Recibido' }, olga, now)).toMatchObject({ ok: true });
	});
});

describe('the public timeline', () => {
	it('gives the public what was decided and its message, never the unit, a reason, a note, a call or who decided', async () => {
		const { incidentId: id } = await report();
		const olga = await operatorId(db);
		await decide(db, id, { action: 'call', version: 1, reached: false, note: 'Buzón de voz' }, olga, now);
		await decide(db, id, { action: 'dispatch', version: 2, unit: 'Móvil 7', message: 'Va una patrulla.' }, olga, now);
		await decide(db, id, { action: 'note', version: 3, text: 'Interno' }, olga, now);
		const shown = (await eventsOf(id)).map(toPublicEvent);
		expect(shown[0]).toBeNull();
		expect(shown[2]).toBeNull();
		expect(shown[1]).toEqual({ id: expect.any(String), author: 'municipality', type: 'dispatched', at: now.getTime(), state: 'in_progress', text: 'Va una patrulla.' });
		expect(JSON.stringify(shown)).not.toMatch(/Móvil|Buzón|Interno|olga|operator/);
		expect(JSON.stringify(shown)).not.toContain(olga);
	});
});

describe('recordArrival', () => {
	it('records each report once, and the automatic first answer only for the report that opened the incident', async () => {
		const first = await report();
		const second = await report(null, new Date(now.getTime() + 1000));
		expect(await recordArrival(db, first.id, now)).toMatchObject({ incidentId: first.incidentId, recorded: true });
		expect(await recordArrival(db, first.id, now)).toMatchObject({ recorded: false });
		expect(await recordArrival(db, second.id, now)).toMatchObject({ recorded: true });
		const events = await eventsOf(first.incidentId);
		expect(events.map((e) => [e.type, e.actor_id, e.report_id])).toEqual([
			['received', null, first.id],
			['auto_answer', null, null],
			['received', null, second.id]
		]);
		expect(toPublicEvent(events[1] as (typeof events)[number])).toMatchObject({ type: 'auto_answer', author: 'municipality', hours: '24/7', state: 'received', answer: { en: 'We received your report. The Providencia security team will review it.' } });
	});
});

describe('requestReopen', () => {
	it('lets the reporter of a closed incident ask once per closing; nobody else', async () => {
		const ana = randomUUID();
		await db.insertInto('user').values({ id: ana, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: now.toISOString() }).execute();
		const mine = await report(ana);
		const olga = await operatorId(db);
		expect(await requestReopen(db, mine.id, ana, 'Sigue pasando', now)).toMatchObject({ ok: false, status: 422 });
		await decide(db, mine.incidentId, { action: 'close', version: 1, outcome: 'resolved', message: 'Resuelto' }, olga, now);
		expect(await requestReopen(db, mine.id, 'someone-else', 'Sigue pasando', now)).toMatchObject({ ok: false, status: 403 });
		expect(await requestReopen(db, mine.id, ana, 'Sigue pasando', now)).toMatchObject({ ok: true });
		expect(await requestReopen(db, mine.id, ana, 'Otra vez', now)).toMatchObject({ ok: false, status: 409 });
		const asked = (await eventsOf(mine.incidentId)).at(-1);
		expect(asked).toMatchObject({ type: 'reopen_requested', visibility: 'staff', reason: 'Sigue pasando', actor_id: ana });
		// Reopened and closed again: a new closing, a new request.
		await decide(db, mine.incidentId, { action: 'reopen', version: 2, reason: 'La vecina insiste' }, olga, now);
		await decide(db, mine.incidentId, { action: 'close', version: 3, outcome: 'resolved', message: 'Ahora sí' }, olga, now);
		expect(await requestReopen(db, mine.id, ana, 'Sigue pasando', now)).toMatchObject({ ok: true });
	});
});

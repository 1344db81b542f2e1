import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { acceptReport } from '../reports/accept.ts';
import { reportsStore } from '../reports/schema.ts';
import { storedIncidentFacts } from '../reports/kinds/stored-incident-facts.ts';
import { decide } from './lifecycle.ts';
import { mergeIncidents, splitReport } from './merge.ts';
import { operatorId } from './test-decisions.ts';
import { toPublicEvent } from './thread.ts';

let db: Db;
const now = new Date('2026-11-21T12:00:00Z');
const corner = [-70.6128, -33.4255] as [number, number];
const north = (m: number) => [corner[0], corner[1] + m / 111_195] as [number, number];
useSeededStore((opened) => (db = opened));

async function resident(): Promise<string> {
	const id = randomUUID();
	await db.insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: now.toISOString() }).execute();
	return id;
}
async function report(reporterId: string | null, point: [number, number]) {
	const result = await acceptReport(db, reporterId, { id: randomUUID(), category: 'robbery', description: 'Robo', location: { kind: 'point', point, source: 'gps' }, consentToCall: false, reportedAt: now.toISOString() }, now);
	if (!result.ok) throw new Error(result.message);
	return result.receipt;
}
const incidentOf = (id: string) => reportsStore(db).selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: string) => reportsStore(db).selectFrom('incident_event').selectAll().where('incident_id', '=', id).orderBy('seq').execute();

describe('mergeIncidents', () => {
	it('moves the reports and their reporters, closes the old one as a duplicate merged into the other, and records it in both timelines', async () => {
		const [ana, ben] = [await resident(), await resident()];
		const a = await report(ana, corner);
		const b = await report(ben, north(500));
		expect(a.incidentId).not.toBe(b.incidentId);
		const olga = await operatorId(db);
		await decide(db, b.incidentId, { action: 'acknowledge', version: 1, message: 'Recibido' }, olga, now);

		const merged = await mergeIncidents(db, a.incidentId, { into: b.incidentId, version: 1, reason: 'El mismo robo' }, olga, now);
		expect(merged).toMatchObject({ ok: true });
		expect(await incidentOf(a.incidentId)).toMatchObject({ status: 'closed', state: 'closed', outcome: 'duplicate', merged_into: b.incidentId, version: 2 });
		expect(await incidentOf(b.incidentId)).toMatchObject({ status: 'open', state: 'acknowledged', version: 3 });
		const moved = await reportsStore(db).selectFrom('report').select(['incident_id', 'status']).where('id', '=', a.id).executeTakeFirstOrThrow();
		expect(moved).toEqual({ incident_id: b.incidentId, status: 'acknowledged' });
		// Ana, the moved report's reporter, writes in the thread the conversation went to; the old one is read-only.
		expect((await storedIncidentFacts(db, b.incidentId))?.writers).toEqual(expect.arrayContaining([ana, ben]));
		expect(await storedIncidentFacts(db, a.incidentId)).toMatchObject({ closed: true });
		const [fromEvent] = (await eventsOf(a.incidentId)).filter((e) => e.type === 'merged');
		const [intoEvent] = (await eventsOf(b.incidentId)).filter((e) => e.type === 'merged_in');
		expect(fromEvent).toMatchObject({ actor_id: olga, reason: 'El mismo robo' });
		expect(toPublicEvent(fromEvent as NonNullable<typeof fromEvent>)).toMatchObject({ type: 'merged', into: b.incidentId, author: 'municipality' });
		expect(toPublicEvent(intoEvent as NonNullable<typeof intoEvent>)).toMatchObject({ type: 'merged_in', from: a.incidentId });
	});

	it('refuses a stale view, a closed incident, itself, and an incident of another municipality', async () => {
		const olga = await operatorId(db);
		const a = await report(null, corner);
		const b = await report(null, north(500));
		expect(await mergeIncidents(db, a.incidentId, { into: a.incidentId, version: 1, reason: 'x x x' }, olga, now)).toMatchObject({ status: 422 });
		expect(await mergeIncidents(db, a.incidentId, { into: b.incidentId, version: 9, reason: 'x x x' }, olga, now)).toMatchObject({ status: 409, code: 'stale' });
		await decide(db, b.incidentId, { action: 'close', version: 1, outcome: 'resolved', message: 'Listo' }, olga, now);
		expect(await mergeIncidents(db, a.incidentId, { into: b.incidentId, version: 1, reason: 'x x x' }, olga, now)).toMatchObject({ status: 422, code: 'not_allowed' });
		const lasCondes = await acceptReport(db, null, { id: randomUUID(), category: 'robbery', description: 'Robo', location: { kind: 'point', point: [-70.55, -33.41], source: 'gps' }, consentToCall: false, reportedAt: now.toISOString() }, now);
		if (!lasCondes.ok) throw new Error(lasCondes.message);
		expect(lasCondes.receipt.municipality).toBe('las-condes');
		expect(await mergeIncidents(db, a.incidentId, { into: lasCondes.receipt.incidentId, version: 1, reason: 'x x x' }, olga, now)).toMatchObject({ status: 404 });
		expect((await incidentOf(a.incidentId)).version).toBe(1);
	});
});

describe('splitReport', () => {
	it('moves one report into a new incident (received, version 1), with split events in both timelines', async () => {
		const olga = await operatorId(db);
		const first = await report(null, corner);
		const second = await report(null, north(50));
		expect(second.incidentId).toBe(first.incidentId);
		await decide(db, first.incidentId, { action: 'acknowledge', version: 1, message: 'Recibido' }, olga, now);
		const split = await splitReport(db, second.id, { version: 2, reason: 'Otro hecho' }, olga, now);
		if (!split.ok) throw new Error(split.message);
		expect(await incidentOf(split.into.id)).toMatchObject({ state: 'received', version: 1, status: 'open', municipality_id: 'providencia' });
		expect(await incidentOf(first.incidentId)).toMatchObject({ state: 'acknowledged', version: 3 });
		expect(await reportsStore(db).selectFrom('report').select(['incident_id', 'status']).where('id', '=', second.id).executeTakeFirstOrThrow()).toEqual({ incident_id: split.into.id, status: 'received' });
		expect((await eventsOf(first.incidentId)).at(-1)).toMatchObject({ type: 'split', report_id: second.id, actor_id: olga });
		expect((await eventsOf(split.into.id)).map((e) => e.type)).toEqual(['split']);
		// An incident of one report has nothing to split from; a stale view is refused.
		expect(await splitReport(db, second.id, { version: 1, reason: 'Otra vez' }, olga, now)).toMatchObject({ status: 422 });
		expect(await splitReport(db, first.id, { version: 2, reason: 'Otra vez' }, olga, now)).toMatchObject({ status: 409 });
	});
});

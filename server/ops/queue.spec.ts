import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { recordPanic } from '../emergency/repository.ts';
import { acceptReport } from '../reports/accept.ts';
import { reportsStore } from '../reports/schema.ts';
import { loadQueue, loadQueueIncident } from './queue.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

const now = new Date('2026-12-03T12:00:00.000Z');
const corner = [-70.6128, -33.4255] as const;
const send = async (over: Record<string, unknown>, at = now) => {
	const result = await acceptReport(db, null, { id: randomUUID(), description: 'x', consentToCall: false, reportedAt: at.toISOString(), location: { kind: 'point', point: corner, source: 'gps' }, category: 'robbery', ...over }, at);
	if (!result.ok) throw new Error(result.message);
	return result.receipt;
};

/** As the lifecycle's close decision leaves an incident (`POST /api/ops/incidents/:id/actions`): closed in both its grouping status and its state. */
const close = (incidentId: string, at: string) =>
	reportsStore(db).updateTable('incident').set({ status: 'closed', state: 'closed', outcome: 'resolved', closed_at: at, closing_message: 'Retirado', updated_at: at }).where('id', '=', incidentId).execute();

describe('loadQueue', () => {
	it("lists the municipality's open incidents and those closed in the last week, in the queue's order, with counts per state", async () => {
		const robbery = await send({ category: 'robbery' }, new Date('2026-12-03T11:00:00.000Z'));
		const second = await send({ category: 'robbery', description: 'Yo también lo vi' });
		const light = await send({ category: 'streetlight_out', location: { kind: 'place', text: 'Plaza Las Lilas', municipality: 'providencia' } }, new Date('2026-12-03T09:00:00.000Z'));
		const closedLately = await send({ category: 'dumped_rubbish', location: { kind: 'point', point: [-70.6, -33.43], source: 'map' } }, new Date('2026-11-30T09:00:00.000Z'));
		await close(closedLately.incidentId, '2026-12-01T09:00:00.000Z');
		const closedLongAgo = await send({ category: 'dumped_rubbish', location: { kind: 'point', point: [-70.62, -33.42], source: 'map' } }, new Date('2026-11-20T09:00:00.000Z'));
		await close(closedLongAgo.incidentId, '2026-11-21T09:00:00.000Z');
		const newerSecurity = await send({ category: 'robbery', location: { kind: 'point', point: [-70.6128, -33.4165], source: 'gps' } });
		await send({ category: 'robbery', location: { kind: 'place', text: 'Apoquindo con Tobalaba', municipality: 'las-condes' } });

		const queue = await loadQueue(db, 'providencia', now);
		expect(second.incidentId).toBe(robbery.incidentId);
		expect(queue.incidents.map((i) => i.id)).toEqual([robbery.incidentId, newerSecurity.incidentId, light.incidentId, closedLately.incidentId]);
		expect(queue.incidents[0]).toMatchObject({ reportCount: 2, point: [...corner], group: 'security', channels: ['app'] });
		expect(queue.incidents[2]).toMatchObject({ place: 'Plaza Las Lilas', point: null, group: 'neighbourhood' });
		expect(queue.counts).toEqual({ received: 3, acknowledged: 0, in_progress: 0, referred: 0, closed: 2 });
		expect(queue).toMatchObject({ municipality: 'providencia', closedDays: 7, serverTime: now.toISOString(), panics: [] });
		expect(await loadQueueIncident(db, robbery.incidentId)).toEqual(queue.incidents[0]);
		expect(await loadQueueIncident(db, 'nope')).toBeNull();
	});

	it('puts panic alerts not yet closed in it, and those closed in the last day', async () => {
		const raise = (receivedAt: string) => recordPanic(db, { id: randomUUID(), claimedAt: receivedAt, location: { latitude: -33.4255, longitude: -70.6128, accuracy: null }, homeMunicipalityId: null }, { receivedAt, reporterUserId: null });
		const open = (await raise('2026-12-03T11:00:00.000Z')).row;
		const closedToday = (await raise('2026-12-03T08:00:00.000Z')).row;
		const closedLastWeek = (await raise('2026-11-26T08:00:00.000Z')).row;
		await db.updateTable('panic_alert').set({ status: 'closed', updated_at: '2026-12-03T09:00:00.000Z' }).where('id', '=', closedToday.id).execute();
		await db.updateTable('panic_alert').set({ status: 'closed', updated_at: '2026-11-26T09:00:00.000Z' }).where('id', '=', closedLastWeek.id).execute();
		const queue = await loadQueue(db, 'providencia', now);
		expect(queue.panics.map((p) => [p.id, p.status])).toEqual([
			[open.id, 'open'],
			[closedToday.id, 'closed']
		]);
		expect((await loadQueue(db, 'las-condes', now)).panics).toEqual([]);
	});
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { acceptReport } from '../reports/accept.ts';
import { reportsStore } from '../reports/schema.ts';
import { decide } from './lifecycle.ts';
import { readStaffIncident } from './staff-incident.ts';
import { operatorId } from './test-decisions.ts';

let db: Db;
const now = new Date('2026-11-21T12:00:00Z');
useSeededStore((opened) => (db = opened));

async function report(consentToCall: boolean, point: [number, number], at: Date) {
	const result = await acceptReport(db, null, { id: randomUUID(), category: 'home_burglary', description: 'Entraron', location: { kind: 'point', point, source: 'gps', accuracyMetres: 12 }, consentToCall, ...(consentToCall ? { phone: '+56 9 1111 2222' } : {}), reportedAt: now.toISOString() }, at);
	if (!result.ok) throw new Error(result.message);
	// Even a phone stored for a reporter who declined (an older row) is never shown.
	await reportsStore(db).updateTable('report_private').set({ phone: '+56 9 1111 2222' }).where('report_id', '=', result.receipt.id).execute();
	return result.receipt;
}

describe('readStaffIncident', () => {
	it('shows staff the exact pins, the channel, the phone only of a reporter who agreed to be called, and the timeline with names', async () => {
		const agreed = await report(true, [-70.6128, -33.4255], now);
		const declined = await report(false, [-70.6129, -33.4256], new Date(now.getTime() + 60_000));
		expect(declined.incidentId).toBe(agreed.incidentId);
		const olga = await operatorId(db);
		await decide(db, agreed.incidentId, { action: 'note', version: 1, text: 'Interna' }, olga, now);
		const view = await readStaffIncident(db, agreed.incidentId);
		if (!view) throw new Error('no view');
		expect(view.room).toBe(`incident:${agreed.incidentId}`);
		expect(view.reports.map((r) => [r.id, r.phone, r.point, r.coarse, r.channel, r.accuracyMetres])).toEqual([
			[agreed.id, '+56 9 1111 2222', [-70.6128, -33.4255], true, 'app', 12],
			[declined.id, null, [-70.6129, -33.4256], true, 'app', 12]
		]);
		expect(view.reports[0]?.publicPoint).not.toEqual([-70.6128, -33.4255]);
		expect(view.incident).toMatchObject({ id: agreed.incidentId, state: 'received', reportCount: 2, category: 'home_burglary', point: [-70.6128, -33.4255], channels: ['app'] });
		expect(view.timeline.at(-1)).toMatchObject({ type: 'note', visibility: 'staff', reason: 'Interna', actor: { id: olga, name: expect.any(String) } });
		expect(await readStaffIncident(db, 'nope')).toBeNull();
	});
});

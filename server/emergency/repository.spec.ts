import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { seedDemo } from '../seed/demo.ts';
import type { PanicAlert } from '../../src/lib/emergency/alert.ts';
import { listOpenPanics, recordPanic } from './repository.ts';
import { retentionCutoff, runPanicRetention } from './retention.ts';

let db: Db;
beforeEach(async () => {
	db = await openStore({ kind: 'sqlite', file: ':memory:' });
	await migrate(db);
	await seedDemo(db);
});
afterEach(async () => db.destroy());

const inProvidencia = { latitude: -33.4255, longitude: -70.6128, accuracy: 15 };
const alert = (over: Partial<PanicAlert> = {}): PanicAlert => ({
	id: crypto.randomUUID(),
	claimedAt: '2026-11-21T03:00:00.000-03:00',
	location: inProvidencia,
	homeMunicipalityId: null,
	...over
});

describe('recordPanic', () => {
	it('places the alert by its location, at high priority, keeping the claimed time beside the receive time', async () => {
		const a = alert({ homeMunicipalityId: 'las-condes' });
		const { row, created } = await recordPanic(db, a, { receivedAt: '2026-11-21T09:00:00.000Z', reporterUserId: null });
		expect(created).toBe(true);
		expect(row).toMatchObject({ municipality_id: 'providencia', municipality_source: 'location', priority: 'high', status: 'open' });
		expect(row.claimed_at).toBe('2026-11-21T03:00:00.000-03:00');
		expect(row.received_at).toBe('2026-11-21T09:00:00.000Z');
		expect((await listOpenPanics(db, 'providencia')).map((r) => r.id)).toEqual([a.id]);
		expect(await listOpenPanics(db, 'las-condes')).toEqual([]);
	});

	it('uses the chosen home only when the location says nothing, and ignores an unknown one', async () => {
		const noFix = await recordPanic(db, alert({ location: null, homeMunicipalityId: 'las-condes' }), { receivedAt: 'x', reporterUserId: null });
		expect(noFix.row).toMatchObject({ municipality_id: 'las-condes', municipality_source: 'home', latitude: null });
		const nowhere = await recordPanic(db, alert({ location: { latitude: 10, longitude: 10, accuracy: null }, homeMunicipalityId: 'atlantis' }), {
			receivedAt: 'x',
			reporterUserId: null
		});
		expect(nowhere.row).toMatchObject({ municipality_id: null, municipality_source: null, latitude: 10 });
	});

	it('is idempotent: a resend changes nothing and is not queued twice', async () => {
		const a = alert();
		await recordPanic(db, a, { receivedAt: '2026-11-21T09:00:00.000Z', reporterUserId: null });
		const again = await recordPanic(db, { ...a, location: { latitude: -33.4, longitude: -70.5, accuracy: 1 } }, { receivedAt: '2026-11-21T09:05:00.000Z', reporterUserId: null });
		expect(again.created).toBe(false);
		expect(again.row).toMatchObject({ latitude: inProvidencia.latitude, received_at: '2026-11-21T09:00:00.000Z' });
		expect((await listOpenPanics(db, 'providencia')).length).toBe(1);
	});
});

describe('panic retention', () => {
	it('deletes the locations of alerts older than the period and keeps newer ones', async () => {
		const now = new Date('2026-12-31T00:00:00.000Z');
		const old = alert();
		const recent = alert();
		await recordPanic(db, old, { receivedAt: '2026-11-30T23:59:59.000Z', reporterUserId: null });
		await recordPanic(db, recent, { receivedAt: '2026-12-01T00:00:01.000Z', reporterUserId: null });
		expect(retentionCutoff(now, 30)).toBe('2026-12-01T00:00:00.000Z');
		expect(await runPanicRetention(db, 30, now)).toBe(1);
		const rows = await db.selectFrom('panic_alert').selectAll().orderBy('received_at').execute();
		expect(rows[0]).toMatchObject({ id: old.id, latitude: null, longitude: null, accuracy_m: null, location_deleted_at: now.toISOString() });
		expect(rows[1]).toMatchObject({ id: recent.id, latitude: inProvidencia.latitude, location_deleted_at: null });
		// Nothing left to delete the second time.
		expect(await runPanicRetention(db, 30, now)).toBe(0);
	});
});

import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ReportsDb } from './db.ts';

describe('ReportsDb', () => {
	it('version 2 drops the feed’s old Dexie mirror, adds looks and keeps the reports made on the device', async () => {
		const indexedDB = new IDBFactory();
		const old = new Dexie('cuadra-reports', { indexedDB, IDBKeyRange });
		old.version(1).stores({ mine: 'id, state, savedAt', photos: 'id, reportId', feed: 'id, municipality, receivedAt', feedMeta: 'municipality', following: 'id' });
		await old.table('mine').put({ id: 'r1', state: 'received', savedAt: '2026-11-21T12:00:00.000Z' });
		// A draft still waiting in the outbox (offline, or refused and kept to edit) and its photo.
		await old.table('mine').put({ id: 'd1', state: 'saved_on_phone', savedAt: '2026-11-21T12:05:00.000Z', input: { id: 'd1', category: 'streetlight', description: 'Apagada', consentToCall: true, phone: '+56 9 1234 5678' } });
		await old.table('photos').put({ id: 'p1', reportId: 'd1', uploaded: false });
		await old.table('following').put({ id: 'f1', since: '2026-11-21T12:00:00.000Z' });
		await old.table('feed').put({ id: 'f1', municipality: 'providencia', receivedAt: '2026-11-21T12:00:00.000Z' });
		old.close();

		const db = new ReportsDb({ indexedDB, IDBKeyRange });
		await db.open();
		expect(db.verno).toBe(2);
		expect(db.tables.map((t) => t.name).sort()).toEqual(['following', 'looks', 'mine', 'photos']);
		expect(await db.mine.get('r1')).toMatchObject({ state: 'received' });
		expect(await db.mine.get('d1')).toMatchObject({ state: 'saved_on_phone', input: { phone: '+56 9 1234 5678', consentToCall: true } });
		expect(await db.mine.where('state').equals('saved_on_phone').count()).toBe(1);
		expect(await db.photos.where('reportId').equals('d1').count()).toBe(1);
		expect(await db.following.get('f1')).toBeTruthy();
		await db.looks.put({ id: 'r1', status: 'received', statusAt: '2026-11-21T12:00:00.000Z', closingMessage: null, at: '2026-11-21T13:00:00.000Z' });
		expect(await db.looks.get('r1')).toMatchObject({ status: 'received' });
		db.close();
	});
});

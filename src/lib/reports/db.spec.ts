import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ReportsDb } from './db.ts';

describe('ReportsDb', () => {
	it('version 2 drops the feed’s old Dexie mirror and keeps the reports made on the device', async () => {
		const indexedDB = new IDBFactory();
		const old = new Dexie('cuadra-reports', { indexedDB, IDBKeyRange });
		old.version(1).stores({ mine: 'id, state, savedAt', photos: 'id, reportId', feed: 'id, municipality, receivedAt', feedMeta: 'municipality', following: 'id' });
		await old.table('mine').put({ id: 'r1', state: 'received', savedAt: '2026-11-21T12:00:00.000Z' });
		await old.table('feed').put({ id: 'f1', municipality: 'providencia', receivedAt: '2026-11-21T12:00:00.000Z' });
		old.close();

		const db = new ReportsDb({ indexedDB, IDBKeyRange });
		await db.open();
		expect(db.tables.map((t) => t.name).sort()).toEqual(['following', 'mine', 'photos']);
		expect(await db.mine.get('r1')).toMatchObject({ state: 'received' });
		db.close();
	});
});

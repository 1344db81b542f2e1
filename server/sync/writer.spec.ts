import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { loadStoredDoc, Writer } from './writer.ts';

let db: Db;
beforeEach(async () => {
	db = await openStore({ kind: 'sqlite', file: ':memory:' });
	await migrate(db);
	await db.insertInto('user').values({ id: 'u1', kind: 'resident', username: null, password_hash: null, display_name: null, created_at: '2026-01-01T00:00:00Z' }).execute();
});
afterEach(async () => {
	await db.destroy();
});

const at = '2026-01-01T00:00:00.000Z';
function updates(n: number): Uint8Array[] {
	const doc = new Y.Doc();
	doc.clientID = 7;
	const out: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => out.push(u));
	for (let i = 0; i < n; i++) doc.getArray('messages').push([{ i }]);
	return out;
}

describe('Writer', () => {
	it('commits writes asked for together, with bindings and audit rows, and loads them back in order', async () => {
		const writer = new Writer(db);
		const [a, b] = updates(2) as [Uint8Array, Uint8Array];
		await Promise.all([
			writer.write([{ type: 'update', doc: 'report:x', seq: 1, data: a, userId: 'u1', newClients: [7], at }]),
			writer.write([{ type: 'update', doc: 'report:x', seq: 2, data: b, userId: 'u1', newClients: [], at }]),
			writer.write([{ type: 'refused', doc: 'report:x', userId: 'u1', reason: 'nope', bytes: 3, at }])
		]);
		const stored = await loadStoredDoc(db, 'report:x');
		expect(stored.lastSeq).toBe(2);
		expect(stored.rows).toBe(2);
		expect([...stored.bindings]).toEqual([[7, 'u1']]);
		const doc = new Y.Doc();
		for (const u of stored.updates) Y.applyUpdate(doc, u);
		expect(doc.getArray('messages').toJSON()).toEqual([{ i: 0 }, { i: 1 }]);
		const audit = await db.selectFrom('sync_audit').select(['seq', 'outcome']).orderBy('seq').execute();
		expect(audit).toEqual([{ seq: null, outcome: 'refused' }, { seq: 1, outcome: 'accepted' }, { seq: 2, outcome: 'accepted' }]);
	});

	it('compacts rows into one without losing content, and fails a whole batch together', async () => {
		const writer = new Writer(db);
		const all = updates(5);
		await writer.write(all.map((data, i) => ({ type: 'update' as const, doc: 'report:y', seq: i + 1, data, userId: 'u1', newClients: i === 0 ? [7] : [], at })));
		await writer.write([{ type: 'compact', doc: 'report:y', upTo: 5, data: Y.mergeUpdates(all), at }]);
		const stored = await loadStoredDoc(db, 'report:y');
		expect(stored.rows).toBe(1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored.updates[0] as Uint8Array);
		expect(doc.getArray('messages').length).toBe(5);
		// A duplicate sequence number makes the transaction fail: nothing of it is written.
		await expect(
			writer.write([
				{ type: 'update', doc: 'report:z', seq: 1, data: all[0] as Uint8Array, userId: 'u1', newClients: [], at },
				{ type: 'update', doc: 'report:z', seq: 1, data: all[1] as Uint8Array, userId: 'u1', newClients: [], at }
			])
		).rejects.toThrow();
		expect((await loadStoredDoc(db, 'report:z')).rows).toBe(0);
	});
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { loadStoredDoc, Writer, type WriteOp } from './writer.ts';

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
			writer.write([{ type: 'update', doc: 'report:x', data: a, userId: 'u1', newClients: [7], at }]),
			writer.write([{ type: 'update', doc: 'report:x', data: b, userId: 'u1', newClients: [], at }]),
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

	it('numbers each document’s rows in the store: two writers on one file (two processes) append to one document in turn', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cuadra-writer-'));
		const first = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
		await migrate(first);
		const second = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
		try {
			const [a, b, c, d] = updates(4) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
			const op = (data: Uint8Array): WriteOp => ({ type: 'update', doc: 'report:shared', data, userId: 'server', newClients: [], at });
			const one = new Writer(first);
			const two = new Writer(second);
			expect(one.writeNow([op(a)])).toEqual([1]);
			expect(two.writeNow([op(b)])).toEqual([2]);
			expect(await two.write([op(c)])).toEqual([3]);
			expect(one.writeNow([op(d)])).toEqual([4]);
			const stored = await loadStoredDoc(first, 'report:shared');
			expect(stored.lastSeq).toBe(4);
			const doc = new Y.Doc();
			for (const u of stored.updates) Y.applyUpdate(doc, u);
			expect(doc.getArray('messages').length).toBe(4);
		} finally {
			await second.destroy();
			await first.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('compacts rows into one without losing content, and fails a whole batch together', async () => {
		const writer = new Writer(db);
		const all = updates(5);
		await writer.write(all.map((data, i) => ({ type: 'update' as const, doc: 'report:y', data, userId: 'u1', newClients: i === 0 ? [7] : [], at })));
		await writer.write([{ type: 'compact', doc: 'report:y', upTo: 5, data: Y.mergeUpdates(all), at }]);
		const stored = await loadStoredDoc(db, 'report:y');
		expect(stored.rows).toBe(1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored.updates[0] as Uint8Array);
		expect(doc.getArray('messages').length).toBe(5);
		// One clientID bound twice makes the transaction fail: nothing of it is written.
		await expect(
			writer.write([
				{ type: 'update', doc: 'report:z', data: all[0] as Uint8Array, userId: 'u1', newClients: [7], at },
				{ type: 'update', doc: 'report:z', data: all[1] as Uint8Array, userId: 'u1', newClients: [7], at }
			])
		).rejects.toThrow();
		expect((await loadStoredDoc(db, 'report:z')).rows).toBe(0);
	});

	describe('writeNow (synchronous, on SQLite)', () => {
		const ops = (doc: string): WriteOp[] => {
			const [a, b] = updates(2) as [Uint8Array, Uint8Array];
			return [
				{ type: 'update', doc, data: a, userId: 'u1', newClients: [7], at },
				{ type: 'refused', doc, userId: 'u1', reason: 'nope', bytes: 3, at },
				{ type: 'update', doc, data: b, userId: 'u1', newClients: [], at, reason: 'a server write' },
				{ type: 'compact', doc, upTo: 2, data: Y.mergeUpdates([a, b]), at }
			];
		};
		const rows = async (doc: string) => ({
			updates: await db.selectFrom('sync_update').select(['seq', 'data', 'created_at']).where('doc', '=', doc).orderBy('seq').execute(),
			clients: await db.selectFrom('sync_client').select(['client_id', 'user_id', 'created_at']).where('doc', '=', doc).execute(),
			audit: await db.selectFrom('sync_audit').select(['seq', 'user_id', 'outcome', 'reason', 'bytes', 'created_at']).where('doc', '=', doc).orderBy('seq').execute()
		});

		it('writes the same rows as the Kysely path, before it returns', async () => {
			const writer = new Writer(db);
			expect(writer.writeNow(ops('report:now'))).toEqual([1, 2]);
			await writer.write(ops('report:later'));
			const now = await rows('report:now');
			expect(now.updates).toHaveLength(1);
			expect(now.clients).toHaveLength(1);
			expect(now.audit.map((r) => r.outcome)).toEqual(['refused', 'accepted', 'accepted']);
			expect(now).toEqual(await rows('report:later'));
		});

		it('rolls back the whole transaction when the store refuses part of it, and throws', async () => {
			const writer = new Writer(db);
			const [a, b] = updates(2) as [Uint8Array, Uint8Array];
			expect(() =>
				writer.writeNow([
					{ type: 'update', doc: 'report:z', data: a, userId: 'u1', newClients: [7], at },
					{ type: 'update', doc: 'report:z', data: b, userId: 'u1', newClients: [7], at }
				])
			).toThrow();
			expect(await rows('report:z')).toEqual({ updates: [], clients: [], audit: [] });
			// The connection is usable afterwards.
			expect(writer.writeNow([{ type: 'update', doc: 'report:z', data: a, userId: 'u1', newClients: [], at }])).toEqual([1]);
		});

		it('declines while a Kysely transaction is open on the connection; write then waits for it', async () => {
			const writer = new Writer(db);
			let release = () => {};
			const held = new Promise<void>((resolve) => (release = resolve));
			let opened = () => {};
			const isOpen = new Promise<void>((resolve) => (opened = resolve));
			const other = db.transaction().execute(async (tx) => {
				await tx.insertInto('sync_audit').values({ doc: 'other', seq: null, user_id: 'u1', outcome: 'refused', reason: null, bytes: 0, created_at: at }).execute();
				opened();
				await held; // e.g. waiting on the network, inside the transaction
			});
			await isOpen;
			const [a] = updates(1) as [Uint8Array];
			const op: WriteOp = { type: 'update', doc: 'report:w', data: a, userId: 'u1', newClients: [], at };
			expect(writer.writeNow([op])).toBeNull();
			let saved = false;
			const later = writer.write([op]).then(() => (saved = true));
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(saved).toBe(false);
			release();
			await Promise.all([other, later]);
			expect((await rows('report:w')).updates).toHaveLength(1);
			expect(writer.writeNow([{ ...op, doc: 'report:v' }])).toEqual([1]);
		});

		it('declines while writes asked of the async path are not committed, so writes stay in order', async () => {
			const writer = new Writer(db);
			const [a] = updates(1) as [Uint8Array];
			const op: WriteOp = { type: 'update', doc: 'report:q', data: a, userId: 'u1', newClients: [], at };
			const queued = writer.write([op]);
			expect(writer.writeNow([op])).toBeNull();
			expect(await queued).toEqual([1]);
			expect(writer.writeNow([op])).toEqual([2]);
			expect((await rows('report:q')).updates.map((r) => r.seq)).toEqual([1, 2]);
		});
	});
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../db/index.ts';
import { SqliteSyncStore } from './sqlite.ts';
import { syncStoreSuite, updates } from './sync-store.suite.ts';
import type { WriteOp } from './sync-store.ts';

/** A migrated SQLite file in a fresh folder, and its sync store; `second` opens another connection on it. */
async function openSqlite() {
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-sync-store-'));
	const file = join(dir, 'cuadra.sqlite');
	const first = await openDatabase({ kind: 'sqlite', file });
	await migrate(first.db);
	const others: Db[] = [];
	return {
		db: first.db,
		store: new SqliteSyncStore(first.db, first.sqlite as NonNullable<typeof first.sqlite>),
		async second() {
			const other = await openDatabase({ kind: 'sqlite', file });
			others.push(other.db);
			return new SqliteSyncStore(other.db, other.sqlite as NonNullable<typeof other.sqlite>);
		},
		async close() {
			for (const other of others) await other.destroy();
			await first.db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

syncStoreSuite('SQLite', openSqlite);

describe('SqliteSyncStore.writeNow (synchronous)', () => {
	let backend: Awaited<ReturnType<typeof openSqlite>>;
	let db: Db;
	let store: SqliteSyncStore;
	beforeEach(async () => {
		backend = await openSqlite();
		({ db } = backend);
		store = backend.store;
		await db.insertInto('user').values({ id: 'u1', kind: 'resident', username: null, password_hash: null, display_name: null, created_at: '2026-01-01T00:00:00Z' }).execute();
	});
	afterEach(async () => {
		await backend.close();
	});

	const at = '2026-01-01T00:00:00.000Z';
	const ops = (doc: string): WriteOp[] => {
		const [a, b] = updates(2) as [Uint8Array, Uint8Array];
		return [
			{ type: 'update', doc, data: a, userId: 'u1', newClients: [7], at },
			{ type: 'refused', doc, userId: 'u1', reason: 'nope', bytes: 3, at },
			{ type: 'update', doc, data: b, userId: 'u1', newClients: [], at, reason: 'a server write' },
			{ type: 'compact', doc, upTo: 2, data: a, at }
		];
	};
	const rows = async (doc: string) => ({
		updates: await db.selectFrom('sync_update').select(['seq', 'data', 'created_at']).where('doc', '=', doc).orderBy('seq').execute(),
		clients: await db.selectFrom('sync_client').select(['client_id', 'user_id', 'created_at']).where('doc', '=', doc).execute(),
		audit: await db.selectFrom('sync_audit').select(['seq', 'user_id', 'outcome', 'reason', 'bytes', 'created_at']).where('doc', '=', doc).orderBy('seq').execute()
	});

	it('writes the same rows as `write`, before it returns', async () => {
		expect(store.writeNow(ops('report:now'))).toEqual([1, 2]);
		expect((await rows('report:now')).updates).toHaveLength(1);
		await store.write(ops('report:later'));
		const now = await rows('report:now');
		expect(now.clients).toHaveLength(1);
		expect(now.audit.map((r) => r.outcome)).toEqual(['refused', 'accepted', 'accepted']);
		expect(now).toEqual(await rows('report:later'));
	});

	it('rolls back the whole transaction when the store refuses part of it, and throws', async () => {
		const [a, b] = updates(2) as [Uint8Array, Uint8Array];
		expect(() =>
			store.writeNow([
				{ type: 'update', doc: 'report:z', data: a, userId: 'u1', newClients: [7], at },
				{ type: 'update', doc: 'report:z', data: b, userId: 'u1', newClients: [7], at }
			])
		).toThrow();
		expect(await rows('report:z')).toEqual({ updates: [], clients: [], audit: [] });
		// The connection is usable afterwards.
		expect(store.writeNow([{ type: 'update', doc: 'report:z', data: a, userId: 'u1', newClients: [], at }])).toEqual([1]);
	});

	it('declines while a Kysely transaction is open on the connection; write then waits for it', async () => {
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
		expect(store.writeNow([op])).toBeNull();
		let saved = false;
		const later = store.write([op]).then(() => (saved = true));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(saved).toBe(false);
		release();
		await Promise.all([other, later]);
		expect((await rows('report:w')).updates).toHaveLength(1);
		expect(store.writeNow([{ ...op, doc: 'report:v' }])).toEqual([1]);
	});

	it('declines while writes asked of `write` are not committed, so writes stay in order', async () => {
		const [a] = updates(1) as [Uint8Array];
		const op: WriteOp = { type: 'update', doc: 'report:q', data: a, userId: 'u1', newClients: [], at };
		const queued = store.write([op]);
		expect(store.writeNow([op])).toBeNull();
		expect(await queued).toEqual([1]);
		expect(store.writeNow([op])).toEqual([2]);
		expect((await rows('report:q')).updates.map((r) => r.seq)).toEqual([1, 2]);
	});
});

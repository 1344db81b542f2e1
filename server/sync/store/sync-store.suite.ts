import * as Y from 'yjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import type { SyncStore, WriteOp } from './sync-store.ts';

/**
 * A backend under test: a migrated database, a store on it, and a way to open a second store on
 * the same database, as another process would (its own connection).
 */
export interface SuiteBackend {
	db: Db;
	store: SyncStore;
	second(): Promise<SyncStore>;
	close(): Promise<void>;
}

const at = '2026-01-01T00:00:00.000Z';

/** `n` updates of one document (clientID 7), each appending `{ i }` to `messages`. */
export function updates(n: number): Uint8Array[] {
	const doc = new Y.Doc();
	doc.clientID = 7;
	const out: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => out.push(u));
	for (let i = 0; i < n; i++) doc.getArray('messages').push([{ i }]);
	return out;
}

const update = (doc: string, data: Uint8Array, newClients: number[] = [], userId = 'u1', reason?: string): WriteOp => ({ type: 'update', doc, data, userId, newClients, at, ...(reason ? { reason } : {}) });

/** Commits synchronously when the store can, else through `write`: what DocHost does. */
const commit = async (store: SyncStore, ops: WriteOp[]) => store.writeNow(ops) ?? (await store.write(ops));

const messagesOf = (stored: { updates: Uint8Array[] }) => {
	const doc = new Y.Doc();
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return doc.getArray('messages').toJSON();
};

/**
 * The behaviour every SyncStore must have, asserted the same way on each backend: SQLite in
 * `sqlite.spec.ts`, PostgreSQL in `tests/integration/sync-store-postgres.test.ts`.
 */
export function syncStoreSuite(name: string, open: () => Promise<SuiteBackend>): void {
	describe(`SyncStore on ${name}`, () => {
		let backend: SuiteBackend;
		let db: Db;
		let store: SyncStore;
		const now = new Date('2027-06-01T00:00:00.000Z');
		const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

		beforeAll(async () => {
			backend = await open();
			({ db, store } = backend);
		});
		afterAll(async () => {
			await backend?.close();
		});
		beforeEach(async () => {
			for (const table of ['sync_audit', 'sync_update', 'sync_client', 'session', 'user'] as const) await db.deleteFrom(table).execute();
			for (const id of ['u1', 'active', 'gone']) await db.insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: daysAgo(900) }).execute();
			// "active" has a live session; "gone" only an expired one.
			await db.insertInto('session').values({ token_hash: 'a', user_id: 'active', created_at: daysAgo(1), expires_at: daysAgo(-29) }).execute();
			await db.insertInto('session').values({ token_hash: 'g', user_id: 'gone', created_at: daysAgo(400), expires_at: daysAgo(370) }).execute();
		});

		/** Every row the store keeps of `doc`, in a form both drivers give alike. */
		const rows = async (doc: string) => ({
			updates: (await db.selectFrom('sync_update').select(['seq', 'data', 'created_at']).where('doc', '=', doc).orderBy('seq').execute()).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data), at: r.created_at })),
			clients: (await db.selectFrom('sync_client').select(['client_id', 'user_id', 'created_at']).where('doc', '=', doc).execute()).map((r) => ({ clientId: Number(r.client_id), userId: r.user_id, at: r.created_at })),
			// Refused rows have no seq: listed first, as SQLite orders nulls (PostgreSQL puts them last).
			audit: (await db.selectFrom('sync_audit').select(['seq', 'user_id', 'outcome', 'reason', 'bytes', 'created_at']).where('doc', '=', doc).execute()).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
		});

		it('commits writes asked for together, with bindings and audit rows, and loads them back in order', async () => {
			const [a, b] = updates(2) as [Uint8Array, Uint8Array];
			await Promise.all([store.write([update('report:x', a, [7])]), store.write([update('report:x', b)]), store.write([{ type: 'refused', doc: 'report:x', userId: 'u1', reason: 'nope', bytes: 3, at }])]);
			const stored = await store.load('report:x');
			expect(stored.lastSeq).toBe(2);
			expect(stored.rows).toBe(2);
			expect(stored.bytes).toBe(a.byteLength + b.byteLength);
			expect([...stored.bindings]).toEqual([[7, 'u1']]);
			expect(messagesOf(stored)).toEqual([{ i: 0 }, { i: 1 }]);
			expect((await rows('report:x')).audit.map((r) => [r.seq, r.outcome])).toEqual([
				[null, 'refused'],
				[1, 'accepted'],
				[2, 'accepted']
			]);
			await store.idle();
		});

		it('writes exactly these rows: the update with its seq, the binding, an audit row per update and refusal, the reason cut to 300 characters', async () => {
			const [a, b] = updates(2) as [Uint8Array, Uint8Array];
			const long = 'r'.repeat(400);
			expect(
				await commit(store, [update('report:r', a, [7]), { type: 'refused', doc: 'report:r', userId: 'u1', reason: 'nope', bytes: 3, at }, update('report:r', b, [], 'server', long)])
			).toEqual([1, 2]);
			expect(await rows('report:r')).toEqual({
				updates: [
					{ seq: 1, data: a, at },
					{ seq: 2, data: b, at }
				],
				clients: [{ clientId: 7, userId: 'u1', at }],
				audit: [
					{ seq: null, user_id: 'u1', outcome: 'refused', reason: 'nope', bytes: 3, created_at: at },
					{ seq: 1, user_id: 'u1', outcome: 'accepted', reason: null, bytes: a.byteLength, created_at: at },
					{ seq: 2, user_id: 'server', outcome: 'accepted', reason: 'r'.repeat(300), bytes: b.byteLength, created_at: at }
				]
			});
		});

		it('numbers each document’s rows in the store: two stores on one database (two processes) append to one document in turn', async () => {
			const second = await backend.second();
			const all = updates(4);
			const op = (i: number) => update('report:shared', all[i] as Uint8Array, [], 'server');
			expect(await commit(store, [op(0)])).toEqual([1]);
			expect(await commit(second, [op(1)])).toEqual([2]);
			expect(await second.write([op(2)])).toEqual([3]);
			expect(await commit(store, [op(3)])).toEqual([4]);
			const stored = await store.load('report:shared');
			expect(stored.lastSeq).toBe(4);
			expect(messagesOf(stored)).toHaveLength(4);
		});

		it('two stores appending to one document at the same time never collide: every update gets its own seq', async () => {
			const second = await backend.second();
			const all = updates(20);
			const writes = all.map((data, i) => (i % 2 ? second : store).write([update('report:race', data, [], 'server'), update('report:other', data, [], 'server')]));
			const seqs = (await Promise.all(writes)).flat();
			expect(seqs.filter((_, i) => i % 2 === 0).sort((x, y) => x - y)).toEqual(all.map((_, i) => i + 1));
			expect((await store.load('report:race')).rows).toBe(20);
			expect(messagesOf(await store.load('report:race'))).toHaveLength(20);
			expect((await store.lastSeqs(['report:race', 'report:other'])).get('report:other')).toBe(20);
		});

		it('compacts rows into one without losing content, appends after it, and fails a whole batch together', async () => {
			const all = updates(6);
			await store.write(all.slice(0, 5).map((data, i) => update('report:y', data, i === 0 ? [7] : [])));
			await commit(store, [{ type: 'compact', doc: 'report:y', upTo: 5, data: Y.mergeUpdates(all.slice(0, 5)), at }]);
			const compacted = await store.load('report:y');
			expect(compacted.rows).toBe(1);
			expect(compacted.lastSeq).toBe(5);
			expect(messagesOf(compacted)).toHaveLength(5);
			expect(await commit(store, [update('report:y', all[5] as Uint8Array)])).toEqual([6]);
			expect(messagesOf(await store.load('report:y'))).toHaveLength(6);
			// One clientID bound twice makes the transaction fail: nothing of it is written.
			await expect(store.write([update('report:z', all[0] as Uint8Array, [7]), update('report:z', all[1] as Uint8Array, [7])])).rejects.toThrow();
			expect(await rows('report:z')).toEqual({ updates: [], clients: [], audit: [] });
			// The store is usable afterwards.
			expect(await commit(store, [update('report:z', all[0] as Uint8Array)])).toEqual([1]);
		});

		it('compacts only up to the given seq: a row another process appended after it stays', async () => {
			const second = await backend.second();
			const all = updates(3);
			await commit(store, [update('report:c', all[0] as Uint8Array), update('report:c', all[1] as Uint8Array)]);
			await commit(second, [update('report:c', all[2] as Uint8Array)]);
			await commit(store, [{ type: 'compact', doc: 'report:c', upTo: 2, data: Y.mergeUpdates(all.slice(0, 2)), at }]);
			expect((await rows('report:c')).updates.map((r) => r.seq)).toEqual([2, 3]);
			expect(messagesOf(await store.load('report:c'))).toHaveLength(3);
		});

		it('reads what features need: last seqs, a user’s bindings and audit rows', async () => {
			const all = updates(3);
			await commit(store, [update('report:a', all[0] as Uint8Array, [7, 9]), update('report:a', all[1] as Uint8Array)]);
			await commit(store, [update('report:b', all[2] as Uint8Array, [8], 'active')]);
			await commit(store, [{ type: 'refused', doc: 'report:b', userId: 'u1', reason: 'nope', bytes: 3, at }]);
			expect([...(await store.lastSeqs(['report:a', 'report:b', 'report:none']))].sort()).toEqual([
				['report:a', 2],
				['report:b', 1]
			]);
			expect(await store.lastSeqs([])).toEqual(new Map());
			expect(await store.bindingsOf('u1')).toEqual([
				{ room: 'report:a', clientId: 7, since: at },
				{ room: 'report:a', clientId: 9, since: at }
			]);
			expect((await store.auditOf('u1')).map((a) => [a.room, a.seq, a.outcome, a.reason]).sort()).toEqual([
				['report:a', 1, 'accepted', null],
				['report:a', 2, 'accepted', null],
				['report:b', null, 'refused', 'nope']
			]);
			expect(await store.load('report:none')).toEqual({ updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() });
		});

		it('reads the admins’ rollbacks for the record: by those staff, newest first, in a window, with whom and why', async () => {
			const all = updates(4);
			await commit(store, [update('incident:i', all[0] as Uint8Array, [], 'active', 'rollback of u1: Repeated advertising')]);
			await commit(store, [update('incident:i', all[1] as Uint8Array, [], 'gone', 'rollback of u1: by someone else')]);
			await commit(store, [update('incident:i', all[2] as Uint8Array, [], 'active', 'a server write')]);
			await commit(store, [{ type: 'refused', doc: 'incident:i', userId: 'active', reason: 'rollback of u1: refused', bytes: 3, at }]);
			expect(await store.rollbacks({ actorIds: ['active'], limit: 10 })).toEqual([{ room: 'incident:i', actorId: 'active', userId: 'u1', reason: 'Repeated advertising', at }]);
			expect((await store.rollbacks({ actorIds: ['active', 'gone'], limit: 10 })).map((r) => r.reason).sort()).toEqual(['Repeated advertising', 'by someone else']);
			expect(await store.rollbacks({ actorIds: ['active'], from: daysAgo(-1), limit: 10 })).toEqual([]);
			expect(await store.rollbacks({ actorIds: [], limit: 10 })).toEqual([]);
		});

		it('forgets an author: its audit rows and reasons naming it say the tombstone instead', async () => {
			const [a, b] = updates(2) as [Uint8Array, Uint8Array];
			await commit(store, [update('report:f', a, [7]), update('report:f', b, [], 'active', 'rollback of u1: spam')]);
			await store.forgetAuthor('u1', 'deleted');
			expect(await store.auditOf('u1')).toEqual([]);
			expect((await rows('report:f')).audit.map((r) => [r.user_id, r.reason])).toEqual([
				['deleted', null],
				['active', 'rollback of deleted: spam']
			]);
		});

		it('prunes accepted audit rows after the audit period and refused ones after 90 days', async () => {
			const row = (outcome: 'accepted' | 'refused', days: number) => ({ doc: 'report:x', seq: null, user_id: 'active', outcome, reason: `${outcome} ${days}`, bytes: 1, created_at: daysAgo(days) });
			await db.insertInto('sync_audit').values([row('accepted', 364), row('accepted', 366), row('refused', 89), row('refused', 91)]).execute();
			expect(await store.prune({ auditDays: 365, bindingDays: 180 }, now)).toEqual({ audit: 2, bindings: 0 });
			const left = await db.selectFrom('sync_audit').select('reason').orderBy('reason').execute();
			expect(left.map((r) => r.reason)).toEqual(['accepted 364', 'refused 89']);
		});

		it('prunes old bindings only of users without a live session', async () => {
			const binding = (client_id: number, user_id: string, days: number) => ({ doc: 'report:x', client_id, user_id, created_at: daysAgo(days) });
			await db.insertInto('sync_client').values([binding(1, 'active', 500), binding(2, 'gone', 500), binding(3, 'gone', 10)]).execute();
			expect(await store.prune({ auditDays: 365, bindingDays: 180 }, now)).toEqual({ audit: 0, bindings: 1 });
			const left = await db.selectFrom('sync_client').select('client_id').orderBy('client_id').execute();
			expect(left.map((r) => Number(r.client_id))).toEqual([1, 3]);
		});
	});
}

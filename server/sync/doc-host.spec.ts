import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log.ts';
import { CloseCode, echoAckMaxBytes } from '../../src/lib/sync/protocol.ts';
import { DocHost, SERVER_AUTHOR } from './doc-host.ts';
import { z } from 'zod';
import type { DocKind } from './kind.ts';
import type { SyncStore, WriteOp } from './store/sync-store.ts';
import { SqliteSyncStore } from './store/sqlite.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { testConnection } from './test-connection.ts';

const silent: Logger = { error: () => {}, info: () => {}, debug: () => {} };

/** A store whose commits the test releases by hand (it never commits synchronously). */
function manualWriter() {
	const pending: { ops: WriteOp[]; resolve: () => void }[] = [];
	const writer = { writeNow: () => null, write: (ops: WriteOp[]) => new Promise<number[]>((resolve) => pending.push({ ops, resolve: () => resolve([]) })) } as unknown as SyncStore;
	return { writer, pending };
}

const connection = testConnection;

/** 'step1' | 'step2' | 'update' for each sync message a connection received. */
const kinds = (conn: { sent: Uint8Array[] }) =>
	conn.sent.map((m) => {
		const d = decoding.createDecoder(m);
		if (decoding.readVarUint(d) !== 0) return 'awareness';
		return ['step1', 'step2', 'update'][decoding.readVarUint(d)];
	});
/** The payload of a sync message (a state vector or an update). */
const payload = (m: Uint8Array | undefined) => {
	const d = decoding.createDecoder(m as Uint8Array);
	decoding.readVarUint(d);
	decoding.readVarUint(d);
	return decoding.readVarUint8Array(d);
};
/** The report as the store knows it (posted through POST /api/reports). */
const stored = () => ({ creator: 'ana', municipalityId: 'providencia' });
/** A kind of the test's own (server/sync knows no feature's): a server-only meta map and a thread. */
const reportKind: DocKind = {
	name: 'report',
	roots: {
		meta: { type: 'map', fields: { description: { schema: z.string(), writer: 'server' } } },
		messages: { type: 'array', entry: z.strictObject({ id: z.string(), author: z.string(), text: z.string(), at: z.number() }), writer: 'anyone', authorField: 'author', delete: 'own' }
	},
	facts: () => ({ creator: null, municipalityId: null }),
	access: (_principal, facts) => (facts.municipalityId ? 'write' : 'read'),
	awareness: {}
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

function message(doc: Y.Doc, author: string, text: string): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getArray('messages').push([{ id: text.replace(/\W/g, ''), author, text, at: Date.now() }]);
	return Y.encodeStateAsUpdate(doc, before);
}

/** A host on a writer released by hand, with Ana and Ben attached; `greeting` is what Ana was sent on attaching, then both lists are cleared. */
async function greetedPair() {
	const { writer, pending } = manualWriter();
	// Nothing is committed by this writer unless the test releases it: the store is empty.
	const load = async () => ({ updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map<number, string>() });
	const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, writer, { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored, load);
	const ana = connection('ana');
	const ben = connection('ben');
	host.attach(ana);
	host.attach(ben);
	await tick();
	const greeting = kinds(ana);
	ana.sent.length = 0;
	ben.sent.length = 0;
	return { host, pending, ana, ben, greeting };
}

describe('DocHost', () => {
	it('broadcasts and acknowledges only after the store has committed, and keeps order while it waits', async () => {
		const { host, pending, ana, ben, greeting } = await greetedPair();
		expect(greeting).toEqual(['step1']);

		const local = new Y.Doc();
		const first = message(local, 'ana', 'first');
		host.receive(ana, { type: 'update', update: first });
		await tick();
		expect(pending).toHaveLength(1);
		expect(ben.sent).toHaveLength(0);
		expect(ana.sent).toHaveLength(0);

		// Arrives while the first commit is pending: must not be lost.
		host.receive(ana, { type: 'update', update: message(local, 'ana', 'second') });
		await tick();
		expect(pending).toHaveLength(1);
		pending[0]?.resolve();
		await tick();
		await tick();
		expect(kinds(ben)).toEqual(['update']);
		// The acknowledgement: Ana gets her own change back, the same message Ben got.
		expect(kinds(ana)).toEqual(['update']);
		expect(ana.sent[0]).toEqual(ben.sent[0]);
		expect(payload(ana.sent[0])).toEqual(first);
		expect(pending).toHaveLength(2);
		pending[1]?.resolve();
		await host.settled();
		expect(kinds(ben)).toEqual(['update', 'update']);
		expect(kinds(ana)).toEqual(['update', 'update']);
		expect(host.doc.getArray('messages').length).toBe(2);
		expect(pending.map((p) => p.ops.map((o) => o.type))).toEqual([['update'], ['update']]);
	});

	it('on SQLite saves and broadcasts an accepted update in the turn that received it', async () => {
		const { db, sqlite } = await openDatabase({ kind: 'sqlite', file: ':memory:' });
		await migrate(db);
		for (const id of ['ana', 'ben']) await db.insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: '2026-01-01T00:00:00Z' }).execute();
		try {
			const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, new SqliteSyncStore(db, sqlite as NonNullable<typeof sqlite>), { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored);
			const ana = connection('ana');
			const ben = connection('ben');
			host.attach(ana);
			host.attach(ben);
			await host.settled();
			ben.sent.length = 0;
			ana.sent.length = 0;
			host.receive(ana, { type: 'update', update: message(new Y.Doc(), 'ana', 'now') });
			// No await in between: the row is committed, Ben has the update and Ana her acknowledgement.
			expect(sqlite?.prepare('select count(*) as n from sync_update').get()).toEqual({ n: 1 });
			expect(kinds(ben)).toEqual(['update']);
			expect(kinds(ana)).toEqual(['update']);
			await host.settled();
		} finally {
			await db.destroy();
		}
	});

	it('acknowledges a large change with its state vector instead of sending it back', async () => {
		const { host, pending, ana, ben } = await greetedPair();
		// What a phone sends after a long time offline: many messages in one update.
		const local = new Y.Doc();
		const before = Y.encodeStateVector(local);
		for (let i = 0; i < 40; i++) local.getArray('messages').push([{ id: `m${i}`, author: 'ana', text: `offline message ${i}: ${'x'.repeat(100)}`, at: Date.now() }]);
		const backlog = Y.encodeStateAsUpdate(local, before);
		expect(backlog.byteLength).toBeGreaterThan(echoAckMaxBytes);
		host.receive(ana, { type: 'update', update: backlog });
		await tick();
		expect(ana.sent).toHaveLength(0);
		pending[0]?.resolve();
		await host.settled();
		expect(kinds(ben)).toEqual(['update']);
		expect(kinds(ana)).toEqual(['step1']);
		expect(payload(ana.sent[0])).toEqual(Y.encodeStateVector(local));
	});

	it('refuses a forged update: not applied, not broadcast, audited, sender closed', async () => {
		const { host, pending, ana, ben } = await greetedPair();
		host.receive(ben, { type: 'update', update: message(new Y.Doc(), 'ana', 'in ana’s name') });
		await host.settled();
		expect(ben.closedWith).toBe(CloseCode.refused);
		expect(ana.closed).toBe(false);
		expect(ana.sent).toHaveLength(0);
		expect(host.doc.getArray('messages').length).toBe(0);
		expect(pending.map((p) => p.ops[0]?.type)).toEqual(['refused']);
	});

	it('writes as the server: saved before broadcast, audited under the server with the reason, and nobody may continue its clientID', async () => {
		const { writer, pending } = manualWriter();
		const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, writer, { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored);
		const ana = connection('ana');
		host.attach(ana);
		await tick();
		ana.sent.length = 0;

		const written = host.writeAsServer((doc) => doc.getMap('meta').set('description', 'Poste apagado'), 'report accepted');
		await tick();
		expect(ana.sent).toHaveLength(0);
		expect(pending).toHaveLength(1);
		expect(pending[0]?.ops[0]).toMatchObject({ type: 'update', userId: SERVER_AUTHOR, reason: 'report accepted', newClients: [] });
		pending[0]?.resolve();
		expect(await written).toBe(true);
		expect(kinds(ana)).toEqual(['update']);
		expect(host.doc.getMap('meta').get('description')).toBe('Poste apagado');

		// An edit that changes nothing writes nothing.
		expect(await host.writeAsServer(() => {}, 'nothing')).toBe(false);
		expect(pending).toHaveLength(1);

		// A client that reuses the server's clientID to overwrite its field is refused.
		const forger = new Y.Doc();
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(host.doc));
		forger.clientID = host.doc.clientID;
		const before = Y.encodeStateVector(forger);
		forger.getMap('meta').set('description', 'forged');
		host.receive(ana, { type: 'update', update: Y.encodeStateAsUpdate(forger, before) });
		await host.settled();
		expect(ana.closedWith).toBe(CloseCode.clientIdTaken);
		expect(host.doc.getMap('meta').get('description')).toBe('Poste apagado');
	});

	it('rejects a server write whose edit throws, and reloads', async () => {
		const { writer } = manualWriter();
		const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, writer, { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored);
		await expect(
			host.writeAsServer(() => {
				throw new Error('broken edit');
			}, 'x')
		).rejects.toThrow('broken edit');
		expect(host.failed).toBe(true);
	});

	it('rests a quiet document encoded: serves joiners from it, wakes on a change, keeps its clientID and facts', async () => {
		const { writer, pending } = manualWriter();
		const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, writer, { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored);
		const ana = connection('ana');
		host.attach(ana);
		await tick();
		const local = new Y.Doc();
		host.receive(ana, { type: 'update', update: message(local, 'ana', 'first') });
		await tick();
		pending[0]?.resolve();
		await host.settled();
		const written = host.writeAsServer((doc) => doc.getMap('meta').set('description', 'Poste apagado'), 'meta');
		await tick();
		pending[1]?.resolve();
		await written;
		await host.settled();
		const serverClient = host.doc.clientID;
		const facts = host.facts();

		expect(host.rest()).toBe(true);
		expect(host.isResting).toBe(true);
		expect(host.facts()).toEqual(facts);

		// A new client joins: greeted with the state vector, answered with the whole document, all
		// from the encoded form; an empty answer from it leaves the document resting.
		const ben = connection('ben');
		host.attach(ben);
		host.receive(ben, { type: 'step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
		host.receive(ben, { type: 'update', update: Y.encodeStateAsUpdate(new Y.Doc()) });
		await host.settled();
		expect(host.isResting).toBe(true);
		expect(kinds(ben)).toEqual(['step1', 'step2']);
		const joined = new Y.Doc();
		const step2 = decoding.createDecoder(ben.sent[1] as Uint8Array);
		decoding.readVarUint(step2);
		decoding.readVarUint(step2);
		Y.applyUpdate(joined, decoding.readVarUint8Array(step2));
		expect(joined.getArray('messages').toJSON()).toEqual(local.getArray('messages').toJSON());
		expect(joined.getMap('meta').get('description')).toBe('Poste apagado');
		const greeting = decoding.createDecoder(ben.sent[0] as Uint8Array);
		decoding.readVarUint(greeting);
		decoding.readVarUint(greeting);
		expect(decoding.readVarUint8Array(greeting)).toEqual(Y.encodeStateVector(joined));

		// The next change makes it live again, with everything it held and the same clientID.
		host.receive(ana, { type: 'update', update: message(local, 'ana', 'second') });
		await tick();
		pending[2]?.resolve();
		await host.settled();
		expect(host.isResting).toBe(false);
		expect(host.doc.getArray('messages').length).toBe(2);
		expect(host.doc.clientID).toBe(serverClient);
		expect(kinds(ben).at(-1)).toBe('update');
	});

	it('does not rest with work queued', async () => {
		const { writer } = manualWriter();
		const host = new DocHost('report:x', reportKind, { updates: [], lastSeq: 0, bytes: 0, rows: 0, bindings: new Map() }, writer, { maxDocBytes: 1e6, compactEvery: 1000 }, silent, stored);
		const ana = connection('ana');
		host.attach(ana);
		host.receive(ana, { type: 'update', update: message(new Y.Doc(), 'ana', 'first') });
		expect(host.rest()).toBe(false);
		expect(host.isResting).toBe(false);
	});
});

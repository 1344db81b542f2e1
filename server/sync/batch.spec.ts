import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { echoAckMaxBytes } from '../../src/lib/sync/protocol.ts';
import { Batch } from './batch.ts';
import type { Connection } from './connection.ts';
import type { SyncStore, WriteOp } from './store/sync-store.ts';

const socket = () => {
	const sent: Uint8Array[] = [];
	return { sent, conn: { send: (m: Uint8Array) => void sent.push(m) } as unknown as Connection };
};
const op = (data: Uint8Array): WriteOp => ({ type: 'update', doc: 'report:x', data, userId: 'ana', newClients: [], at: '' });
const small = () => {
	const doc = new Y.Doc();
	doc.getArray('m').push([1]);
	return Y.encodeStateAsUpdate(doc);
};

describe('Batch', () => {
	it('sends nothing before the store commits; then the change to everyone, its sender included, and a large one’s sender the state vector', async () => {
		let commit = (_: number[]) => {};
		const store = { writeNow: () => null, write: () => new Promise<number[]>((resolve) => (commit = resolve)) } as unknown as SyncStore;
		const ana = socket();
		const ben = socket();
		const vector = new Uint8Array([9]);
		const batch = new Batch(store, new Set([ana.conn, ben.conn]), () => vector);
		const large = new Uint8Array(echoAckMaxBytes + 1);
		let done = 0;
		batch.push({ conn: ana.conn, update: small(), op: op(small()), done: () => done++ });
		batch.push({ conn: ana.conn, update: large, op: op(large) });
		const flushed = batch.flush();
		await new Promise((resolve) => setImmediate(resolve));
		expect(ana.sent).toHaveLength(0);
		expect(ben.sent).toHaveLength(0);
		commit([3, 4]);
		expect(await flushed).toEqual([3, 4]);
		expect(done).toBe(1);
		expect(ben.sent).toHaveLength(2);
		expect(ana.sent).toEqual([ben.sent[0], vector]);
		expect(await batch.flush()).toEqual([]);
	});

	it('fails every change and sends nothing when the store refuses', async () => {
		const store = {
			writeNow: () => {
				throw new Error('refused');
			}
		} as unknown as SyncStore;
		const ana = socket();
		const failed: unknown[] = [];
		const batch = new Batch(store, new Set([ana.conn]), () => new Uint8Array());
		batch.push({ conn: null, update: small(), op: op(small()), fail: (e) => failed.push(e) });
		await expect(batch.flush()).rejects.toThrow('refused');
		expect(failed).toHaveLength(1);
		expect(ana.sent).toHaveLength(0);
	});
});

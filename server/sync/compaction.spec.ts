import { describe, expect, it } from 'vitest';
import { Compaction } from './compaction.ts';
import type { SyncStore, WriteOp } from './store/sync-store.ts';

/** A store that records what it is asked to commit, synchronously or not. */
function recordingStore(now: boolean) {
	const written: WriteOp[][] = [];
	const store = {
		writeNow: (ops: WriteOp[]) => (now ? (written.push(ops), []) : null),
		write: async (ops: WriteOp[]) => (written.push(ops), [])
	} as unknown as SyncStore;
	return { store, written };
}

describe('Compaction', () => {
	it('is due after `every` rows, and replaces the rows up to the last seq this process committed', async () => {
		const { store, written } = recordingStore(true);
		const compaction = new Compaction('report:x', store, 3, { lastSeq: 4, rows: 1 });
		expect(compaction.worthwhile).toBe(false);
		compaction.committed([5]);
		expect(compaction.worthwhile).toBe(true);
		expect(compaction.due).toBe(false);
		compaction.committed([]);
		compaction.committed([6]);
		expect(compaction.due).toBe(true);
		await compaction.write(new Uint8Array([1, 2]));
		expect(written).toEqual([[{ type: 'compact', doc: 'report:x', upTo: 6, data: new Uint8Array([1, 2]), at: expect.any(String) }]]);
		expect(compaction.due).toBe(false);
		expect(compaction.worthwhile).toBe(false);
	});

	it('writes through the asynchronous path when the store cannot commit now, and counts a reload’s rows', async () => {
		const { store, written } = recordingStore(false);
		const compaction = new Compaction('report:x', store, 200, { lastSeq: 0, rows: 0 });
		compaction.reloaded(250);
		expect(compaction.due).toBe(true);
		await compaction.write(new Uint8Array([0, 0]));
		expect(written).toHaveLength(1);
		expect(written[0]?.[0]).toMatchObject({ type: 'compact', upTo: 0 });
	});
});

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Connection } from './connection.ts';
import { RecentAccepts, SEEN_AFTER_MS } from './recent-accepts.ts';

/** The first item of client `client` in `doc`. */
const itemOf = (doc: Y.Doc, client: number) => (doc.store.clients.get(client) as Y.Item[])[0] as Y.Item;

describe('RecentAccepts', () => {
	it('takes a change as seen once it was accepted SEEN_AFTER_MS ago, or before the sender was sent the whole state', () => {
		const doc = new Y.Doc();
		doc.clientID = 1;
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getArray('m').push([{ a: 1 }]);
		const writer = new Y.Doc();
		writer.clientID = 2;
		Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
		writer.getArray('m').push([{ b: 1 }]);
		const item = itemOf(doc, 1);
		const entry = itemOf(writer, 2);

		const recent = new RecentAccepts();
		const now = 1_000_000;
		recent.note(updates[0] as Uint8Array, now);
		const conn = { view: new Map<number, number>(), syncedAt: 0 } as unknown as Connection;
		expect(recent.seenBy(conn, item, entry, now + 1)).toBe(false);
		expect(recent.seenBy(conn, item, entry, now + SEEN_AFTER_MS)).toBe(true);
		// Synced after it was accepted: it was in the state the sender was sent.
		recent.note(updates[0] as Uint8Array, now);
		expect(recent.seenBy({ ...conn, syncedAt: now + 1 } as Connection, item, entry, now + 2)).toBe(true);
		// The sender declared it had it (SyncStep1).
		expect(recent.seenBy({ ...conn, view: new Map([[1, 1]]) } as Connection, item, entry, now + 2)).toBe(true);
		recent.clear();
		expect(recent.seenBy(conn, item, entry, now + 2)).toBe(true);
	});
});

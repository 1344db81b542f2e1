import * as Y from 'yjs';
import type { ServerWrite } from './kind.ts';
import { rollbackUpdate } from './rollback.ts';
import type { AuditEntry, RollbackEntry, RollbackFilter, SyncStore } from './store/sync-store.ts';

/**
 * What features may do with stored documents besides writing as the server (`writeAsServer`):
 * read a document's content, find and erase what a user wrote, and take a deleted account's id
 * out of the audit log. Nothing outside `server/sync/` reads the sync tables; this is the way in.
 */
export interface SyncDocs {
	/** A document as stored (what every device converges to): its updates in order and its last sequence number (0: nothing stored). */
	read(room: string): Promise<{ updates: Uint8Array[]; lastSeq: number }>;
	/** The last stored sequence number of each of `rooms` the store holds; a room it does not hold is absent. */
	lastSeqs(rooms: readonly string[]): Promise<Map<string, number>>;
	/** The clientIDs bound to a user, by room, with when the first was bound. */
	clientsOf(userId: string): Promise<Map<string, { clientIds: number[]; since: string }>>;
	/** A user's rows of the audit log, oldest first. */
	auditOf(userId: string): Promise<AuditEntry[]>;
	/**
	 * Deletes every live item written under `clientIds` in `room`, as the server: saved, broadcast
	 * and audited with `reason` like any server write. Resolves to how many items.
	 */
	erase(room: string, clientIds: readonly number[], reason: string): Promise<number>;
	/** The audit log forgets a user: its rows, and reasons naming it, say `tombstone` instead. */
	forgetAuthor(userId: string, tombstone: string): Promise<void>;
	/** Admins' rollbacks of what one user wrote in a document, newest first, for the record of decisions. */
	rollbacks(filter: RollbackFilter): Promise<RollbackEntry[]>;
}

export function syncDocs(store: SyncStore, writeAsServer: ServerWrite): SyncDocs {
	return {
		read: async (room) => {
			const { updates, lastSeq } = await store.load(room);
			return { updates, lastSeq };
		},
		lastSeqs: (rooms) => store.lastSeqs(rooms),
		clientsOf: async (userId) => {
			const byRoom = new Map<string, { clientIds: number[]; since: string }>();
			for (const { room, clientId, since } of await store.bindingsOf(userId)) {
				const entry = byRoom.get(room) ?? { clientIds: [], since };
				entry.clientIds.push(clientId);
				if (since < entry.since) entry.since = since;
				byRoom.set(room, entry);
			}
			return byRoom;
		},
		auditOf: (userId) => store.auditOf(userId),
		erase: async (room, clientIds, reason) => {
			let items = 0;
			await writeAsServer(
				room,
				(doc) => {
					const erase = rollbackUpdate(doc, clientIds);
					if (!erase) return;
					items = erase.items;
					Y.applyUpdate(doc, erase.update);
				},
				reason
			);
			return items;
		},
		forgetAuthor: (userId, tombstone) => store.forgetAuthor(userId, tombstone),
		rollbacks: (filter) => store.rollbacks(filter)
	};
}

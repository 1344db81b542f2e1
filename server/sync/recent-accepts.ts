import * as Y from 'yjs';
import type { Connection } from './connection.ts';

/**
 * How long after the server broadcast a change to a socket the sender is taken to have seen it
 * (docs/sync-protocol.md §5, "appended at the end"): within it an entry may still land before it,
 * as two concurrent appends do.
 */
export const SEEN_AFTER_MS = 10_000;

/** Per client, the clocks at which a document's recent updates (younger than SEEN_AFTER_MS) started, with when. */
export class RecentAccepts {
	private readonly recent = new Map<number, { clock: number; at: number }[]>();

	/** Remembers where an accepted update's structs start. */
	note(update: Uint8Array, now: number): void {
		for (const [client, clock] of Y.parseUpdateMeta(update).from) {
			let list = this.recent.get(client);
			if (!list) this.recent.set(client, (list = []));
			while (list.length && (list[0] as { at: number }).at <= now - SEEN_AFTER_MS) list.shift();
			list.push({ clock, at: now });
		}
	}

	/** Forgets them all: what came before counts as seen. */
	clear(): void {
		this.recent.clear();
	}

	/**
	 * Whether the sender on `conn` had seen `item` when it wrote `entry` (docs/sync-protocol.md §5).
	 * An entry its client wrote before connecting (its clock is below what the client declared for
	 * itself in SyncStep1) was written with the view the client declared. One written since had,
	 * besides, the whole state the server sent it (SyncStep2) and every change broadcast to it more
	 * than SEEN_AFTER_MS ago.
	 */
	seenBy(conn: Connection, item: Y.Item, entry: Y.Item, now: number): boolean {
		if (item.id.clock < (conn.view.get(item.id.client) ?? 0)) return true;
		if (entry.id.clock < (conn.view.get(entry.id.client) ?? 0)) return false;
		const accepted = this.acceptedAt(item.id.client, item.id.clock, now);
		return accepted === null || accepted < conn.syncedAt || accepted <= now - SEEN_AFTER_MS;
	}

	/** When the struct at this clock was accepted, if less than SEEN_AFTER_MS ago; null if earlier. */
	private acceptedAt(client: number, clock: number, now: number): number | null {
		const list = this.recent.get(client);
		if (!list) return null;
		while (list.length && (list[0] as { at: number }).at <= now - SEEN_AFTER_MS) list.shift();
		if (!list.length) {
			this.recent.delete(client);
			return null;
		}
		let at: number | null = null;
		for (const entry of list) {
			if (entry.clock > clock) break;
			at = entry.at;
		}
		return at;
	}
}

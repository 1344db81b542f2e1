import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * A Yjs update (v1) that deletes every live item written under `clientIds`: the per-user
 * rollback. It holds no structs, only a delete set, so applying it anywhere removes exactly those
 * items and nothing else. Null when there is nothing to delete. Pure: `doc` is not changed.
 */
export function rollbackUpdate(doc: Y.Doc, clientIds: Iterable<number>): { update: Uint8Array; items: number } | null {
	const ranges = new Map<number, { clock: number; len: number }[]>();
	let items = 0;
	for (const client of clientIds) {
		for (const struct of doc.store.clients.get(client) ?? []) {
			if (!(struct instanceof Y.Item) || struct.deleted) continue;
			const list = ranges.get(client) ?? [];
			const last = list.at(-1);
			if (last && last.clock + last.len === struct.id.clock) last.len += struct.length;
			else list.push({ clock: struct.id.clock, len: struct.length });
			ranges.set(client, list);
			if (struct.countable) items += struct.length;
		}
	}
	if (ranges.size === 0) return null;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // no structs
	encoding.writeVarUint(encoder, ranges.size);
	for (const [client, list] of ranges) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, list.length);
		for (const { clock, len } of list) {
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, len);
		}
	}
	return { update: encoding.toUint8Array(encoder), items };
}

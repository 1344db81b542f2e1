import * as Y from 'yjs';

export interface WrittenEntry {
	/** The root the entry lives in (`messages`, `contact`, …); `(nested)` for anything deeper. */
	root: string;
	/** The map key for map fields; null for list entries. */
	key: string | null;
	value: unknown;
}

/**
 * Everything still live in `doc` that was written under `clientIds`: the person's own messages,
 * notes, and fields such as a report's contact phone. Pure: `doc` is not changed. Works for every
 * kind of document, because the server binds each clientID to exactly one user.
 */
export function writtenBy(doc: Y.Doc, clientIds: Iterable<number>): WrittenEntry[] {
	const rootNames = new Map<unknown, string>();
	for (const [name, type] of doc.share) rootNames.set(type, name);
	const out: WrittenEntry[] = [];
	for (const client of clientIds) {
		for (const struct of doc.store.clients.get(client) ?? []) {
			if (!(struct instanceof Y.Item) || struct.deleted || !struct.countable) continue;
			const parent = struct.parent as Y.AbstractType<unknown> | null;
			const root = (parent && rootNames.get(parent)) ?? '(nested)';
			const key = struct.parentSub ?? null;
			const content = struct.content.getContent() as unknown[];
			for (const value of content) out.push({ root, key, value: value instanceof Y.AbstractType ? value.toJSON() : value });
		}
	}
	return out;
}

/** A Y.Doc from stored updates, without the server's bookkeeping. */
export function docFromUpdates(updates: readonly Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

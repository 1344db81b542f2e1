import * as Y from 'yjs';

/** The shape of a document kind as the client sees it: root name → map or list. */
export type RootShapes = Record<string, 'map' | 'array'>;

/** What the person wrote that the server does not hold: per map root the keys, per list the entries. */
export interface Draft {
	maps: Record<string, Record<string, unknown>>;
	arrays: Record<string, unknown[]>;
}

export function isEmptyDraft(draft: Draft): boolean {
	return Object.keys(draft.maps).length === 0 && Object.keys(draft.arrays).length === 0;
}

/**
 * Compares the local document that was refused with a fresh copy from the server and returns
 * what only the local one has. Pure: neither document is changed.
 */
export function diffDraft(local: Y.Doc, server: Y.Doc, roots: RootShapes): Draft {
	const draft: Draft = { maps: {}, arrays: {} };
	for (const [name, shape] of Object.entries(roots)) {
		if (shape === 'map') {
			const mine = local.getMap(name).toJSON();
			const theirs = server.getMap(name).toJSON();
			const changed = Object.fromEntries(Object.entries(mine).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(theirs[key])));
			if (Object.keys(changed).length) draft.maps[name] = changed;
		} else {
			const remaining = new Map<string, number>();
			for (const entry of server.getArray(name).toJSON()) {
				const key = JSON.stringify(entry);
				remaining.set(key, (remaining.get(key) ?? 0) + 1);
			}
			const extra = local
				.getArray(name)
				.toJSON()
				.filter((entry) => {
					const key = JSON.stringify(entry);
					const left = remaining.get(key) ?? 0;
					if (left > 0) remaining.set(key, left - 1);
					return left === 0;
				});
			if (extra.length) draft.arrays[name] = extra;
		}
	}
	return draft;
}

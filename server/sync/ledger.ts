import * as Y from 'yjs';
import type { DocKind } from './kind.ts';

/**
 * What a live document holds that the rules need without a walk per update: the ids of the
 * entries of each list (ids are unique within a list) and the entry bytes each user holds (no user
 * may fill a document for everyone). Built once from the document, then kept by `judgeUpdate`.
 */
export class DocLedger {
	private readonly ids = new Map<string, Set<string>>();
	private readonly bytes = new Map<string, number>();

	static of(doc: Y.Doc, kind: DocKind, bindings: ReadonlyMap<number, string>): DocLedger {
		const ledger = new DocLedger();
		for (const [root, rule] of Object.entries(kind.roots)) {
			if (rule.type !== 'array' || !doc.share.has(root)) continue;
			for (let item = (doc.share.get(root) as Y.AbstractType<unknown>)._start; item; item = item.right) {
				if (item.deleted || !(item.content instanceof Y.ContentAny)) continue;
				const owner = bindings.get(item.id.client);
				for (const value of item.content.getContent()) {
					const id = (value as { id?: unknown } | null)?.id;
					if (typeof id === 'string') ledger.addId(root, id);
					if (owner !== undefined) ledger.addBytes(owner, entryBytes(value));
				}
			}
		}
		return ledger;
	}

	hasId(root: string, id: string): boolean {
		return this.ids.get(root)?.has(id) ?? false;
	}

	addId(root: string, id: string): void {
		let set = this.ids.get(root);
		if (!set) this.ids.set(root, (set = new Set()));
		set.add(id);
	}

	bytesOf(userId: string): number {
		return this.bytes.get(userId) ?? 0;
	}

	addBytes(userId: string, bytes: number): void {
		const total = Math.max(0, (this.bytes.get(userId) ?? 0) + bytes);
		if (total) this.bytes.set(userId, total);
		else this.bytes.delete(userId);
	}
}

/** The bytes an entry takes as stored (its JSON, UTF-8). */
export function entryBytes(value: unknown): number {
	return Buffer.byteLength(JSON.stringify(value) ?? '');
}

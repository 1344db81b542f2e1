import * as Y from 'yjs';
import { isStaffOf, type Principal } from '../auth/principal.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import type { DocFacts, DocKind, Writer } from './kind.ts';
import { entryBytes, type DocLedger } from './ledger.ts';
import { scanUpdate, ScanError, type Scan } from './update-scan.ts';

export type Judgement =
	| {
			ok: true;
			/** Exactly what Yjs integrated, encoded again: what is stored and broadcast. Null when nothing changed. */
			update: Uint8Array | null;
			newClients: number[];
	  }
	| {
			ok: false;
			code: number;
			reason: string;
			/** True when the update was applied before it was judged: the caller must reload the document. */
			dirty: boolean;
	  };

export interface JudgeInput {
	doc: Y.Doc;
	kind: DocKind;
	facts: DocFacts;
	bindings: ReadonlyMap<number, string>;
	principal: Principal;
	update: Uint8Array;
	/** What the document holds per entry id and per user, kept by the caller across updates. */
	ledger: DocLedger;
	/** Whether the sender had already seen `item` when it wrote `entry` (DocHost.seenBy). */
	seen: (item: Y.Item, entry: Y.Item) => boolean;
	/** The most live entry bytes one user may hold in this document. */
	maxUserBytes: number;
	/** The deleted ranges of the document, for a reader's empty answer (computed only when asked). */
	deletedRanges?: () => DeleteSet;
}

type Struct = Y.Item | Y.GC;
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

const refuse = (reason: string, code: number = CloseCode.refused, dirty = false): Judgement => ({ ok: false, code, reason, dirty });

class Refusal extends Error {
	constructor(
		readonly reason: string,
		readonly code: number = CloseCode.refused
	) {
		super(reason);
	}
}

/**
 * Judges an update by what Yjs actually does with it (docs/sync-protocol.md §5):
 *
 * 1. The access decision first. A sender who may only read is refused for any new struct and any
 *    deletion, from the update's framing alone: the bytes never reach Yjs.
 * 2. `scanUpdate` reads the framing in one linear pass and refuses what no document can hold
 *    (other content, nested types, gaps, V2, trailing bytes, the per-update limits), and the
 *    clientIDs are checked against their owners, all before anything is applied.
 * 3. The update is applied to the live document inside one transaction; before the transaction
 *    ends, every struct Yjs integrated (between the transaction's `beforeState` and the store's
 *    state) is judged where it really landed — its parent, key, neighbours and content — and so is
 *    every item the transaction deleted (`transaction.deleteSet`), whether the update's delete set
 *    named it or Yjs deleted it by replacing a key's value.
 *
 * Accepted: the transaction's own update (Yjs's encoding of what it integrated) is returned, to be
 * stored and broadcast instead of the sender's bytes. Refused after applying: `dirty` says the
 * document now holds the refused change and must be reloaded from the store, which holds only
 * accepted updates. The document is never half-judged: every check runs before the verdict.
 */
export function judgeUpdate(input: JudgeInput): Judgement {
	const { doc, kind, facts, bindings, principal, ledger } = input;
	const userId = principal.userId;
	const access = kind.access(principal, facts);
	if (access === 'none') return refuse('you may not open this document');

	let scan: Scan;
	try {
		scan = scanUpdate(input.update);
	} catch (error) {
		if (error instanceof ScanError) return refuse(error.message, error.malformed ? CloseCode.badMessage : CloseCode.refused);
		throw error;
	}
	const store = doc.store;

	// Which client sections bring something new, and whose clientIDs are they?
	const newClients: number[] = [];
	const freshEnd = new Map<number, number>();
	for (const section of scan.sections) {
		const known = Y.getState(store, section.client);
		if (section.end <= known) continue;
		if (access !== 'write') return refuse('you may only read this document');
		if (section.clock > known) return refuse(`the update depends on changes the server does not have (client ${section.client})`);
		const owner = bindings.get(section.client);
		if (owner !== undefined && owner !== userId) return refuse(`Yjs clientID ${section.client} belongs to another user`, CloseCode.clientIdTaken);
		// An unbound clientID that already wrote here is the server's own: nobody may continue it.
		if (owner === undefined && known > 0) return refuse(`Yjs clientID ${section.client} belongs to the server`, CloseCode.clientIdTaken);
		if (owner === undefined) newClients.push(section.client);
		freshEnd.set(section.client, section.end);
	}
	if (freshEnd.size > 0 && kind.writeLimit) {
		const limited = kind.writeLimit(principal, facts);
		if (limited) return refuse(limited);
	}
	for (const root of scan.roots) {
		if (!Object.hasOwn(kind.roots, root)) return refuse(`"${root}" is not part of a ${kind.name} document`);
		if (kind.roots[root]?.type === 'record') return refuse(`only the server writes "${root}"`);
	}
	for (const range of scan.deletes) {
		// Deleting what the server never had would wait in Yjs's pending set for ever: refuse it.
		const limit = Math.max(Y.getState(store, range.client), freshEnd.get(range.client) ?? 0);
		if (range.clock + range.len > limit) return refuse('the update deletes entries the server does not have');
	}

	if (access !== 'write') {
		// A reader's answer to the server's state vector carries the whole delete set of its copy:
		// fine as long as it deletes nothing that is not deleted already.
		if (!scan.deletes.length) return { ok: true, update: null, newClients: [] };
		const deleted = input.deletedRanges?.() ?? Y.createDeleteSetFromStructStore(store);
		for (const range of scan.deletes) if (!coveredBy(deleted, range)) return refuse('you may only read this document');
		return { ok: true, update: null, newClients: [] };
	}
	if (freshEnd.size === 0 && scan.deletes.length === 0) return { ok: true, update: null, newClients: [] };

	const staff = facts.municipalityId !== null && isStaffOf(principal, facts.municipalityId);
	const may = (writer: Writer) =>
		writer === 'anyone' ||
		((writer === 'creator' || writer === 'creator-or-staff') && facts.creator === userId) ||
		((writer === 'staff' || writer === 'creator-or-staff') && staff);
	// Filled once the update is applied: it may bring the first item of a root.
	const rootNames = new Map<unknown, string>();

	// When every client section starts where the server's copy ends, Yjs integrates each struct as
	// sent (or refuses the lot), and the delete set's ranges are applied or already deleted: the
	// sender's bytes are then exactly what was judged. Otherwise (a section that repeats some or all
	// of what the server has), Yjs's own encoding of the transaction is stored and broadcast instead.
	const exact = scan.sections.every((section) => section.clock === Y.getState(store, section.client));
	let captured: Uint8Array | null = null;
	let changed = false;
	const capture = (update: Uint8Array) => {
		captured = update;
	};
	let verdict: Judgement | null = null;
	const growth = new Map<string, number>();
	const addedIds: { root: string; id: string }[] = [];
	const shrink = new Map<string, number>();
	if (!exact) doc.on('update', capture);
	try {
		Y.transact(
			doc,
			(transaction) => {
				Y.applyUpdate(doc, input.update, transaction.origin);
				try {
					if (store.pendingStructs || store.pendingDs) throw new Refusal('the update depends on changes the server does not have');
					judgeStructs(transaction);
					judgeDeletions(transaction);
					changed = freshEnd.size > 0 || transaction.deleteSet.clients.size > 0;
				} catch (error) {
					if (!(error instanceof Refusal)) throw error;
					verdict = refuse(error.reason, error.code, true);
				}
			},
			principal
		);
	} catch {
		verdict = refuse('the update could not be applied', CloseCode.badMessage, true);
	} finally {
		if (!exact) doc.off('update', capture);
	}
	if (verdict) return verdict;
	if (store.pendingStructs || store.pendingDs) return refuse('the update depends on changes the server does not have', CloseCode.refused, true);
	for (const { root, id } of addedIds) ledger.addId(root, id);
	for (const [user, bytes] of growth) ledger.addBytes(user, bytes);
	for (const [user, bytes] of shrink) ledger.addBytes(user, -bytes);
	return { ok: true, update: !changed ? null : exact ? input.update : captured, newClients };

	function isNew(item: Struct, transaction: Y.Transaction): boolean {
		return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
	}

	function placeOf(item: Y.Item): { root: string; rule: DocKind['roots'][string] } {
		const parent = item.parent;
		if (!(parent instanceof Y.AbstractType) || parent._item !== null) throw new Refusal('nested Yjs types are not allowed');
		const root = rootNames.get(parent);
		const rule = root === undefined ? undefined : kind.roots[root];
		if (root === undefined || !rule) throw new Refusal(`the update writes outside the roots of a ${kind.name} document`);
		return { root, rule };
	}

	function judgeStructs(transaction: Y.Transaction): void {
		for (const [name, type] of doc.share) rootNames.set(type, name);
		const idsInUpdate = new Set<string>();
		for (const [client] of freshEnd) {
			const structs = store.clients.get(client) ?? [];
			const from = transaction.beforeState.get(client) ?? 0;
			for (let index = from === 0 ? 0 : Y.findIndexSS(structs, from); index < structs.length; index++) {
				const struct = structs[index] as Struct;
				if (struct.id.clock < from) continue;
				if (!(struct instanceof Y.Item)) continue; // GC: no content, no place
				judgeItem(struct, transaction, idsInUpdate);
			}
		}
	}

	function judgeItem(item: Y.Item, transaction: Y.Transaction, idsInUpdate: Set<string>): void {
		const { root, rule } = placeOf(item);
		if (rule.type === 'record') throw new Refusal(`only the server writes "${root}"`);
		const content = item.content;
		if (rule.type === 'map') {
			const key = item.parentSub;
			if (key === null) throw new Refusal(`"${root}" is a map`);
			const field = Object.hasOwn(rule.fields, key) ? rule.fields[key] : undefined;
			if (!field) throw new Refusal(`"${root}.${key}" is not a field of a ${kind.name} document`);
			if (!may(field.writer)) throw new Refusal(`you may not set "${root}.${key}"`);
			// Set once: the key had no value (not even a deleted one), and this is its only one.
			if (item.left !== null || item.right !== null) throw new Refusal(`"${root}.${key}" can be set only once`);
			if (!(content instanceof Y.ContentAny) || item.deleted) throw new Refusal(`"${root}.${key}" cannot be cleared`);
			const values = content.getContent();
			if (values.length !== 1) throw new Refusal('a map entry holds one value');
			const value = values[0];
			if (field.self && value !== userId) throw new Refusal(`"${root}.${key}" must be your own user id`);
			const parsed = field.schema.safeParse(value);
			if (!parsed.success) throw new Refusal(`"${root}.${key}" ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
			return;
		}
		if (item.parentSub !== null) throw new Refusal(`"${root}" is a list`);
		if (!may(rule.writer)) throw new Refusal(`you may not add to "${root}"`);
		if (item.rightOrigin !== null) throw new Refusal('entries may only be appended at the end');
		// Appended as of the sender's view: nothing it had already seen may follow this entry. The
		// last entry of a run of new ones walks for the run.
		if (!(item.right && isNew(item.right, transaction))) {
			for (let next = item.right; next; next = next.right) {
				if (isNew(next, transaction)) continue;
				if (input.seen(next, item)) throw new Refusal('entries may only be appended at the end');
			}
		}
		if (content instanceof Y.ContentDeleted || item.deleted) {
			// Written and deleted before it reached the server: allowed where deleting one's own is.
			if (!(rule.delete === 'own' || rule.delete === 'author' || (rule.delete === 'moderator' && staff))) throw new Refusal(`entries of "${root}" cannot be deleted`);
			if (content instanceof Y.ContentDeleted) return;
		}
		if (!(content instanceof Y.ContentAny)) throw new Refusal(`"${root}" holds plain JSON values only`);
		for (const value of content.getContent()) {
			const parsed = rule.entry.safeParse(value);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				throw new Refusal(`an entry of "${root}" is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
			}
			if (parsed.data[rule.authorField] !== userId) throw new Refusal(`"${root}" entries must have your user id as ${rule.authorField}`);
			if (item.deleted) continue;
			const id = parsed.data.id;
			if (typeof id === 'string') {
				const key = `${root}\u0000${id}`;
				if (idsInUpdate.has(key) || ledger.hasId(root, id)) throw new Refusal(`"${root}" already has an entry with id ${id}`);
				idsInUpdate.add(key);
				addedIds.push({ root, id });
			}
			const bytes = entryBytes(value);
			const total = ledger.bytesOf(userId) + (growth.get(userId) ?? 0) + bytes;
			if (total > input.maxUserBytes) throw new Refusal(`your share of this document is full (${input.maxUserBytes} bytes)`, CloseCode.docTooLarge);
			growth.set(userId, (growth.get(userId) ?? 0) + bytes);
		}
	}

	function judgeDeletions(transaction: Y.Transaction): void {
		for (const [client, ranges] of transaction.deleteSet.clients) {
			const structs = store.clients.get(client) ?? [];
			for (const range of ranges) {
				const end = range.clock + range.len;
				for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
					const struct = structs[index] as Struct;
					if (struct.id.clock >= end) break;
					if (!(struct instanceof Y.Item)) continue;
					// New items deleted in the same update were judged with the structs.
					if (isNew(struct, transaction)) continue;
					const { root, rule } = placeOf(struct);
					if (rule.type === 'map') throw new Refusal(`"${root}.${struct.parentSub ?? ''}" cannot be changed`);
					if (rule.type === 'record') throw new Refusal(`you may not delete entries of "${root}"`);
					const own = bindings.get(struct.id.client) === userId;
					const allowed = rule.delete === 'own' ? own || staff : rule.delete === 'author' ? own : rule.delete === 'moderator' ? staff : false;
					if (!allowed) throw new Refusal(`you may not delete entries of "${root}"`);
					const owner = bindings.get(struct.id.client);
					if (owner !== undefined && struct.content instanceof Y.ContentAny) {
						shrink.set(owner, (shrink.get(owner) ?? 0) + struct.content.getContent().reduce((sum: number, value) => sum + entryBytes(value), 0));
					}
				}
			}
		}
	}
}

/** True when [clock, clock + len) of the client lies within deleted ranges. */
function coveredBy(deleted: DeleteSet, range: { client: number; clock: number; len: number }): boolean {
	const items = deleted.clients.get(range.client);
	if (!items) return range.len === 0;
	let clock = range.clock;
	const end = range.clock + range.len;
	// Ranges are sorted and merged: find the one that holds `clock` by binary search.
	let low = 0;
	let high = items.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		const item = items[mid] as { clock: number; len: number };
		if (item.clock + item.len <= clock) low = mid + 1;
		else if (item.clock > clock) high = mid - 1;
		else {
			clock = item.clock + item.len;
			return clock >= end;
		}
	}
	return false;
}

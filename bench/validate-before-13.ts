/**
 * The sync validator as it was before issue 13 (commit 3b04865), kept only as the bench's
 * reference for the cost of validation (bench/sync-validation.bench.ts). It is unsafe: it decides
 * from a second reading of the encoding. Nothing in Cuadra imports it.
 */
import * as Y from 'yjs';
import { isStaffOf, type Principal } from '../server/auth/principal.ts';
import { CloseCode } from '../src/lib/sync/protocol.ts';
import type { DocFacts, DocKind, Writer } from '../server/sync/kind.ts';

export type Verdict =
	| { ok: true; effect: boolean; newClients: number[] }
	| { ok: false; code: number; reason: string };

export interface ValidationInput {
	doc: Y.Doc;
	kind: DocKind;
	/** Facts from another room, when the kind takes them from there; otherwise read from this doc. */
	externalFacts?: DocFacts;
	bindings: ReadonlyMap<number, string>;
	principal: Principal;
	update: Uint8Array;
}

const refuse = (reason: string, code: number = CloseCode.refused): Verdict => ({ ok: false, code, reason });

type Struct = Y.Item | Y.GC | Y.Skip;
interface Placement {
	root: string;
	key: string | null;
}

/**
 * Decides whether an update may be applied, without applying it: it decodes the structs and the
 * delete set and checks them against the document's current state and the kind's rules.
 * Pure with respect to `doc` (nothing is changed). Malformed bytes give a 4400 verdict.
 */
export function validateUpdate(input: ValidationInput): Verdict {
	const { doc, kind, bindings, principal } = input;
	let decoded: { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
	try {
		decoded = Y.decodeUpdate(input.update) as unknown as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
	} catch {
		return refuse('the update could not be decoded', CloseCode.badMessage);
	}
	const userId = principal.userId;
	const store = doc.store;

	// 1. Which structs are new, and is every new struct's clientID the sender's?
	const byClient = new Map<number, Struct[]>();
	for (const s of decoded.structs) {
		if (!(s instanceof Y.Item || s instanceof Y.GC || s instanceof Y.Skip)) return refuse('unknown struct', CloseCode.badMessage);
		const list = byClient.get(s.id.client) ?? [];
		list.push(s);
		byClient.set(s.id.client, list);
	}
	const fresh: Struct[] = [];
	const newClients: number[] = [];
	for (const [client, list] of byClient) {
		list.sort((a, b) => a.id.clock - b.id.clock);
		let expected = Y.getState(store, client);
		const isNew: Struct[] = [];
		for (const s of list) {
			if (s.id.clock + s.length <= expected) continue; // already known: nothing new
			if (s instanceof Y.Skip) return refuse('the update has gaps (Skip structs)');
			if (s.id.clock > expected) return refuse(`the update depends on changes the server does not have (client ${client})`);
			expected = s.id.clock + s.length;
			isNew.push(s);
		}
		if (isNew.length === 0) continue;
		const owner = bindings.get(client);
		if (owner !== undefined && owner !== userId) return refuse(`Yjs clientID ${client} belongs to another user`, CloseCode.clientIdTaken);
		// An unbound clientID that already wrote here is the server's own: nobody may continue it.
		if (owner === undefined && Y.getState(store, client) > 0) return refuse(`Yjs clientID ${client} belongs to the server`, CloseCode.clientIdTaken);
		if (owner === undefined) newClients.push(client);
		fresh.push(...isNew);
	}

	// 2. Where does each new item go? Only root maps and arrays of the kind, plain JSON content.
	const freshById = new Map<number, Struct[]>();
	for (const s of fresh) freshById.set(s.id.client, [...(freshById.get(s.id.client) ?? []), s]);
	const findFresh = (id: Y.ID): Struct | undefined =>
		freshById.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
	const placementCache = new Map<Struct, Placement | null>();
	const placeOf = (item: Y.Item, depth = 0): Placement | null => {
		if (placementCache.has(item)) return placementCache.get(item) ?? null;
		let result: Placement | null = null;
		if (typeof item.parent === 'string') {
			result = { root: item.parent, key: item.parentSub };
		} else if (item.parent === null && item.origin && depth < 10_000) {
			const origin = findFresh(item.origin) ?? existing(store, item.origin);
			if (origin instanceof Y.Item) {
				if (origin.id.client === item.id.client && findFresh(item.origin)) result = placeOf(origin, depth + 1);
				else if (findFresh(item.origin)) result = placeOf(origin, depth + 1);
				else result = placeOfExisting(origin);
			}
		}
		placementCache.set(item, result);
		return result;
	};

	const mapWrites = new Map<string, Map<string, unknown>>();
	const arrayWrites: { root: string; value: unknown }[] = [];
	let effect = false;
	for (const s of fresh) {
		effect = true;
		if (!(s instanceof Y.Item)) continue; // GC: content already gone, nothing to check
		if (s.rightOrigin) return refuse('entries may only be appended at the end');
		if (s.parent !== null && typeof s.parent !== 'string') return refuse('nested Yjs types are not allowed');
		const place = placeOf(s);
		if (!place) return refuse('the update refers to an unknown position');
		const rule = kind.roots[place.root];
		if (!rule) return refuse(`"${place.root}" is not part of a ${kind.name} document`);
		if (s.content instanceof Y.ContentDeleted) continue; // written and deleted offline: no value
		if (!(s.content instanceof Y.ContentAny)) return refuse(`"${place.root}" holds plain JSON values only`);
		// Records are the server's (writeAsServer): no client adds or overwrites one.
		if (rule.type === 'record') return refuse(`only the server writes "${place.root}"`);
		if (rule.type === 'map') {
			if (place.key === null) return refuse(`"${place.root}" is a map`);
			if (s.origin) return refuse(`"${place.root}.${place.key}" can be set only once`);
			const existingValue = doc.share.get(place.root)?._map.get(place.key);
			const written = mapWrites.get(place.root) ?? new Map<string, unknown>();
			if (existingValue || written.has(place.key)) return refuse(`"${place.root}.${place.key}" can be set only once`);
			const values = s.content.getContent();
			if (values.length !== 1) return refuse('a map entry holds one value');
			written.set(place.key, values[0]);
			mapWrites.set(place.root, written);
		} else {
			if (place.key !== null) return refuse(`"${place.root}" is a list`);
			for (const value of s.content.getContent()) arrayWrites.push({ root: place.root, value });
		}
	}

	// 3. The facts the rules depend on: this update's values first, then the document's.
	const facts =
		input.externalFacts ??
		kind.facts((root, key) => (mapWrites.get(root)?.has(key) ? mapWrites.get(root)?.get(key) : readMap(doc, root, key)));
	const staff = facts.municipalityId !== null && isStaffOf(principal, facts.municipalityId);
	// 'server' fields are written by the server itself (writeAsServer), never through validation.
	const may = (writer: Writer) =>
		writer === 'anyone' ||
		((writer === 'creator' || writer === 'creator-or-staff') && facts.creator === userId) ||
		((writer === 'staff' || writer === 'creator-or-staff') && staff);

	for (const [root, writes] of mapWrites) {
		const rule = kind.roots[root];
		if (rule?.type !== 'map') continue;
		for (const [key, value] of writes) {
			const field = rule.fields[key];
			if (!field) return refuse(`"${root}.${key}" is not a field of a ${kind.name} document`);
			if (!may(field.writer)) return refuse(`you may not set "${root}.${key}"`);
			if (field.self && value !== userId) return refuse(`"${root}.${key}" must be your own user id`);
			const parsed = field.schema.safeParse(value);
			if (!parsed.success) return refuse(`"${root}.${key}" ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
		}
	}
	for (const { root, value } of arrayWrites) {
		const rule = kind.roots[root];
		if (rule?.type !== 'array') continue;
		if (!may(rule.writer)) return refuse(`you may not add to "${root}"`);
		const parsed = rule.entry.safeParse(value);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return refuse(`an entry of "${root}" is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
		}
		if (parsed.data[rule.authorField] !== userId) return refuse(`"${root}" entries must have your user id as ${rule.authorField}`);
	}

	// 4. Deletions: only of one's own entries where the rule allows it, or by a moderator.
	for (const [client, ranges] of decoded.ds.clients) {
		for (const range of ranges) {
			const verdict = checkDeletion(client, range.clock, range.len);
			if (verdict === 'effect') effect = true;
			else if (verdict !== 'none') return refuse(verdict);
		}
	}

	// Refuse updates that would turn a read into a write.
	if (effect) {
		const access = kind.access(principal, facts);
		if (access !== 'write') return refuse('you may only read this document');
	}
	return { ok: true, effect, newClients };

	function checkDeletion(client: number, clock: number, len: number): 'none' | 'effect' | string {
		const own = (bindings.get(client) ?? (newClients.includes(client) ? userId : undefined)) === userId;
		const end = clock + len;
		const known = Y.getState(store, client);
		let result: 'none' | 'effect' = 'none';
		if (clock < known) {
			const structs = store.clients.get(client) ?? [];
			let index = Y.findIndexSS(structs, clock);
			for (; index < structs.length; index++) {
				const s = structs[index] as Struct;
				if (s.id.clock >= end) break;
				if (!(s instanceof Y.Item) || s.deleted) continue;
				const place = placeOfExisting(s);
				const rule = place ? kind.roots[place.root] : undefined;
				if (!place || !rule) return 'the update deletes something outside the document';
				const policy = rule.type === 'array' ? rule.delete : 'never';
				const allowed = policy === 'own' ? own || staff : policy === 'moderator' ? staff : false;
				if (!allowed) return `you may not delete entries of "${place.root}"`;
				result = 'effect';
			}
		}
		// Deleting what the server never had: harmless for one's own fresh items, refused otherwise.
		if (end > known && !own) return 'the update deletes unknown entries of another user';
		return end > known ? 'effect' : result;
	}

	function placeOfExisting(item: Y.Item): Placement | null {
		const parent = item.parent;
		if (!(parent instanceof Y.AbstractType) || parent._item !== null) return null;
		try {
			return { root: Y.findRootTypeKey(parent), key: item.parentSub };
		} catch {
			return null;
		}
	}
}

function existing(store: Y.Doc['store'], id: Y.ID): Struct | undefined {
	if (id.clock >= Y.getState(store, id.client)) return undefined;
	try {
		return Y.getItem(store, id) as Struct;
	} catch {
		return undefined;
	}
}

function readMap(doc: Y.Doc, root: string, key: string): unknown {
	const item = doc.share.get(root)?._map.get(key);
	if (!item || item.deleted || !(item.content instanceof Y.ContentAny)) return undefined;
	return item.content.getContent()[0];
}

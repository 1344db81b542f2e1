import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.ts';
import { craftUpdate, type CraftStruct, type Id } from '../../../tests/support/yjs-craft.ts';
import { judgeUpdate } from '../../sync/judge.ts';
import { reportPrivateKind } from './report-private.ts';
import { reportKind } from './report.ts';
import type { DocKind } from '../../sync/kind.ts';
import { DocLedger } from '../../sync/ledger.ts';

/**
 * Property: whatever mix of honest edits and crafted updates (random origins, parents, keys,
 * deleted content, clientIDs of others or of the server, a client listed twice, random delete
 * ranges) arrives, (1) the server's copy equals a reference copy built only from what was accepted
 * (the judged bytes), and (2) no rule is broken in the result.
 */
const who = (userId: string, municipalityId: string, role: 'resident' | 'operator'): Principal => ({
	userId,
	kind: role === 'resident' ? 'resident' : 'staff',
	displayName: null,
	memberships: [{ municipalityId, role }],
	sessionHash: userId,
	expiresAt: Date.now() + 60_000
});
const actors = [who('ana', 'providencia', 'resident'), who('ben', 'providencia', 'resident'), who('olga', 'providencia', 'operator'), who('nina', 'las-condes', 'resident')];
const facts = { creator: 'ana', municipalityId: 'providencia' };
/** A report's public roots with the private half's set-once contact map: every rule in one kind. */
const kind: DocKind = { ...reportKind, roots: { ...reportKind.roots, contact: reportPrivateKind.roots.contact as DocKind['roots'][string] } };
const SERVER_CLIENT = 1;
const META = { municipality: 'providencia', description: 'Poste apagado', category: 'streetlight' };

type Op =
	| { type: 'push'; actor: number; root: 'messages' | 'events'; author: number; id: number; text: string }
	| { type: 'delete'; actor: number; root: 'messages' | 'events'; index: number }
	| { type: 'set'; actor: number; key: 'phone' | 'callMe'; value: unknown }
	/** A valid entry of one's own, placed after an entry that may not be the last (no right origin). */
	| { type: 'after'; actor: number; index: number; id: number; low: boolean }
	| {
			type: 'craft';
			actor: number;
			client: 'fresh' | 'own' | 'other' | 'server';
			twice: boolean;
			clockShift: number;
			structs: { origin: number | null; rightOrigin: number | null; parent: string; key: string | null; content: 'deleted' | 'entry' | 'junk'; author: number; id: number }[];
			deletes: { pick: number; len: number }[];
	  };

const actor = fc.integer({ min: 0, max: actors.length - 1 });
/** Mostly residents and staff who may write; the neighbour (read-only) now and then. */
const writer = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constant(3) });
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ type: fc.constant('push' as const), actor, root: fc.constantFrom('messages' as const, 'events' as const), author: actor, id: fc.integer({ min: 0, max: 6 }), text: fc.constantFrom('Hola', 'Hola', '¿Todo bien?', ' ', 'x'.repeat(1001)) }),
	fc.record({ type: fc.constant('delete' as const), actor, root: fc.constantFrom('messages' as const, 'events' as const), index: fc.nat(5) }),
	fc.record({ type: fc.constant('after' as const), actor: writer, index: fc.nat(8), id: fc.integer({ min: 0, max: 30 }), low: fc.boolean() }),
	// Mostly by Ana, the report's creator: the one who may set the contact fields, once.
	fc.record({ type: fc.constant('set' as const), actor: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: actor }), key: fc.constantFrom('phone' as const, 'callMe' as const), value: fc.constantFrom('+56 9 1234 5678', true, false, 'abc') }),
	fc.record({
		type: fc.constant('craft' as const),
		actor: writer,
		client: fc.constantFrom('fresh' as const, 'fresh' as const, 'own' as const, 'own' as const, 'other' as const, 'server' as const),
		twice: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
		clockShift: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }),
		structs: fc.array(
			fc.record({
				origin: fc.option(fc.nat(40), { nil: null }),
				rightOrigin: fc.option(fc.nat(40), { nil: null }),
				parent: fc.constantFrom('messages', 'messages', 'messages', 'events', 'meta', 'contact', 'other'),
				key: fc.option(fc.constantFrom('phone', 'callMe', 'municipality', 'description', 'x'), { nil: null }),
				content: fc.constantFrom('deleted' as const, 'entry' as const, 'entry' as const, 'entry' as const, 'junk' as const),
				// -1: the sender itself, most of the time.
				author: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: actor }),
				id: fc.integer({ min: 0, max: 6 })
			}),
			{ minLength: 1, maxLength: 4 }
		),
		deletes: fc.array(fc.record({ pick: fc.nat(40), len: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 })
	})
);

function setup() {
	const author = new Y.Doc();
	author.clientID = SERVER_CLIENT;
	author.transact(() => {
		for (const [key, value] of Object.entries(META)) author.getMap('meta').set(key, value);
	});
	const first = Y.encodeStateAsUpdate(author);
	const accepted: Uint8Array[] = [first];
	const reference = rebuild(accepted);
	let server = rebuild(accepted);
	const bindings = new Map<number, string>();
	// Honest clients count up from 1000; crafted ones down from 999, so that Yjs, which orders
	// concurrent items by clientID, places crafted items before honest ones.
	let nextClient = 1000;
	let nextLow = 999;
	return {
		accepted,
		reference,
		bindings,
		get server() {
			return server;
		},
		set server(doc: Y.Doc) {
			server = doc;
		},
		fresh: () => nextClient++,
		low: () => nextLow--
	};
}

function rebuild(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return doc;
}

/** Every struct id in the document, in a stable order, to pick origins and deletions from. */
function ids(doc: Y.Doc): Id[] {
	const out: Id[] = [];
	for (const [client, structs] of [...doc.store.clients].sort((a, b) => a[0] - b[0])) {
		for (const s of structs) for (let c = 0; c < s.length; c++) out.push([client, s.id.clock + c]);
	}
	return out;
}

/** The ids of a root's items, deleted ones included. */
function idsIn(doc: Y.Doc, root: string): Id[] {
	const out: Id[] = [];
	const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined;
	for (let item = type?._start ?? null; item; item = item.right) for (let c = 0; c < item.length; c++) out.push([item.id.client, item.id.clock + c]);
	for (const item of type?._map.values() ?? []) out.push([item.id.client, item.id.clock]);
	return out;
}

const entryOf = (author: number, id: number, text = 'Hola') => ({ id: `e${id}`, author: actors[author]?.userId, text, at: 1 });
/** A well-formed public event, signed as the municipality or as a person: only the server may add either. */
const eventOf = (author: number, id: number) => ({ id: `e${id}`, author: author % 2 === 0 ? 'municipality' : actors[author]?.userId, type: 'acknowledged', at: 1 });

function makeUpdate(world: ReturnType<typeof setup>, o: Op): Uint8Array {
	const server = world.server;
	const principal = actors[o.actor] as Principal;
	if (o.type === 'after') {
		const inList = idsIn(server, 'messages');
		const origin = inList.length ? (inList[o.index % inList.length] as Id) : null;
		return craftUpdate([{ client: o.low ? world.low() : world.fresh(), clock: 0, structs: [{ origin, parent: 'messages', any: [entryOf(o.actor, o.id)] }] }]);
	}
	if (o.type !== 'craft') {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		const own = [...world.bindings].find(([c, u]) => u === principal.userId && Y.getState(server.store, c) > 0);
		doc.clientID = own ? own[0] : world.fresh();
		const before = Y.encodeStateVector(doc);
		if (o.type === 'push') doc.getArray(o.root).push([o.root === 'events' ? eventOf(o.author, o.id) : entryOf(o.author, o.id, o.text)]);
		else if (o.type === 'delete') {
			const list = doc.getArray(o.root);
			if (list.length) list.delete(o.index % list.length, 1);
		} else doc.getMap('contact').set(o.key, o.value);
		return Y.encodeStateAsUpdate(doc, before);
	}
	const known = ids(server);
	const pick = (n: number | null): Id | null => (n === null || known.length === 0 ? null : (known[n % known.length] as Id));
	const others = [...world.bindings].filter(([, u]) => u !== principal.userId).map(([c]) => c);
	const mine = [...world.bindings].filter(([, u]) => u === principal.userId).map(([c]) => c);
	// Mostly the sender's own new or bound clientID.
	const client =
		o.client === 'server' ? SERVER_CLIENT : o.client === 'other' && others.length ? (others[0] as number) : o.client === 'own' && mine.length ? (mine[0] as number) : world.low();
	const clock = Math.max(0, Y.getState(server.store, client) + o.clockShift);
	// Origins mostly among the items of the struct's own root, so that positions in a list are tried.
	const pickIn = (root: string, n: number | null): Id | null => {
		const inRoot = idsIn(server, root);
		return n === null ? null : n % 4 !== 0 && inRoot.length ? (inRoot[n % inRoot.length] as Id) : pick(n);
	};
	const structs: CraftStruct[] = o.structs.map((s) => {
		const origin = pickIn(s.parent, s.origin);
		const rightOrigin = s.rightOrigin !== null && s.rightOrigin % 3 === 0 ? pickIn(s.parent, s.rightOrigin) : null;
		const by = s.author === -1 ? o.actor : s.author;
		const content = s.content === 'deleted' ? { deleted: 1 } : { any: [s.content === 'entry' ? (s.parent === 'events' ? eventOf(by, s.id) : entryOf(by, s.id)) : s.key === 'phone' ? '+56 2 2222 2222' : 42] };
		return { origin, rightOrigin, parent: s.parent, ...(s.key !== null && (s.parent === 'meta' || s.parent === 'contact') ? { key: s.key } : {}), ...content };
	});
	const deletes = o.deletes.flatMap((d) => {
		const id = pick(d.pick);
		return id ? [{ client: id[0], clock: id[1], len: d.len }] : [];
	});
	const sections = [{ client, clock, structs }];
	if (o.twice) sections.push({ client, clock, structs: structs.slice(0, 1) });
	return craftUpdate(sections, deletes);
}

/** The rules, read from the result alone. */
function checkRules(before: Y.Doc, after: Y.Doc, bindings: ReadonlyMap<number, string>): void {
	expect(after.getMap('meta').toJSON()).toEqual(META);
	expect([...after.share.keys()].every((root) => Object.hasOwn(kind.roots, root))).toBe(true);
	// Set once: a contact field, once set, keeps its value.
	for (const [key, value] of Object.entries(before.getMap('contact').toJSON())) expect(after.getMap('contact').get(key)).toEqual(value);
	for (const root of ['messages', 'events'] as const) {
		const beforeItems = items(before, root);
		const afterItems = items(after, root);
		const afterIds = new Set(afterItems.map((i) => i.key));
		// Nothing new lands before an entry that was there (the sender saw everything here).
		const firstNew = afterItems.findIndex((i) => !beforeItems.some((b) => b.key === i.key));
		if (firstNew >= 0) expect(afterItems.slice(firstNew).every((i) => !beforeItems.some((b) => b.key === i.key))).toBe(true);
		// Deletions: events never; messages by their author or staff (checked through the binding).
		if (root === 'events') expect(beforeItems.every((b) => afterIds.has(b.key))).toBe(true);
		// Events are the server's alone (none in this world): no client ever adds one, staff included.
		if (root === 'events') expect(afterItems).toHaveLength(0);
		// Entries: valid, written by their author, ids unique.
		const entryIds = afterItems.map((i) => (i.value as { id: string }).id);
		expect(new Set(entryIds).size).toBe(entryIds.length);
		for (const item of afterItems) {
			const rule = kind.roots[root];
			if (rule?.type !== 'array') throw new Error('array rule');
			expect(rule.entry.safeParse(item.value).success).toBe(true);
			const author = (item.value as { author: string }).author;
			expect(bindings.get(item.client)).toBe(author);
		}
	}
}

function items(doc: Y.Doc, root: string): { key: string; client: number; value: unknown }[] {
	const out: { key: string; client: number; value: unknown }[] = [];
	const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined;
	for (let item = type?._start ?? null; item; item = item.right) {
		if (item.deleted || !(item.content instanceof Y.ContentAny)) continue;
		item.content.getContent().forEach((value, i) => out.push({ key: `${item.id.client}:${item.id.clock + i}`, client: item.id.client, value }));
	}
	return out;
}

describe('judgeUpdate, property', () => {
	it('keeps the server’s copy equal to what it accepted, and every rule in the result', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
				const world = setup();
				for (const o of ops) {
					const update = makeUpdate(world, o);
					const before = rebuild(world.accepted);
					const principal = actors[o.actor] as Principal;
					const verdict = judgeUpdate({
						doc: world.server,
						kind,
						facts,
						bindings: world.bindings,
						principal,
						update,
						ledger: DocLedger.of(world.server, kind, world.bindings),
						seen: () => true,
						maxUserBytes: 1e6
					});
					if (verdict.ok) {
						for (const c of verdict.newClients) world.bindings.set(c, principal.userId);
						if (verdict.update) {
							world.accepted.push(verdict.update);
							Y.applyUpdate(world.reference, verdict.update);
						}
					} else if (verdict.dirty) {
						world.server = rebuild(world.accepted);
					}
					expect(world.server.store.pendingStructs).toBeNull();
					expect(Y.encodeStateVector(world.server)).toEqual(Y.encodeStateVector(world.reference));
					for (const root of ['meta', 'contact']) expect(world.server.getMap(root).toJSON()).toEqual(world.reference.getMap(root).toJSON());
					for (const root of ['messages', 'events']) expect(world.server.getArray(root).toJSON()).toEqual(world.reference.getArray(root).toJSON());
					checkRules(before, world.server, world.bindings);
				}
			}),
			{ numRuns: Number(process.env.CUADRA_PROPERTY_RUNS ?? 300) }
		);
	}, 120_000);
});

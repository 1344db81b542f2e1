import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.ts';
import { CloseCode } from '../../../src/lib/sync/protocol.ts';
import { reportKind } from './report.ts';
import { judgeUpdate, type Judgement } from '../../sync/judge.ts';
import { DocLedger } from '../../sync/ledger.ts';

const who = (userId: string, memberships: Principal['memberships'] = [{ municipalityId: 'providencia', role: 'resident' }]): Principal => ({
	userId,
	kind: 'resident',
	displayName: null,
	memberships,
	sessionHash: 'h',
	expiresAt: Date.now() + 60_000
});
const ana = who('ana');
const ben = who('ben');
const olga = who('olga', [{ municipalityId: 'providencia', role: 'operator' }]);
const neighbour = who('nina', [{ municipalityId: 'las-condes', role: 'resident' }]);

/**
 * A server document with the bindings it has accepted, and clients that edit copies of it. A
 * refusal that was applied to be judged leaves the copy dirty: the world then rebuilds it from
 * the updates it accepted, as DocHost reloads from the store.
 */
function world(options: { maxUserBytes?: number; seen?: (item: Y.Item) => boolean } = {}) {
	const accepted: Uint8Array[] = [];
	let server = new Y.Doc();
	server.clientID = 0;
	const bindings = new Map<number, string>();
	let nextId = 1;
	const judge = (principal: Principal, update: Uint8Array): Judgement => {
		const facts = reportKind.facts((r, k) => server.getMap(r).get(k));
		const verdict = judgeUpdate({
			doc: server,
			kind: reportKind,
			facts,
			bindings,
			principal,
			update,
			ledger: DocLedger.of(server, reportKind, bindings),
			seen: options.seen ?? (() => true),
			maxUserBytes: options.maxUserBytes ?? 1e6
		});
		if (verdict.ok) {
			for (const c of verdict.newClients) bindings.set(c, principal.userId);
			if (verdict.update) accepted.push(verdict.update);
		} else if (verdict.dirty) {
			server = new Y.Doc();
			for (const u of accepted) Y.applyUpdate(server, u);
		}
		return verdict;
	};
	const client = (principal: Principal) => {
		const doc = new Y.Doc();
		doc.clientID = nextId++;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		return {
			doc,
			/** Runs `edit`, sends the diff, applies it on the server when accepted. */
			send(edit: (doc: Y.Doc) => void) {
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
				const before = Y.encodeStateVector(server);
				edit(doc);
				return this.sendRaw(Y.encodeStateAsUpdate(doc, before));
			},
			sendRaw: (update: Uint8Array) => judge(principal, update)
		};
	};
	return {
		get server() {
			return server;
		},
		/** The server writes on its own account (accepted without judging). */
		serverWrite(edit: (doc: Y.Doc) => void) {
			server.on('update', capture);
			server.transact(() => edit(server));
			server.off('update', capture);
		},
		bindings,
		client,
		judge
	};
	function capture(update: Uint8Array) {
		accepted.push(update);
	}
}

/** The meta the server writes once the report is accepted (here straight into the server's copy). */
const createReport = (doc: Y.Doc) => {
	const meta = doc.getMap('meta');
	doc.transact(() => {
		meta.set('creator', 'p-1234');
		meta.set('municipality', 'providencia');
		meta.set('category', 'streetlight');
		meta.set('description', 'The streetlight at the corner is out.');
		meta.set('location', { lat: -33.43, lng: -70.61 });
		meta.set('practice', false);
		meta.set('createdAt', Date.now());
	});
};
const message = (author: string, text = 'Hola') => ({ id: `m${Math.random().toString(36).slice(2, 10)}`, author, text, at: Date.now() });

describe('validateUpdate (report documents)', () => {
	it('refuses every meta field from a client, the creator included: the server writes them', () => {
		const w = world();
		// Before the server wrote it, the report is not open for writing at all.
		expect(w.client(ana).send((d) => createReport(d))).toMatchObject({ ok: false, code: CloseCode.refused, reason: 'you may only read this document' });
		w.serverWrite(createReport);
		for (const [key, value] of [
			['coarse', true],
			['place', 'Mi casa'],
			['photos', []]
		] as const) {
			expect(w.client(ana).send((d) => d.getMap('meta').set(key, value))).toMatchObject({ ok: false, reason: `you may not set "meta.${key}"` });
		}
		expect(w.server.getMap('meta').has('place')).toBe(false);
	});

	it('refuses overwriting what the server wrote, even by staff', () => {
		const w = world();
		w.serverWrite(createReport);
		expect(w.client(ana).send((d) => d.getMap('meta').set('location', { lat: -33.4301, lng: -70.6101 }))).toMatchObject({ ok: false, code: CloseCode.refused });
		expect(w.client(olga).send((d) => d.getMap('meta').set('description', 'changed'))).toMatchObject({ ok: false, code: CloseCode.refused });
		expect(w.client(olga).send((d) => d.getMap('meta').delete('description'))).toMatchObject({ ok: false, code: CloseCode.refused });
		expect(w.server.getMap('meta').get('description')).toBe('The streetlight at the corner is out.');
	});

	it('opens a report the server has not received for reading only', () => {
		const w = world();
		expect(reportKind.access(ana, reportKind.facts((r, k) => w.server.getMap(r).get(k)))).toBe('read');
		expect(w.client(ana).send((d) => d.getArray('messages').push([message('ana')]))).toMatchObject({ ok: false, reason: expect.stringContaining('read') });
	});

	it('lets neighbours append messages in their own name only', () => {
		const w = world();
		w.serverWrite(createReport);
		expect(w.client(ben).send((d) => d.getArray('messages').push([message('ben')])).ok).toBe(true);
		expect(w.client(ben).send((d) => d.getArray('messages').push([message('ana')]))).toMatchObject({ ok: false, code: CloseCode.refused });
		expect(w.client(ben).send((d) => d.getArray('messages').push([{ author: 'ben', text: 'no id', at: 1 }]))).toMatchObject({ ok: false });
		expect(w.server.getArray('messages').length).toBe(1);
	});

	it('refuses inserting anywhere but the end of a list', () => {
		const w = world();
		w.serverWrite(createReport);
		w.client(ana).send((d) => d.getArray('messages').push([message('ana'), message('ana')]));
		expect(w.client(ben).send((d) => d.getArray('messages').insert(0, [message('ben')]))).toMatchObject({ ok: false, reason: expect.stringContaining('appended') });
	});

	it('keeps the public timeline the server’s: no client appends to events, staff included, nor signs as the municipality', () => {
		const w = world();
		w.serverWrite(createReport);
		const event = (author: string) => ({ id: 'e1', author, type: 'acknowledged', at: Date.now() });
		expect(w.client(ana).send((d) => d.getArray('events').push([event('municipality')]))).toMatchObject({ ok: false, reason: 'you may not add to "events"' });
		expect(w.client(olga).send((d) => d.getArray('events').push([event('municipality')]))).toMatchObject({ ok: false, reason: 'you may not add to "events"' });
		expect(w.client(olga).send((d) => d.getArray('events').push([event('olga')]))).toMatchObject({ ok: false });
		// A message signed by the municipality: the author must be the sender's own user id.
		expect(w.client(olga).send((d) => d.getArray('messages').push([{ id: 'm1', author: 'municipality', text: 'Vamos en camino', at: Date.now() }]))).toMatchObject({ ok: false });
		expect(w.client(ana).send((d) => d.getArray('messages').push([{ id: 'm2', author: 'municipality', text: 'Caso cerrado', at: Date.now() }]))).toMatchObject({ ok: false });
		// The server's own entries are accepted as written.
		w.serverWrite((d) => d.getArray('events').push([{ ...event('municipality'), state: 'acknowledged' }]));
		expect(w.server.getArray('events').length).toBe(1);
	});

	it('allows deleting one’s own messages only (staff hide others’ through moderation, with a reason); nobody deletes events', () => {
		const w = world();
		w.serverWrite(createReport);
		const b = w.client(ben);
		b.send((d) => d.getArray('messages').push([message('ben'), message('ben'), message('ben')]));
		expect(w.client(ana).send((d) => d.getArray('messages').delete(0, 1))).toMatchObject({ ok: false, reason: expect.stringContaining('delete') });
		expect(b.send((d) => d.getArray('messages').delete(0, 1)).ok).toBe(true);
		expect(w.client(olga).send((d) => d.getArray('messages').delete(0, 1))).toMatchObject({ ok: false, reason: expect.stringContaining('delete') });
		expect(b.send((d) => d.getArray('messages').delete(0, 1)).ok).toBe(true);
		expect(w.server.getArray('messages').length).toBe(1);
		w.serverWrite((d) => d.getArray('events').push([{ id: 'e', author: 'municipality', type: 'received', at: 1 }]));
		expect(w.client(olga).send((d) => d.getArray('events').delete(0, 1))).toMatchObject({ ok: false });
		expect(w.server.getArray('events').length).toBe(1);
	});

	it('refuses updates under another user’s clientID', () => {
		const w = world();
		w.serverWrite(createReport);
		const a = w.client(ana);
		a.send((d) => d.getArray('messages').push([message('ana')]));
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(w.server));
		// Yjs picks a new clientID when a remote update touches its own, so set it afterwards.
		forged.clientID = a.doc.clientID;
		const before = Y.encodeStateVector(w.server);
		forged.getArray('messages').push([message('ben')]);
		expect(w.client(ben).sendRaw(Y.encodeStateAsUpdate(forged, before))).toMatchObject({ ok: false, code: CloseCode.clientIdTaken });
	});

	it('gives neighbouring municipalities read access only', () => {
		const w = world();
		w.serverWrite(createReport);
		expect(reportKind.access(neighbour, reportKind.facts((r, k) => w.server.getMap(r).get(k)))).toBe('read');
		expect(w.client(neighbour).send((d) => d.getArray('messages').push([message('nina')]))).toMatchObject({ ok: false, reason: expect.stringContaining('read') });
		// An empty update (what a reader's client answers to the server's state vector) is fine.
		expect(w.client(neighbour).send(() => {})).toEqual({ ok: true, update: null, newClients: [] });
	});

	it('refuses nested types, text and unknown roots', () => {
		for (const edit of [
			(d: Y.Doc) => d.getArray('messages').push([new Y.Map()]),
			(d: Y.Doc) => d.getText('description').insert(0, 'hi'),
			(d: Y.Doc) => d.getArray('other').push([1])
		]) {
			expect(world().client(ana).send(edit)).toMatchObject({ ok: false, code: CloseCode.refused });
		}
	});

	it('calls garbage and truncated updates malformed', () => {
		const w = world();
		expect(w.client(ana).sendRaw(new Uint8Array([255, 255, 255, 255, 1, 2, 3]))).toMatchObject({ ok: false });
		const d = new Y.Doc();
		d.getArray('messages').push([message('ana')]);
		const update = Y.encodeStateAsUpdate(d);
		expect(w.client(ana).sendRaw(update.slice(0, update.length - 8))).toMatchObject({ ok: false, code: CloseCode.badMessage });
		expect(w.server.getArray('messages').length).toBe(0);
	});

	it('refuses updates that depend on history the server does not have', () => {
		const w = world();
		const d = new Y.Doc();
		d.clientID = 99;
		d.getArray('messages').push([message('ana')]);
		const sv = Y.encodeStateVector(d);
		d.getArray('messages').push([message('ana')]);
		expect(w.client(ana).sendRaw(Y.encodeStateAsUpdate(d, sv))).toMatchObject({ ok: false });
	});
});

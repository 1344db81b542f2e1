import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../auth/principal.ts';
import { CloseCode } from '../../../src/lib/sync/protocol.ts';
import { feedKind } from './feed.ts';
import type { DocKind } from '../../sync/kind.ts';
import { judgeUpdate } from '../../sync/judge.ts';
import { DocLedger } from '../../sync/ledger.ts';

const who = (userId: string, role: 'resident' | 'operator' | 'admin', municipalityId = 'providencia'): Principal => ({
	userId,
	kind: role === 'resident' ? 'resident' : 'staff',
	displayName: null,
	memberships: [{ municipalityId, role }],
	sessionHash: 'h',
	expiresAt: Date.now() + 60_000
});
const ana = who('ana', 'resident');
const olga = who('olga', 'operator');
const admin = who('adri', 'admin');
const facts = { creator: null, municipalityId: 'providencia' };
const entry = (status = 'received') => ['i-1', 'robbery', 'security', 'Robo', -70.61, -33.43, false, null, [], 1, 1, status, 1];

/** The server's copy, written by the server (no binding), and a client editing a copy of it. */
function world(kind: DocKind) {
	const fresh = () => {
		const doc = new Y.Doc();
		doc.clientID = 1;
		doc.transact(() => {
			doc.getMap('reports').set('r-1', entry());
			doc.getMap('closing').set('i-1', 'Done');
			doc.getMap('settings').set('staleAfterHours', 72);
		});
		return doc;
	};
	let server = fresh();
	const bindings = new Map<number, string>();
	let next = 1000;
	return (principal: Principal, edit: (doc: Y.Doc) => void) => {
		const doc = new Y.Doc();
		doc.clientID = next++;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		const before = Y.encodeStateVector(server);
		edit(doc);
		const update = Y.encodeStateAsUpdate(doc, before);
		const verdict = judgeUpdate({ doc: server, kind, facts, bindings, principal, update, ledger: DocLedger.of(server, kind, bindings), seen: () => true, maxUserBytes: 1e6 });
		// A refusal after applying leaves the copy dirty: start again from the server's own writes.
		if (!verdict.ok && verdict.dirty) server = fresh();
		return verdict;
	};
}

describe('feed:<municipality> documents (written by the server only)', () => {
	it('lets anyone signed in read, neighbours included, and nobody open an unknown municipality’s feed', () => {
		expect(feedKind.access(ana, facts)).toBe('read');
		expect(feedKind.access(olga, facts)).toBe('read');
		expect(feedKind.access(who('nina', 'resident', 'las-condes'), facts)).toBe('read');
		expect(feedKind.access(ana, { creator: null, municipalityId: null })).toBe('none');
	});

	it('refuses a resident adding a report, overwriting one, deleting one, or setting the settings', () => {
		const send = world(feedKind);
		for (const edit of [
			(d: Y.Doc) => d.getMap('reports').set('r-2', entry()),
			(d: Y.Doc) => d.getMap('reports').set('r-1', entry('closed')),
			(d: Y.Doc) => d.getMap('reports').delete('r-1'),
			(d: Y.Doc) => d.getMap('closing').set('i-1', 'Fake outcome'),
			(d: Y.Doc) => d.getMap('settings').set('coarseCategories', [])
		]) {
			expect(send(ana, edit)).toMatchObject({ ok: false, code: CloseCode.refused });
		}
	});

	it('refuses the municipality’s staff too: operators decide through the API, the server writes the feed', () => {
		const send = world(feedKind);
		expect(send(olga, (d) => d.getMap('reports').set('r-1', entry('closed')))).toMatchObject({ ok: false, code: CloseCode.refused });
		expect(send(admin, (d) => d.getMap('reports').delete('r-1'))).toMatchObject({ ok: false, code: CloseCode.refused });
	});

	it('the record rule refuses on its own, even where a kind would grant write access', () => {
		const send = world({ ...feedKind, access: () => 'write' });
		expect(send(ana, (d) => d.getMap('reports').set('r-2', entry()))).toMatchObject({ ok: false, code: CloseCode.refused, reason: 'only the server writes "reports"' });
		expect(send(ana, (d) => d.getMap('reports').set('r-1', entry('closed')))).toMatchObject({ ok: false, code: CloseCode.refused, reason: 'only the server writes "reports"' });
		expect(send(admin, (d) => d.getMap('reports').delete('r-1'))).toMatchObject({ ok: false, code: CloseCode.refused, reason: 'you may not delete entries of "reports"' });
		expect(send(olga, (d) => d.getMap('closing').delete('i-1'))).toMatchObject({ ok: false, reason: 'you may not delete entries of "closing"' });
		expect(send(ana, (d) => d.getMap('settings').set('coarseCategories', []))).toMatchObject({ ok: false, reason: 'you may not set "settings.coarseCategories"' });
		expect(send(ana, (d) => d.getArray('extra').push([{ a: 1 }]))).toMatchObject({ ok: false, reason: '"extra" is not part of a feed document' });
	});

	it('accepts an empty sync from a reader', () => {
		const send = world(feedKind);
		expect(send(ana, () => {})).toEqual({ ok: true, update: null, newClients: [] });
	});
});

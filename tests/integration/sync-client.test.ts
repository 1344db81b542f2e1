import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { SyncedDoc, type RefusedDraft } from '../../src/lib/sync/synced-doc.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, resident, until, WebSocket, wsUrl, type Account } from './sync-support.ts';

let server: TestServer;
const docs: SyncedDoc[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const d of docs) d.destroy();
	await server?.stop();
});

const roots = { meta: 'map', messages: 'array', events: 'array' } as const;
function open(room: string, who: Account, extra: Partial<ConstructorParameters<typeof SyncedDoc>[0]> = {}): SyncedDoc {
	const doc = new SyncedDoc({ serverUrl: wsUrl(server), room, roots, params: { token: who.token }, WebSocketPolyfill: WebSocket, ...extra });
	docs.push(doc);
	return doc;
}
const texts = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);

describe('the sync client (src/lib/sync)', () => {
	it('sends no presence in the feed, and its own in a thread', async () => {
		const ana = await resident(server);
		const feed = open('feed:providencia', ana, { roots: { reports: 'map', closing: 'map', settings: 'map' } });
		const thread = open(`report:${await postReport(server, ana)}`, ana);
		await Promise.all([feed.whenSynced(), thread.whenSynced()]);
		expect(feed.awareness.getLocalState()).toBeNull();
		expect(thread.awareness.getLocalState()).toEqual({});
	});

	it('keeps a refused change as a draft, resets the document, resyncs, and does not loop', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${await postReport(server, ana, { description: 'Semáforo apagado' })}`;
		const a = open(room, ana);
		await a.whenSynced();
		const refused: RefusedDraft[] = [];
		const replaced: Y.Doc[] = [];
		const b = open(room, ben, { onRefused: (d) => refused.push(d), onDoc: (d) => replaced.push(d) });
		await b.whenSynced();
		await until(() => b.doc.getMap('meta').get('description') === 'Semáforo apagado', 'ben to see the report');
		const before = b.doc;
		b.doc.getMap('meta').set('description', 'Ben’s rewrite');

		await until(() => replaced.length === 1 && b.status === 'synced', 'the reset and resync');
		expect(refused).toHaveLength(1);
		expect(refused[0]).toMatchObject({ room, code: CloseCode.refused, draft: { maps: { meta: { description: 'Ben’s rewrite' } }, arrays: {} } });
		expect(b.doc).not.toBe(before);
		expect(b.doc.getMap('meta').get('description')).toBe('Semáforo apagado');

		// After the reset Ben can go on with what is allowed, on the fresh document.
		b.doc.getArray('messages').push([{ id: 'b1', author: ben.userId, text: 'Sigue apagado', at: Date.now() }]);
		await until(() => texts(a.doc).includes('Sigue apagado'), 'ana to see ben’s message');
		expect(refused).toHaveLength(1);
		expect(a.doc.getMap('meta').get('description')).toBe('Semáforo apagado');
	});

	it('signs in again with the device secret when the session ends (4401) and carries on', async () => {
		const shortLived = await startServer({ env: { CUADRA_SESSION_TTL_SECONDS: '2' } });
		try {
			const room = `report:${await postReport(shortLived, await resident(shortLived))}`;
			/** A device that signs in again with its secret whenever the server says the session ended. */
			const device = async () => {
				const account = await resident(shortLived);
				const state = { signIns: 0, refused: [] as RefusedDraft[] };
				const doc = new SyncedDoc({
					serverUrl: wsUrl(shortLived),
					room,
					roots,
					params: { token: account.token },
					WebSocketPolyfill: WebSocket,
					onRefused: (draft) => state.refused.push(draft),
					reauthenticate: async () => {
						state.signIns++;
						return { token: (await resident(shortLived, 'providencia', account.secret)).token };
					}
				});
				docs.push(doc);
				return { doc, account, state };
			};
			const ana = await device();
			await ana.doc.whenSynced();
			await until(() => ana.state.signIns >= 1 && ana.doc.status === 'synced', 'a new sign-in after the session ended');
			ana.doc.doc.getArray('messages').push([{ id: 'a1', author: ana.account.userId, text: 'still me', at: Date.now() }]);
			const ben = await device();
			await until(() => texts(ben.doc.doc).includes('still me'), 'the message after re-authentication');
			// Nothing was refused on the way: the message went as ana's, after the new sign-in.
			expect(ana.state.refused).toEqual([]);
		} finally {
			await shortLived.stop();
		}
	});
});

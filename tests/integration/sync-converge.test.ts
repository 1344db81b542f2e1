import { randomUUID } from 'node:crypto';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { type Account, openProvider, postReport, RawClient, resident, serverWithProviders, until, wsUrl } from './sync-support.ts';

const { server, track } = serverWithProviders();

function connect(room: string, account: Account, doc = new Y.Doc()): WebsocketProvider {
	const provider = openProvider(wsUrl(server), room, account, doc);
	track(provider);
	return provider;
}
const synced = (p: WebsocketProvider) => until(() => p.synced, 'the provider to sync');
const texts = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);
const say = (doc: Y.Doc, who: Account, text: string) => doc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author: who.userId, text, at: Date.now() }]);

describe('two residents with y-websocket', () => {
	it('converge on a report and its chat, including after both were offline', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${randomUUID()}`;
		const a = connect(room, ana);
		const b = connect(room, ben);
		await Promise.all([synced(a), synced(b)]);
		// Both are on the report's room before it arrives; the server's meta reaches them live.
		await postReport(server, ana, { id: room.slice('report:'.length), category: 'abandoned_vehicle', description: 'Auto abandonado' });
		await until(() => b.doc.getMap('meta').get('description') === 'Auto abandonado', 'ben to see the report');
		say(b.doc, ben, '¿Sigue ahí?');
		await until(() => texts(a.doc).includes('¿Sigue ahí?'), 'ana to see ben’s message');

		// Both go offline and both write.
		a.disconnect();
		b.disconnect();
		say(a.doc, ana, 'Sí, sigue');
		say(b.doc, ben, 'Llamé al municipio');
		say(b.doc, ben, 'Vienen en camino');
		a.connect();
		b.connect();
		const expected = ['¿Sigue ahí?', 'Sí, sigue', 'Llamé al municipio', 'Vienen en camino'].sort();
		await until(() => texts(a.doc).length === 4 && texts(b.doc).length === 4, 'both to hold four messages');
		expect(texts(a.doc).sort()).toEqual(expected);
		expect(texts(a.doc)).toEqual(texts(b.doc));
		expect(a.wsconnected && b.wsconnected).toBe(true);

		// A third device that joins later gets the same document from the server alone.
		const carla = await resident(server);
		const late = await new RawClient(server, room, carla.token).ready();
		expect(texts(late.doc)).toEqual(texts(a.doc));
		late.close();
	});

	it('stamps awareness with the identity the server knows, whatever the client claims', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${await postReport(server, ana)}`;
		const a = connect(room, ana);
		const b = connect(room, ben);
		await Promise.all([synced(a), synced(b)]);
		a.awareness.setLocalState({ typing: true, user: { id: ben.userId, role: 'admin' } });
		const seen = await until(() => b.awareness.getStates().get(a.doc.clientID), 'ben to see ana’s presence');
		expect(seen).toEqual({ typing: true, user: { id: ana.userId, role: 'resident' } });
	});
});

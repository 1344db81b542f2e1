import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { type Account, openProvider, postReport, providenciaPoint, RawClient, resident, serverWithProviders, until, wsUrl } from './sync-support.ts';

const { server, track } = serverWithProviders();

function connect(room: string, account: Account): WebsocketProvider {
	const provider = openProvider(wsUrl(server), room, account);
	track(provider);
	return provider;
}
const texts = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);
const say = (doc: Y.Doc, who: Account, text: string) => doc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author: who.userId, text, at: Date.now() }]);

describe('reports delivered as report:<id> documents written by the server', () => {
	it('writes the public meta of a report posted over HTTP: coarse position for a home, server time, a pseudonym', async () => {
		const ana = await resident(server);
		const before = Date.now();
		const id = await postReport(server, ana, { category: 'home_burglary', description: 'Forzaron la puerta', consentToCall: true, phone: '+56 2 2345 6789' });
		const after = Date.now();
		const reader = await new RawClient(server, `report:${id}`, (await resident(server, 'las-condes')).token).ready();
		const meta = reader.doc.getMap('meta').toJSON();
		expect(meta).toMatchObject({ municipality: 'providencia', category: 'home_burglary', description: 'Forzaron la puerta', photos: [], practice: false, coarse: true });
		expect(meta.createdAt).toBeGreaterThanOrEqual(before - 1000);
		expect(meta.createdAt).toBeLessThanOrEqual(after + 1000);
		// Never the reporter's account, never the pin.
		expect(meta.creator).toMatch(/^r-/);
		expect(JSON.stringify(meta)).not.toContain(ana.userId);
		expect(meta.location).not.toEqual({ lat: providenciaPoint[1], lng: providenciaPoint[0] });
		expect(Math.abs(meta.location.lat - providenciaPoint[1])).toBeLessThan(0.01);
		// The same as the public feed shows.
		const feed = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string; point: [number, number] }[] };
		expect(feed.reports.find((r) => r.id === id)?.point).toEqual([meta.location.lng, meta.location.lat]);
		reader.close();

		// Audited with the server as author.
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare('select user_id, reason from sync_audit where doc = ? order by seq').all(`report:${id}`)).toEqual([{ user_id: 'server', reason: 'report accepted' }]);
		} finally {
			db.close();
		}
	});

	it('refuses the reporter overwriting meta.location (the exact pin), and nobody else sees it', async () => {
		const ana = await resident(server);
		const id = await postReport(server, ana, { category: 'home_burglary' });
		const observer = await new RawClient(server, `report:${id}`, (await resident(server)).token).ready();
		const coarse = observer.doc.getMap('meta').get('location');
		const creator = await new RawClient(server, `report:${id}`, ana.token).ready();
		creator.edit((doc) => doc.getMap('meta').set('location', { lat: providenciaPoint[1], lng: providenciaPoint[0] }));
		expect(await creator.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('meta.location') });
		// Nor may anyone fill a field the server left out (a report placed by a pin has no `place`).
		const filler = await new RawClient(server, `report:${id}`, ana.token).ready();
		filler.edit((doc) => doc.getMap('meta').set('place', 'Calle Falsa 123'));
		expect((await filler.waitClosed()).code).toBe(CloseCode.refused);
		const later = await new RawClient(server, `report:${id}`, ana.token).ready();
		expect(later.doc.getMap('meta').get('location')).toEqual(coarse);
		expect(later.doc.getMap('meta').has('place')).toBe(false);
		expect(observer.doc.getMap('meta').get('location')).toEqual(coarse);
	});

	it('converges two residents’ chat on a report, also after both were offline', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${await postReport(server, ana)}`;
		const a = connect(room, ana);
		const b = connect(room, ben);
		await until(() => a.synced && b.synced, 'both to sync');
		expect(b.doc.getMap('meta').get('description')).toBe('Poste apagado');
		say(a.doc, ana, 'Lo reporté recién');
		say(b.doc, ben, 'Yo también lo vi');
		await until(() => texts(a.doc).length === 2 && texts(b.doc).length === 2, 'both to hold two messages');
		a.disconnect();
		b.disconnect();
		say(a.doc, ana, 'Sigue apagado');
		say(b.doc, ben, 'Ya llamé');
		a.connect();
		b.connect();
		await until(() => texts(a.doc).length === 4 && texts(b.doc).length === 4, 'both to hold four messages');
		expect(texts(a.doc)).toEqual(texts(b.doc));
		expect([...texts(a.doc)].sort()).toEqual(['Lo reporté recién', 'Sigue apagado', 'Ya llamé', 'Yo también lo vi'].sort());
	});

	it('opens the chat of a report the server has not received for reading only', async () => {
		const ana = await resident(server);
		const early = await new RawClient(server, `report:${randomUUID()}`, ana.token).ready();
		early.edit((doc) => say(doc, ana, 'too early'));
		expect(await early.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('read') });
	});
});

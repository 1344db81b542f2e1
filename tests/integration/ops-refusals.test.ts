import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { call, eventsIn, messagesIn, sendReport, staffView } from './ops-support.ts';
import { RawClient, resident, serverWithProviders, staff, until } from './sync-support.ts';

const { server } = serverWithProviders();

/**
 * A resident's attempt at every staff action is refused, over HTTP (403) and over a raw sync client
 * (the socket is closed with `refused`), and nobody else sees any of it.
 */
describe('a resident cannot act as staff', () => {
	it('every console endpoint answers 403 to a resident of the same municipality (401 without a session), and nothing is recorded', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const a = await sendReport(server, ana);
		const b = await sendReport(server, ben, { location: { kind: 'point', point: [-70.604, -33.434], source: 'gps' } });
		const before = await staffView(server, olga, a.incidentId);
		const actions = [
			{ action: 'acknowledge', version: 1, message: 'Lo tomé yo' },
			{ action: 'call', version: 1, reached: true },
			{ action: 'dispatch', version: 1, unit: 'Móvil 1' },
			{ action: 'refer', version: 1, to: { name: 'Enel' }, message: 'Lo atiende Enel' },
			{ action: 'close', version: 1, outcome: 'resolved', message: 'Listo, cerrado' },
			{ action: 'reopen', version: 1, reason: 'Porque sí' },
			{ action: 'message', version: 1, message: 'Soy la municipalidad' },
			{ action: 'note', version: 1, text: 'Nota interna falsa' }
		];
		const attempts: [string, string, unknown][] = [
			['GET', `/api/ops/incidents/${a.incidentId}`, undefined],
			...actions.map((body): [string, string, unknown] => ['POST', `/api/ops/incidents/${a.incidentId}/actions`, body]),
			['POST', `/api/ops/incidents/${a.incidentId}/merge`, { into: b.incidentId, version: 1, reason: 'Es el mismo' }],
			['POST', `/api/ops/reports/${a.id}/split`, { version: 1, reason: 'Es otro' }]
		];
		for (const [method, path, body] of attempts) {
			const asResident = await call(server, ana, method as 'GET' | 'POST', path, body);
			expect(asResident.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(403);
			expect((await call(server, null, method as 'GET' | 'POST', path, body)).status).toBe(401);
		}
		// An operator of another municipality is refused too.
		const oscar = await staff(server, 'operator@las-condes');
		expect((await call(server, oscar, 'GET', `/api/ops/incidents/${a.incidentId}`)).status).toBe(403);
		expect((await call(server, oscar, 'POST', `/api/ops/incidents/${a.incidentId}/actions`, actions[4])).status).toBe(403);

		const after = await staffView(server, olga, a.incidentId);
		expect(after.incident).toEqual(before.incident);
		expect(after.timeline).toEqual(before.timeline);
		const thread = await new RawClient(server, `incident:${a.incidentId}`, ben.token).ready();
		expect(eventsIn(thread.doc).map((e) => e.type)).toEqual(['received', 'auto_answer']);
		expect(messagesIn(thread.doc)).toEqual([]);
		thread.close();
	});

	it('over raw sync: writing the timeline, a message signed as the municipality, or the feed is refused, and an observer sees none of it', async () => {
		const ana = await resident(server);
		const carla = await resident(server);
		const receipt = await sendReport(server, ana, { location: { kind: 'point', point: [-70.622, -33.428], source: 'gps' } });
		const room = `incident:${receipt.incidentId}`;
		const observer = await new RawClient(server, room, carla.token).ready();
		await until(() => eventsIn(observer.doc).length === 2, 'the server’s timeline');
		const feedObserver = await new RawClient(server, 'feed:providencia', carla.token).ready();
		await until(() => feedObserver.doc.getMap('reports').has(receipt.id), 'the report in the feed');
		const feedBefore = JSON.stringify(feedObserver.doc.toJSON());

		const attempts: { room: string; edit: (doc: import('yjs').Doc) => void; reason: RegExp }[] = [
			{ room, edit: (d) => d.getArray('events').push([{ id: 'e-forged', author: 'municipality', type: 'closed', outcome: 'resolved', text: 'Cerrado', at: Date.now() }]), reason: /events/ },
			{ room, edit: (d) => d.getArray('events').push([{ id: 'e-forged', author: ana.userId, type: 'acknowledged', at: Date.now() }]), reason: /events/ },
			{ room, edit: (d) => d.getArray('messages').push([{ id: 'm-forged', author: 'municipality', text: 'Un operador va en camino', at: Date.now() }]), reason: /author/ },
			{ room, edit: (d) => d.getArray('events').delete(0, 1), reason: /delete/ },
			{ room: 'feed:providencia', edit: (d) => d.getMap('reports').set(receipt.id, ['x']), reason: /reports|only read/ },
			{ room: 'feed:providencia', edit: (d) => d.getMap('closing').set(receipt.incidentId, 'Cerrado por un vecino'), reason: /closing|only read/ }
		];
		for (const attempt of attempts) {
			const forger = await new RawClient(server, attempt.room, ana.token).ready();
			forger.edit(attempt.edit);
			const closed = await forger.waitClosed();
			expect(closed.code).toBe(CloseCode.refused);
			expect(closed.reason).toMatch(attempt.reason);
		}
		// An honest message still goes through, and the observer sees only it.
		const honest = await new RawClient(server, room, ana.token).ready();
		const text = `honesto ${randomUUID()}`;
		honest.edit((d) => d.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text, at: Date.now() }]));
		await until(() => messagesIn(observer.doc).some((m) => m.text === text), 'the honest message');
		expect(messagesIn(observer.doc).map((m) => m.author)).toEqual([ana.userId]);
		expect(eventsIn(observer.doc).map((e) => e.type)).toEqual(['received', 'auto_answer']);
		expect(eventsIn(observer.doc).every((e) => e.author === 'municipality')).toBe(true);
		expect(JSON.stringify(feedObserver.doc.toJSON())).toBe(feedBefore);
		for (const c of [honest, observer, feedObserver]) c.close();
	});

	it('no user id is the municipality’s author: residents and staff get random ids', async () => {
		const accounts = [await resident(server), await staff(server, 'operator@providencia'), await staff(server, 'admin@providencia')];
		for (const account of accounts) {
			expect(account.userId).not.toBe('municipality');
			expect(account.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		}
	});
});

import { randomUUID } from 'node:crypto';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../src/lib/domain/feed-doc.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import type { StaffIncident } from '../../src/lib/ops/contract.ts';
import { act, call, eventsIn, messagesIn, sendReport, staffView } from './ops-support.ts';
import { openProvider, RawClient, resident, serverWithProviders, staff, until, wsUrl, type Account } from './sync-support.ts';

const { server, track } = serverWithProviders();

const open = (room: string, account: Account): WebsocketProvider => track(openProvider(wsUrl(server), room, account));
const feedEntry = (doc: Y.Doc, id: string) => readFeed(doc, 'providencia').find((r) => r.id === id);
/** Places in Providencia more than 300 m apart: reports there are not grouped with each other's. */
const spots: [number, number][] = [-33.428, -33.434].flatMap((lat) => [-70.622, -70.616, -70.61, -70.604].map((lng): [number, number] => [lng, lat]));
let spot = 0;
const nextSpot = () => spots[spot++ % spots.length] as [number, number];

describe('the lifecycle over HTTP, seen over sync', () => {
	it('a report gets the first answer; acknowledge, dispatch and close reach the reporter’s thread and a follower’s feed, signed by the municipality', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const feed = open('feed:providencia', ben);
		await until(() => feed.synced, 'Ben’s feed');

		const receipt = await sendReport(server, ana, { location: { kind: 'point', point: nextSpot(), source: 'gps' } });
		const thread = open(`incident:${receipt.incidentId}`, ana);
		// The automatic first answer, within seconds: the municipality's configured words, and its hours.
		const firstAnswer = await until(() => eventsIn(thread.doc).find((e) => e.type === 'auto_answer'), 'the automatic first answer', 3000);
		expect(firstAnswer).toMatchObject({ author: 'municipality', hours: '24/7', state: 'received', answer: { 'es-CL': 'Recibimos tu reporte. El equipo de seguridad de Providencia lo revisará.' } });
		expect(eventsIn(thread.doc).map((e) => e.type)).toEqual(['received', 'auto_answer']);

		expect((await act(server, olga, receipt.incidentId, { action: 'acknowledge', message: 'Un operador tomó tu reporte y te llamará.' })).status).toBe(200);
		await until(() => messagesIn(thread.doc).some((m) => m.author === 'municipality' && m.text === 'Un operador tomó tu reporte y te llamará.'), 'the first answer in the chat');
		await until(() => feedEntry(feed.doc, receipt.id)?.status === 'acknowledged', 'acknowledged in Ben’s feed');

		expect((await act(server, olga, receipt.incidentId, { action: 'dispatch', unit: 'Móvil 7', message: 'Va una patrulla.' })).status).toBe(200);
		await until(() => eventsIn(thread.doc).some((e) => e.type === 'dispatched' && e.text === 'Va una patrulla.'), 'dispatched in the thread');
		await until(() => feedEntry(feed.doc, receipt.id)?.status === 'in_progress', 'in progress in Ben’s feed');

		const closed = await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'resolved', message: 'La patrulla atendió; nadie herido.' });
		expect(closed.status).toBe(200);
		const view = (await closed.json()) as StaffIncident;
		expect(view.incident).toMatchObject({ state: 'closed', outcome: 'resolved', unit: 'Móvil 7', version: 4 });
		await until(() => eventsIn(thread.doc).some((e) => e.type === 'closed'), 'closed in the thread');
		expect(eventsIn(thread.doc).find((e) => e.type === 'closed')).toMatchObject({ author: 'municipality', outcome: 'resolved', text: 'La patrulla atendió; nadie herido.', state: 'closed' });
		await until(() => feedEntry(feed.doc, receipt.id)?.status === 'closed', 'closed in Ben’s feed');
		expect(feedEntry(feed.doc, receipt.id)?.closingMessage).toBe('La patrulla atendió; nadie herido.');
		expect(eventsIn(thread.doc).map((e) => e.type)).toEqual(['received', 'auto_answer', 'acknowledged', 'dispatched', 'closed']);

		// Staff read who decided, by name; the public documents never name them, nor the unit.
		expect(view.timeline.filter((e) => e.actor).map((e) => [e.type, e.actor?.name])).toEqual([
			['acknowledged', expect.any(String)],
			['dispatched', expect.any(String)],
			['closed', expect.any(String)]
		]);
		const name = view.timeline.find((e) => e.actor)?.actor?.name as string;
		for (const doc of [thread.doc, feed.doc]) {
			const text = JSON.stringify(doc.toJSON());
			expect(text).not.toContain(olga.userId);
			expect(text).not.toContain(name);
			expect(text).not.toContain('operator@providencia');
			expect(text).not.toContain('Móvil 7');
		}
	});

	it('a decision made on a stale view is refused with 409 and a clear message; nothing changes', async () => {
		const ana = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const adam = await staff(server, 'admin@providencia');
		const receipt = await sendReport(server, ana, { location: { kind: 'point', point: nextSpot(), source: 'gps' } });
		const seenByAdam = await staffView(server, adam, receipt.incidentId);
		expect((await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'nothing_found', message: 'No encontramos nada.' })).status).toBe(200);
		const late = await call(server, adam, 'POST', `/api/ops/incidents/${receipt.incidentId}/actions`, { action: 'close', version: seenByAdam.incident.version, outcome: 'resolved', message: 'Resuelto.' });
		expect(late.status).toBe(409);
		expect(await late.json()).toEqual({ error: { code: 'stale', message: 'Another operator changed this incident meanwhile (it is now closed). Look at it again before deciding.' } });
		const now = await staffView(server, adam, receipt.incidentId);
		expect(now.incident).toMatchObject({ outcome: 'nothing_found', version: 2 });
		expect(now.timeline.filter((e) => e.type === 'closed')).toHaveLength(1);
		// On a fresh view, the state's own refusal.
		const notAllowed = await call(server, adam, 'POST', `/api/ops/incidents/${receipt.incidentId}/actions`, { action: 'dispatch', version: 2, unit: 'Móvil 1' });
		expect(notAllowed.status).toBe(422);
		expect(await notAllowed.json()).toEqual({ error: { code: 'not_allowed', message: 'This incident is closed: reopen it first.' } });
	});

	it('a merge moves the reports, the reporters and the conversation; the old thread says where it went and becomes read-only; a referral names who handles it now', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const a = await sendReport(server, ana, { location: { kind: 'point', point: nextSpot(), source: 'gps' } });
		const b = await sendReport(server, ben, { location: { kind: 'point', point: nextSpot(), source: 'gps' } });
		expect(a.incidentId).not.toBe(b.incidentId);
		const oldThread = open(`incident:${a.incidentId}`, ana);
		await until(() => oldThread.synced, 'Ana’s thread');
		const said = { id: `m-${randomUUID()}`, author: ana.userId, text: 'Se llevaron mi bolso', at: Date.now() };
		oldThread.doc.getArray('messages').push([said]);
		// Saved before the merge reads it: a second reader sees it.
		const check = await new RawClient(server, `incident:${a.incidentId}`, ben.token).ready();
		await until(() => messagesIn(check.doc).some((m) => m.id === said.id), 'Ana’s message saved');
		check.close();

		const { incident: seen } = await staffView(server, olga, a.incidentId);
		const merged = await call(server, olga, 'POST', `/api/ops/incidents/${a.incidentId}/merge`, { into: b.incidentId, version: seen.version, reason: 'El mismo robo' });
		expect(merged.status).toBe(200);
		const into = (await merged.json()) as StaffIncident;
		expect(into.incident.id).toBe(b.incidentId);
		expect(into.reports.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
		expect(into.timeline.find((e) => e.type === 'merged_in')).toMatchObject({ data: expect.objectContaining({ from: a.incidentId }), reason: 'El mismo robo' });
		expect((await staffView(server, olga, a.incidentId)).incident).toMatchObject({ state: 'closed', outcome: 'duplicate', mergedInto: b.incidentId });

		// The old thread says where the conversation went, and Ana may only read it now.
		await until(() => eventsIn(oldThread.doc).find((e) => e.type === 'merged' && e.into === b.incidentId), 'the merged event in the old thread');
		const stale = await new RawClient(server, `incident:${a.incidentId}`, ana.token).ready();
		stale.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text: '¿Hola?', at: Date.now() }]));
		expect((await stale.waitClosed()).code).toBe(CloseCode.refused);

		// The new thread holds Ana's message (same id, author, time) and the merged_in event; Ana writes there.
		const newThread = await new RawClient(server, `incident:${b.incidentId}`, ana.token).ready();
		await until(() => messagesIn(newThread.doc).find((m) => m.id === said.id), 'Ana’s message in the new thread');
		expect(messagesIn(newThread.doc).find((m) => m.id === said.id)).toEqual(said);
		expect(eventsIn(newThread.doc).find((e) => e.type === 'merged_in')).toMatchObject({ from: a.incidentId, author: 'municipality' });
		newThread.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text: 'Sigo aquí', at: Date.now() }]));
		await until(() => newThread.acknowledged(), 'Ana’s message in the new thread saved');
		expect(newThread.closed).toBeNull();
		newThread.close();

		// A referral: the public reads who handles it now.
		const feed = open('feed:providencia', ben);
		const to = { name: 'Enel Distribución', phone: '600 696 0000' };
		expect((await act(server, olga, b.incidentId, { action: 'refer', to, message: 'Lo atiende Enel: llama al 600 696 0000.' })).status).toBe(200);
		const thread = await new RawClient(server, `incident:${b.incidentId}`, ben.token).ready();
		await until(() => eventsIn(thread.doc).find((e) => e.type === 'referred'), 'the referral in the thread');
		expect(eventsIn(thread.doc).find((e) => e.type === 'referred')).toMatchObject({ referredTo: to, text: 'Lo atiende Enel: llama al 600 696 0000.', state: 'referred' });
		await until(() => feedEntry(feed.doc, a.id)?.status === 'referred' && feedEntry(feed.doc, a.id)?.incidentId === b.incidentId, 'the moved report, referred, in the feed');
		thread.close();
	});

	it('after closing, a resident only reads the thread, also on a socket opened before; staff still write; the reporter may ask once to reopen', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const receipt = await sendReport(server, ana, { location: { kind: 'point', point: nextSpot(), source: 'gps' } });
		const room = `incident:${receipt.incidentId}`;
		const before = await new RawClient(server, room, ana.token).ready();
		expect((await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'resolved', message: 'Resuelto.' })).status).toBe(200);
		before.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text: 'Gracias', at: Date.now() }]));
		expect(await before.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('only read') });
		const after = await new RawClient(server, room, ana.token).ready();
		after.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text: '¿Hola?', at: Date.now() }]));
		expect((await after.waitClosed()).code).toBe(CloseCode.refused);
		const staffSocket = await new RawClient(server, room, olga.token).ready();
		staffSocket.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: olga.userId, text: 'Nota final', at: Date.now() }]));
		await until(() => staffSocket.acknowledged(), 'the staff message saved');
		staffSocket.close();

		expect((await call(server, ben, 'POST', `/api/reports/${receipt.id}/reopen-request`, { reason: 'Sigue pasando' })).status).toBe(403);
		expect((await call(server, ana, 'POST', `/api/reports/${receipt.id}/reopen-request`, { reason: 'Sigue pasando' })).status).toBe(202);
		const twice = await call(server, ana, 'POST', `/api/reports/${receipt.id}/reopen-request`, { reason: 'Otra vez' });
		expect(twice.status).toBe(409);
		expect(((await twice.json()) as { error: { code: string } }).error.code).toBe('already_requested');
		const view = await staffView(server, olga, receipt.incidentId);
		expect(view.timeline.at(-1)).toMatchObject({ type: 'reopen_requested', visibility: 'staff', reason: 'Sigue pasando', actor: null });
		// Reopened: Ana writes again.
		expect((await act(server, olga, receipt.incidentId, { action: 'reopen', reason: 'La vecina dice que sigue pasando' })).status).toBe(200);
		const reopened = await new RawClient(server, room, ana.token).ready();
		reopened.edit((doc) => doc.getArray('messages').push([{ id: `m-${randomUUID()}`, author: ana.userId, text: 'Sigue ahí', at: Date.now() }]));
		await until(() => reopened.acknowledged(), 'Ana’s message after reopening');
		expect(reopened.closed).toBeNull();
		reopened.close();
	});
});

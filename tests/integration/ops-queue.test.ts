import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { OpsQueue, PanicStatus, QueueIncident, QueuePanic } from '../../src/lib/ops/contract.ts';
import { openConsoleStream } from './ops-support.ts';
import { call, errorCode } from './staff-support.ts';
import { type Account, openProvider, postReport, providenciaPoint, resident, serverWithProviders, staff, until, upgradeStatus, wsUrl } from './sync-support.ts';

const { server, track } = serverWithProviders();
const store = () => new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
const queueOf = async (account: Account, municipality = 'providencia') => (await (await call(server, account.token, 'GET', `/api/ops/queue?municipality=${municipality}`)).json()) as OpsQueue;
const raisePanic = async (sender: Account | null, id = randomUUID()) => {
	const response = await call(server, sender?.token ?? null, 'POST', '/api/panic', { id, claimedAt: new Date().toISOString(), location: { latitude: providenciaPoint[1], longitude: providenciaPoint[0], accuracy: 12 }, homeMunicipalityId: null });
	expect(response.status).toBe(201);
	return id;
};

describe('the operators\u2019 queue', () => {
	it("shows Providencia's staff its incidents and panic alerts, panics first, then security, then by age; refuses Las Condes staff and residents", async () => {
		const operator = await staff(server, 'operator@providencia');
		const ana = await resident(server);
		const light = await postReport(server, ana, { category: 'streetlight_out', location: { kind: 'point', point: [-70.6128, -33.4205], source: 'map' } });
		const robbery = await postReport(server, ana, { category: 'robbery', description: 'Robo de cartera', location: { kind: 'point', point: [-70.6128, -33.4165], source: 'gps' } });
		const panic = await raisePanic(ana);

		const response = await call(server, operator.token, 'GET', '/api/ops/queue?municipality=providencia');
		expect(response.status).toBe(200);
		const queue = (await response.json()) as OpsQueue;
		const ids = queue.incidents.map((i) => i.id);
		const incidentOf = async (reportId: string) => (store().prepare('select incident_id from report where id = ?').get(reportId) as { incident_id: string }).incident_id;
		const robberyIncident = await incidentOf(robbery);
		const lightIncident = await incidentOf(light);
		// Security before neighbourhood, whatever came first; panics in their own list, above them all.
		expect(ids.indexOf(robberyIncident)).toBeLessThan(ids.indexOf(lightIncident));
		expect(queue.panics[0]).toMatchObject({ id: panic, status: 'open', version: 1, fromSignedInResident: true, location: { latitude: providenciaPoint[1], longitude: providenciaPoint[0] } });
		const shown = queue.incidents.find((i) => i.id === robberyIncident) as QueueIncident;
		expect(shown).toMatchObject({ state: 'received', group: 'security', category: 'robbery', description: 'Robo de cartera', point: [-70.6128, -33.4165], reportCount: 1, channels: ['app'] });
		expect(queue.counts.received).toBeGreaterThanOrEqual(2);
		// Staff see exact pins, never who reported.
		expect(JSON.stringify(queue)).not.toContain(ana.userId);

		const lasCondes = await staff(server, 'operator@las-condes');
		expect(await errorCode(await call(server, lasCondes.token, 'GET', '/api/ops/queue?municipality=providencia'))).toBe('forbidden');
		expect((await call(server, ana.token, 'GET', '/api/ops/queue?municipality=providencia')).status).toBe(403);
		expect((await call(server, null, 'GET', '/api/ops/queue?municipality=providencia')).status).toBe(401);
		expect((await openConsoleStream(server, lasCondes.token)).status).toBe(403);
		expect((await openConsoleStream(server, ana.token)).status).toBe(403);
	});

	it("streams a resident's new report to Providencia's open consoles, and to no other municipality's; ends when the session is revoked", async () => {
		const operator = await staff(server, 'operator@providencia');
		const lasCondes = await staff(server, 'operator@las-condes');
		const opsConsole = await openConsoleStream(server, operator.token);
		const elsewhere = await openConsoleStream(server, lasCondes.token, 'las-condes');
		expect(opsConsole.status).toBe(200);
		const ben = await resident(server);
		await postReport(server, ben, { category: 'commotion', description: 'Música muy fuerte', location: { kind: 'point', point: [-70.6128, -33.4305], source: 'map' } });
		const arrived = await opsConsole.next((e) => e.event === 'incident' && (e.data as QueueIncident).description === 'Música muy fuerte', 'the new report on the console');
		expect(arrived.data).toMatchObject({ municipality: 'providencia', state: 'received', category: 'commotion', reportCount: 1, point: [-70.6128, -33.4305] });
		expect(arrived.id).toBe((arrived.data as QueueIncident).id);
		// A panic alert reaches it as one, too.
		const panic = await raisePanic(ben);
		await opsConsole.next((e) => e.event === 'panic' && (e.data as QueuePanic).id === panic, 'the panic alert on the console');
		expect(elsewhere.events.filter((e) => e.event !== 'ping')).toEqual([]);
		expect(JSON.stringify(opsConsole.events)).not.toContain(ben.userId);

		// Signing out ends the console's stream.
		expect((await call(server, operator.token, 'POST', '/api/auth/sign-out', {})).status).toBeLessThan(300);
		await opsConsole.ended;
		elsewhere.close();
	});

	it("enters a report phoned in: the channel counts, the caller's number stays private, the operator is in the staff timeline only", async () => {
		const operator = await staff(server, 'operator@providencia');
		const opsConsole = await openConsoleStream(server, operator.token);
		const id = randomUUID();
		const body = { id, municipality: 'providencia', channel: 'phone', category: 'dumped_rubbish', description: 'Llamó una vecina: escombros en la vereda', location: { kind: 'place', text: 'Pasaje Las Acacias 123', municipality: 'providencia' }, callerPhone: '+56 9 5555 1234' };
		const entered = await call(server, operator.token, 'POST', '/api/ops/reports', body);
		expect(entered.status).toBe(201);
		const { reportId, incidentId } = (await entered.json()) as { reportId: string; incidentId: string };
		expect(reportId).toBe(id);
		const live = await opsConsole.next((e) => e.event === 'incident' && (e.data as QueueIncident).id === incidentId, 'the entered report on the console');
		expect(live.data).toMatchObject({ channels: ['phone'], place: 'Pasaje Las Acacias 123', point: null });
		opsConsole.close();

		const db = store();
		try {
			expect(db.prepare('select channel from report where id = ?').get(id)).toEqual({ channel: 'phone' });
			expect(db.prepare('select reporter_id, phone, consent_to_call from report_private where report_id = ?').get(id)).toEqual({ reporter_id: null, phone: '+56 9 5555 1234', consent_to_call: 1 });
			expect(db.prepare('select type, actor_id, visibility from incident_event where incident_id = ? and type = ?').get(incidentId, 'entered')).toEqual({ type: 'entered', actor_id: operator.userId, visibility: 'staff' });
		} finally {
			db.close();
		}
		// The public feed has the report, and neither the number nor who entered it.
		const feed = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		expect(feed).toContain('escombros en la vereda');
		expect(feed).not.toContain('5555');
		expect(feed).not.toContain(operator.userId);
		// A resident cannot enter one; a Las Condes operator cannot enter one for Providencia; nor one whose place is elsewhere.
		const ana = await resident(server);
		expect((await call(server, ana.token, 'POST', '/api/ops/reports', { ...body, id: randomUUID() })).status).toBe(403);
		const lasCondes = await staff(server, 'operator@las-condes');
		expect((await call(server, lasCondes.token, 'POST', '/api/ops/reports', { ...body, id: randomUUID() })).status).toBe(403);
		expect(await errorCode(await call(server, operator.token, 'POST', '/api/ops/reports', { ...body, id: randomUUID(), location: { kind: 'place', text: 'Apoquindo 3000', municipality: 'las-condes' } }))).toBe('other_municipality');
		expect(await errorCode(await call(server, operator.token, 'POST', '/api/ops/reports', { ...body, id: randomUUID(), channel: 'app' }))).toBe('invalid_report');
	});

	it("keeps a resident's number only when they may be called, and asks for it then", async () => {
		const ana = await resident(server);
		const refused = await call(server, ana.token, 'POST', '/api/reports', { id: randomUUID(), category: 'robbery', description: 'x', location: { kind: 'point', point: providenciaPoint, source: 'gps' }, consentToCall: true, reportedAt: new Date().toISOString() });
		expect(refused.status).toBe(400);
		expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/phone: Give a phone number/);
		const called = await postReport(server, ana, { consentToCall: true, phone: '+56 9 4444 0000' });
		const quiet = await postReport(server, ana, { consentToCall: false, phone: '+56 9 4444 1111', location: { kind: 'point', point: [-70.6128, -33.4285], source: 'map' } });
		const db = store();
		try {
			expect(db.prepare('select phone from report_private where report_id = ?').get(called)).toEqual({ phone: '+56 9 4444 0000' });
			expect(db.prepare('select phone from report_private where report_id = ?').get(quiet)).toEqual({ phone: null });
		} finally {
			db.close();
		}
	});

	it("works a panic alert: acknowledge, dispatch, close, refusing a stale view; the sender's status tells each step", async () => {
		const operator = await staff(server, 'operator@providencia');
		const admin = await staff(server, 'admin@providencia');
		const sender = await resident(server);
		const id = await raisePanic(sender);
		const status = async (who: Account | null = sender) => (await call(server, who?.token ?? null, 'GET', `/api/panic/${id}/status`)).json() as Promise<PanicStatus>;
		const act = (who: Account, body: unknown) => call(server, who.token, 'POST', `/api/ops/panics/${id}/actions`, body);
		expect(await status()).toMatchObject({ id, status: 'open', acknowledgedAt: null, dispatchedAt: null, closedAt: null });

		const opsConsole = await openConsoleStream(server, admin.token);
		const seen = await act(operator, { action: 'acknowledge', version: 1 });
		expect(seen.status).toBe(200);
		expect(await seen.json()).toMatchObject({ id, status: 'acknowledged', version: 2 });
		await opsConsole.next((e) => e.event === 'panic' && (e.data as QueuePanic).status === 'acknowledged', 'the acknowledgement on another console');
		expect(await status()).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String), dispatchedAt: null });

		// The admin, on a view from before the acknowledgement, is refused.
		const stale = await act(admin, { action: 'dispatch', version: 1, unit: 'Móvil 4' });
		expect(stale.status).toBe(409);
		expect(await errorCode(stale)).toBe('stale');
		expect(await errorCode(await act(admin, { action: 'acknowledge', version: 2 }))).toBe('not_allowed');
		expect((await act(admin, { action: 'dispatch', version: 2, unit: 'Móvil 4' })).status).toBe(200);
		expect(await status()).toMatchObject({ status: 'dispatched', dispatchedAt: expect.any(String), closedAt: null });
		const dispatched = (await queueOf(operator)).panics.find((p) => p.id === id);
		expect(dispatched).toMatchObject({ status: 'dispatched', version: 3, unit: 'Móvil 4' });

		expect((await act(operator, { action: 'close', version: 3, note: 'Vecino atendido en su casa' })).status).toBe(200);
		const closed = await status();
		expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
		// The sender is never told who, which unit, the note, nor where.
		expect(Object.keys(closed).sort()).toEqual(['acknowledgedAt', 'closedAt', 'dispatchedAt', 'id', 'receivedAt', 'status']);
		// Nobody else learns anything of a signed-in sender's alert.
		expect((await call(server, (await resident(server)).token, 'GET', `/api/panic/${id}/status`)).status).toBe(404);
		expect((await call(server, null, 'GET', `/api/panic/${id}/status`)).status).toBe(404);
		// An alert sent with no session: its id is the key.
		const anonymous = await raisePanic(null);
		expect(await (await call(server, null, 'GET', `/api/panic/${anonymous}/status`)).json()).toMatchObject({ id: anonymous, status: 'open' });
		// Its page in the console reads it alone, closed too; nobody but Providencia's staff can.
		const one = await call(server, admin.token, 'GET', `/api/ops/panics/${id}`);
		expect(one.status).toBe(200);
		expect(await one.json()).toMatchObject({ id, municipality: 'providencia', status: 'closed', version: 4, unit: 'Móvil 4' });
		expect((await call(server, sender.token, 'GET', `/api/ops/panics/${id}`)).status).toBe(403);
		expect((await call(server, (await staff(server, 'operator@las-condes')).token, 'GET', `/api/ops/panics/${id}`)).status).toBe(403);
		expect((await call(server, null, 'GET', `/api/ops/panics/${id}`)).status).toBe(401);
		expect(await errorCode(await call(server, admin.token, 'GET', `/api/ops/panics/${randomUUID()}`))).toBe('not_found');
		// Residents and other municipalities' staff cannot act.
		expect((await call(server, sender.token, 'POST', `/api/ops/panics/${anonymous}/actions`, { action: 'acknowledge', version: 1 })).status).toBe(403);
		expect((await call(server, (await staff(server, 'operator@las-condes')).token, 'POST', `/api/ops/panics/${anonymous}/actions`, { action: 'acknowledge', version: 1 })).status).toBe(403);
		const db = store();
		try {
			expect(db.prepare('select type, actor_id, note from panic_event where alert_id = ? order by at').all(id)).toEqual([
				{ type: 'acknowledged', actor_id: operator.userId, note: null },
				{ type: 'dispatched', actor_id: admin.userId, note: null },
				{ type: 'closed', actor_id: operator.userId, note: 'Vecino atendido en su casa' }
			]);
		} finally {
			db.close();
		}
		opsConsole.close();
	});

	it("relays one staff member's viewing to another in ops:<municipality>, with the name the server knows; refuses residents", async () => {
		const rosa = await staff(server, 'admin@providencia');
		const pedro = await staff(server, 'operator@providencia');
		expect((await call(server, rosa.token, 'PUT', '/api/auth/me', { displayName: 'Rosa Díaz' })).status).toBe(200);
		const ana = await resident(server);
		expect(await upgradeStatus(server, 'ops:providencia', { cookie: `cuadra_session=${encodeURIComponent(ana.token)}` })).toBe(403);
		expect(await upgradeStatus(server, 'ops:providencia', { cookie: `cuadra_session=${encodeURIComponent((await staff(server, 'operator@las-condes')).token)}` })).toBe(403);

		const a = track(openProvider(wsUrl(server), 'ops:providencia', rosa));
		const b = track(openProvider(wsUrl(server), 'ops:providencia', pedro));
		await until(() => a.synced && b.synced, 'both consoles in the room');
		a.awareness.setLocalState({ viewing: 'incident-42', user: { id: pedro.userId, name: 'Jefa' } });
		const seen = await until(() => b.awareness.getStates().get(a.doc.clientID), 'pedro to see rosa’s presence');
		expect(seen).toEqual({ viewing: 'incident-42', user: { id: rosa.userId, role: 'admin', name: 'Rosa Díaz' } });
	});
});

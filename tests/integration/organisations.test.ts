import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { call, errorCode, signedIn, signIn } from './staff-support.ts';
import { seededPassword, serverWithProviders, staff, upgradeStatus, type Account } from './sync-support.ts';

const { server } = serverWithProviders();
const store = () => new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
const onBehalf = (over: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	municipality: 'providencia',
	channel: 'phone',
	category: 'dumped_rubbish',
	description: 'La junta avisa: escombros en la vereda',
	location: { kind: 'place', text: 'Pasaje Las Acacias 123', municipality: 'providencia' },
	callerPhone: '+56 9 5555 9876',
	...over
});

async function addOrganisation(admin: Account, username: string, displayName: string) {
	const added = await call(server, admin.token, 'POST', '/api/staff', { username, municipalityId: 'providencia', role: 'organisation', displayName });
	expect(added.status).toBe(201);
	return (await added.json()) as { member: { id: string; role: string; displayName: string }; password: string };
}

/**
 * A neighbourhood organisation's account (issue 17, item 3): it signs in to the console, enters
 * reports on a resident's behalf (channel `organisation`), and is refused everything else an
 * operator does; its reports count by channel and by account for the admins.
 */
describe("a neighbourhood organisation's account", () => {
	it('files reports on a resident’s behalf through the organisation channel, counted by account for the admins', async () => {
		const rosa = await signedIn(server, 'admin@providencia', seededPassword(server, 'admin@providencia'));
		const { member, password } = await addOrganisation(rosa, 'junta12@providencia', 'Junta de Vecinos 12');
		expect(member).toMatchObject({ role: 'organisation', displayName: 'Junta de Vecinos 12' });
		const junta = await signedIn(server, 'junta12@providencia', password);
		const me = (await (await call(server, junta.token, 'GET', '/api/auth/me')).json()) as { user: { kind: string; memberships: unknown[] } };
		expect(me.user).toMatchObject({ kind: 'staff', memberships: [{ municipalityId: 'providencia', role: 'organisation' }] });

		// Whatever channel it names, an organisation's report is an organisation's.
		const body = onBehalf();
		const entered = await call(server, junta.token, 'POST', '/api/ops/reports', body);
		expect(entered.status).toBe(201);
		const { incidentId } = (await entered.json()) as { incidentId: string };
		const second = await call(server, junta.token, 'POST', '/api/ops/reports', onBehalf({ channel: 'organisation', location: { kind: 'place', text: 'Avenida Providencia 1500', municipality: 'providencia' } }));
		expect(second.status).toBe(201);
		const db = store();
		try {
			expect(db.prepare('select channel from report where id = ?').get(body.id)).toEqual({ channel: 'organisation' });
			expect(db.prepare('select reporter_id, phone from report_private where report_id = ?').get(body.id)).toEqual({ reporter_id: null, phone: '+56 9 5555 9876' });
			expect(db.prepare("select actor_id, visibility from incident_event where report_id = ? and type = 'entered'").get(body.id)).toEqual({ actor_id: junta.userId, visibility: 'staff' });
		} finally {
			db.close();
		}
		// The operators see who entered it; the public neither the number nor the organisation.
		const olga = await staff(server, 'operator@providencia');
		const view = (await (await call(server, olga.token, 'GET', `/api/ops/incidents/${incidentId}`)).json()) as { incident: { channels: string[] }; timeline: { type: string; actor: { name: string } | null }[] };
		expect(view.incident.channels).toEqual(['organisation']);
		expect(view.timeline.find((e) => e.type === 'entered')?.actor?.name).toBe('Junta de Vecinos 12');
		const feed = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		expect(feed).toContain('escombros en la vereda');
		expect(feed).not.toContain('Junta de Vecinos');
		expect(feed).not.toContain('9876');

		// Only for its own municipality, and only where the place is.
		expect((await call(server, junta.token, 'POST', '/api/ops/reports', onBehalf({ municipality: 'las-condes', location: { kind: 'place', text: 'Apoquindo 3000', municipality: 'las-condes' } }))).status).toBe(403);
		expect(await errorCode(await call(server, junta.token, 'POST', '/api/ops/reports', onBehalf({ location: { kind: 'place', text: 'Apoquindo 3000', municipality: 'las-condes' } })))).toBe('other_municipality');
		// An operator may not pass a report off as an organisation's.
		const passed = await call(server, olga.token, 'POST', '/api/ops/reports', onBehalf({ channel: 'organisation' }));
		expect(passed.status).toBe(422);
		expect(await errorCode(passed)).toBe('organisation_channel');

		// The admins' counts: by channel, and the organisation's two by its account.
		const counts = await call(server, rosa.token, 'GET', '/api/ops/channels?municipality=providencia');
		expect(counts.status).toBe(200);
		const { channels, organisations } = (await counts.json()) as { channels: Record<string, number>; organisations: { userId: string; reports: number }[] };
		expect(channels).toMatchObject({ organisation: 2 });
		expect(Object.keys(channels).sort()).toEqual(['app', 'organisation', 'phone', 'walk_in']);
		expect(organisations).toEqual([{ userId: junta.userId, reports: 2 }]);
		expect((await call(server, olga.token, 'GET', '/api/ops/channels?municipality=providencia')).status).toBe(403);
		expect((await call(server, junta.token, 'GET', '/api/ops/channels?municipality=providencia')).status).toBe(403);
		expect((await call(server, rosa.token, 'GET', '/api/ops/channels?municipality=las-condes')).status).toBe(403);

		// Removed (confirmed), it cannot sign in; the record says who added and removed it.
		const removed = await call(server, rosa.token, 'DELETE', `/api/staff/${junta.userId}?municipality=providencia`, { confirm: true });
		expect(removed.status).toBe(200);
		expect(await removed.json()).toMatchObject({ removed: { role: 'organisation' }, accountClosed: true, sessionsEnded: 1 });
		expect((await signIn(server, 'junta12@providencia', password)).status).toBe(401);
		const log = (await (await call(server, rosa.token, 'GET', '/api/staff/log?municipality=providencia')).json()) as { changes: { action: string; actor: { username: string } | null; user: { username: string }; role: string | null }[] };
		expect(log.changes.slice(0, 2).map((c) => [c.action, c.actor?.username, c.user.username, c.role])).toEqual([
			['removed', 'admin@providencia', 'junta12@providencia', 'organisation'],
			['added', 'admin@providencia', 'junta12@providencia', 'organisation']
		]);
	});

	it('is refused 403 on the queue, incidents, panic alerts, staff and settings, over HTTP and sync', async () => {
		const rosa = await signedIn(server, 'admin@providencia', seededPassword(server, 'admin@providencia'));
		const { password } = await addOrganisation(rosa, 'junta7@providencia', 'Junta de Vecinos 7');
		const junta = await signedIn(server, 'junta7@providencia', password);
		const entered = await call(server, junta.token, 'POST', '/api/ops/reports', onBehalf({ location: { kind: 'place', text: 'Los Leones 200', municipality: 'providencia' } }));
		const { reportId, incidentId } = (await entered.json()) as { reportId: string; incidentId: string };
		const attempts: [string, string, unknown?][] = [
			['GET', '/api/ops/queue?municipality=providencia'],
			['GET', '/api/ops/stream?municipality=providencia'],
			['GET', `/api/ops/incidents/${incidentId}`],
			['POST', `/api/ops/incidents/${incidentId}/actions`, { action: 'acknowledge', version: 1, message: 'Lo tomé yo' }],
			['POST', `/api/ops/incidents/${incidentId}/actions`, { action: 'close', version: 1, outcome: 'resolved', message: 'Listo, cerrado' }],
			['POST', `/api/ops/incidents/${incidentId}/merge`, { into: incidentId, version: 1, reason: 'Es el mismo' }],
			['POST', `/api/ops/reports/${reportId}/split`, { version: 1, reason: 'Es otro' }],
			['GET', `/api/ops/panics/${randomUUID()}`],
			['GET', '/api/panic/queue?municipality=providencia'],
			['GET', '/api/staff?municipality=providencia'],
			['GET', '/api/staff/log?municipality=providencia'],
			['POST', '/api/staff', { username: 'otra@providencia', municipalityId: 'providencia', role: 'operator' }],
			['DELETE', `/api/staff/${rosa.userId}?municipality=providencia`, { confirm: true }],
			['POST', `/api/staff/${rosa.userId}/password`, { confirm: true }],
			['GET', '/api/municipalities/providencia/config'],
			['GET', '/api/municipalities/providencia/changes']
		];
		for (const [method, path, body] of attempts) expect((await call(server, junta.token, method, path, body)).status, `${method} ${path}`).toBe(403);
		// Its sessions open no operator's room: the console's presence is staff's only.
		const olga = await staff(server, 'operator@providencia');
		expect(await upgradeStatus(server, 'ops:providencia', { cookie: `cuadra_session=${encodeURIComponent(olga.token)}` })).toBe(101);
		expect(await upgradeStatus(server, 'ops:providencia', { cookie: `cuadra_session=${encodeURIComponent(junta.token)}` })).toBe(403);
		// Its own password is its own to change, as any staff account's.
		expect((await call(server, junta.token, 'PUT', '/api/auth/password', { currentPassword: password, newPassword: 'una clave larga de la junta' })).status).toBe(200);
	});

	it('an operator cannot manage staff; an admin of Providencia cannot list, add, remove or reset Las Condes staff', async () => {
		const olga = await staff(server, 'operator@providencia');
		expect((await call(server, olga.token, 'GET', '/api/staff?municipality=providencia')).status).toBe(403);
		expect((await call(server, olga.token, 'POST', '/api/staff', { username: 'nuevo@providencia', municipalityId: 'providencia', role: 'operator' })).status).toBe(403);
		expect((await call(server, olga.token, 'POST', '/api/staff', { username: 'junta9@providencia', municipalityId: 'providencia', role: 'organisation' })).status).toBe(403);

		const rosa = await signedIn(server, 'admin@providencia', seededPassword(server, 'admin@providencia'));
		const lasCondesAdmin = await signedIn(server, 'admin@las-condes', seededPassword(server, 'admin@las-condes'));
		const theirs = (await (await call(server, lasCondesAdmin.token, 'GET', '/api/staff?municipality=las-condes')).json()) as { staff: { id: string; username: string }[] };
		const oscar = theirs.staff.find((s) => s.username === 'operator@las-condes');
		if (!oscar) throw new Error('no operator@las-condes');
		expect((await call(server, rosa.token, 'GET', '/api/staff?municipality=las-condes')).status).toBe(403);
		expect((await call(server, rosa.token, 'GET', '/api/staff/log?municipality=las-condes')).status).toBe(403);
		for (const role of ['operator', 'organisation']) {
			expect((await call(server, rosa.token, 'POST', '/api/staff', { username: `intruso-${role}@las-condes`, municipalityId: 'las-condes', role })).status).toBe(403);
		}
		expect((await call(server, rosa.token, 'DELETE', `/api/staff/${oscar.id}?municipality=las-condes`, { confirm: true })).status).toBe(403);
		// Naming her own municipality instead finds nobody there.
		expect(await errorCode(await call(server, rosa.token, 'DELETE', `/api/staff/${oscar.id}?municipality=providencia`, { confirm: true }))).toBe('not_found');
		expect(await errorCode(await call(server, rosa.token, 'POST', `/api/staff/${oscar.id}/password`, { confirm: true }))).toBe('not_found');
		// Nothing changed for Las Condes.
		const after = (await (await call(server, lasCondesAdmin.token, 'GET', '/api/staff?municipality=las-condes')).json()) as { staff: { username: string }[] };
		expect(after.staff.map((s) => s.username)).toEqual(theirs.staff.map((s) => s.username));
		expect((await signIn(server, 'operator@las-condes', seededPassword(server, 'operator@las-condes'))).status).toBe(200);
	});
});

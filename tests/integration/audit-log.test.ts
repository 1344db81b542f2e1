import { describe, expect, it } from 'vitest';
import { serverSuite, type TestServer } from '../support/server.ts';
import { act, call, sendReport } from './ops-support.ts';
import { resident, staff } from './sync-support.ts';

/**
 * Issue 16, item 5 (and issue 17, item 3's "visible in the audit page"): one record of the staff's
 * decisions in a municipality, for its admins, as JSON and as CSV.
 */
interface Entry {
	id: string;
	at: string;
	kind: string;
	action: string;
	actor: { id: string; name: string | null } | null;
	subject: { type: string; id: string; name: string | null };
	reason: string | null;
	replaced: string | null;
	result: string | null;
}

describe('the record of staff decisions', () => {
	let server: TestServer;
	serverSuite((s) => (server = s));

	it('holds who decided what on an incident, when, why and what it replaced; the admin filters it by kind, person and time', async () => {
		const ana = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const admin = await staff(server, 'admin@providencia');
		const before = new Date().toISOString();
		const receipt = await sendReport(server, ana);
		expect((await act(server, olga, receipt.incidentId, { action: 'acknowledge', message: 'Lo vemos.' })).status).toBe(200);
		expect((await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'resolved', message: 'Resuelto.' })).status).toBe(200);
		expect((await act(server, admin, receipt.incidentId, { action: 'reopen', reason: 'El vecino dice que sigue pasando.' })).status).toBe(200);

		const response = await call(server, admin, 'GET', `/api/audit?municipality=providencia&kind=incident&from=${encodeURIComponent(before)}`);
		expect(response.status).toBe(200);
		const { entries } = (await response.json()) as { entries: Entry[] };
		const mine = entries.filter((e) => e.subject.id === receipt.incidentId);
		// Newest first; the resident's own "received" and the automatic answer are not staff decisions.
		expect(mine.map((e) => [e.action, e.replaced, e.result])).toEqual([
			['reopened', 'closed', 'acknowledged'],
			['closed', 'acknowledged', 'closed'],
			['acknowledged', 'received', 'acknowledged']
		]);
		expect(mine[0]).toMatchObject({ kind: 'incident', actor: { id: admin.userId }, reason: 'El vecino dice que sigue pasando.' });
		expect(mine[2]?.actor?.id).toBe(olga.userId);
		// Nothing of the resident: not their id, not their phone.
		expect(JSON.stringify(entries)).not.toContain(ana.userId);
		expect(JSON.stringify(entries)).not.toContain('1234 5678');

		const byOlga = (await (await call(server, admin, 'GET', `/api/audit?municipality=providencia&actor=${olga.userId}`)).json()) as { entries: Entry[] };
		expect(byOlga.entries.length).toBeGreaterThanOrEqual(2);
		expect(byOlga.entries.every((e) => e.actor?.id === olga.userId)).toBe(true);
		const later = (await (await call(server, admin, 'GET', `/api/audit?municipality=providencia&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json()) as { entries: Entry[] };
		expect(later.entries).toEqual([]);
	});

	it('holds staff changes and configuration changes too, each with who and when', async () => {
		const admin = await staff(server, 'admin@providencia');
		const added = await call(server, admin, 'POST', '/api/staff', { username: `marta-${Date.now()}@providencia`, displayName: 'Marta', municipalityId: 'providencia', role: 'operator' });
		expect(added.status).toBe(201);
		const { member } = (await added.json()) as { member: { id: string } };
		const config = ((await (await call(server, admin, 'GET', '/api/municipalities/providencia/config')).json()) as { config: Record<string, unknown> }).config;
		const put = (body: unknown) =>
			fetch(`${server.url}/api/municipalities/providencia/config`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(admin.token)}`, origin: server.url },
				body: JSON.stringify(body)
			});
		expect((await put({ config: { ...config, name: 'Comuna de Providencia' }, reason: 'Revisión anual' })).status).toBe(200);
		expect((await put({ config })).status).toBe(200);
		const { entries } = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia')).json()) as { entries: Entry[] };
		expect(entries.find((e) => e.kind === 'staff' && e.subject.id === member.id)).toMatchObject({ action: 'added', result: 'operator', actor: { id: admin.userId } });
		expect(entries.find((e) => e.kind === 'configuration' && e.reason === 'Revisión anual')).toMatchObject({ actor: { id: admin.userId }, replaced: 'previous configuration' });
		const staffOnly = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=staff')).json()) as { entries: Entry[] };
		expect(new Set(staffOnly.entries.map((e) => e.kind))).toEqual(new Set(['staff']));
	});

	it('downloads as CSV, one row per entry, safe to open in a spreadsheet', async () => {
		const admin = await staff(server, 'admin@providencia');
		const response = await call(server, admin, 'GET', '/api/audit.csv?municipality=providencia&kind=incident');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="cuadra-decisions-providencia\.csv"/);
		const lines = (await response.text()).trimEnd().split('\r\n');
		expect(lines[0]).toBe('at,kind,action,actor,subject,reason,replaced,result');
		const json = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=incident&limit=2000')).json()) as { entries: Entry[] };
		expect(lines.length - 1).toBe(json.entries.length);
		expect(lines.slice(1).every((l) => /^\d{4}-\d\d-\d\dT[^,]+,incident,/.test(l))).toBe(true);
	});

	it('is for the municipality’s admins only: refused to operators, residents, other municipalities and strangers', async () => {
		const operator = await staff(server, 'operator@providencia');
		const lasCondes = await staff(server, 'admin@las-condes');
		const neighbour = await resident(server);
		for (const path of ['/api/audit?municipality=providencia', '/api/audit.csv?municipality=providencia']) {
			expect((await call(server, operator, 'GET', path)).status).toBe(403);
			expect((await call(server, lasCondes, 'GET', path)).status).toBe(403);
			expect((await call(server, neighbour, 'GET', path)).status).toBe(403);
			expect((await call(server, null, 'GET', path)).status).toBe(401);
		}
		const bad = await call(server, (await staff(server, 'admin@providencia')), 'GET', '/api/audit?municipality=providencia&kind=gossip');
		expect(bad.status).toBe(400);
	});
});

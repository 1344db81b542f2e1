import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, RawClient, reportWithWrites, resident, staff, until } from './sync-support.ts';

let server: TestServer;
beforeAll(async () => {
	// Documents with no socket are compacted and unloaded after a second: erased text leaves the store.
	server = await startServer({ env: { CUADRA_SYNC_IDLE_SECONDS: '1' } });
});
afterAll(async () => {
	await server?.stop();
});

const cookie = (token: string) => ({ cookie: `cuadra_session=${encodeURIComponent(token)}` });
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const store = () => new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
const PHONE = '+56 9 8765 4321';

describe('account export and deletion', () => {
	it('exports everything the server keeps about the person, without secrets', async () => {
		const ana = await resident(server);
		await fetch(`${server.url}/api/auth/me`, { method: 'PUT', headers: { 'content-type': 'application/json', ...cookie(ana.token) }, body: JSON.stringify({ displayName: 'Ana' }) });
		const id = await postReport(server, ana, { consentToCall: true, phone: '+56 2 2345 6789', devicePosition: [-70.6127, -33.4254] });
		const priv = await new RawClient(server, `report-private:${id}`, ana.token).ready();
		priv.edit((doc) => doc.getMap('contact').set('phone', PHONE));
		await until(() => priv.acknowledged(), 'the phone saved');
		priv.close();

		expect((await fetch(`${server.url}/api/account/export`)).status).toBe(401);
		const response = await fetch(`${server.url}/api/account/export`, { headers: cookie(ana.token) });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="cuadra-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const text = await response.text();
		const data = JSON.parse(text);
		expect(data.account).toMatchObject({ id: ana.userId, kind: 'resident', displayName: 'Ana' });
		expect(data.memberships).toEqual([{ municipalityId: 'providencia', role: 'resident' }]);
		expect(data.sessions).toHaveLength(1);
		expect(data.reports).toEqual([expect.objectContaining({ id, private: expect.objectContaining({ consentToCall: true, phone: '+56 2 2345 6789', devicePosition: { lat: -33.4254, lng: -70.6127 } }) })]);
		expect(data.documents).toEqual([expect.objectContaining({ room: `report-private:${id}`, written: [{ root: 'contact', key: 'phone', value: PHONE }] })]);
		expect(data.audit).toEqual([expect.objectContaining({ room: `report-private:${id}`, outcome: 'accepted' })]);
		// No token, secret or their hashes.
		for (const secret of [ana.token, sha256(ana.token), ana.secret, sha256(ana.secret)]) expect(text).not.toContain(secret);
	});

	it('deletes a resident: signs out everywhere, erases what they wrote, unlinks reports, keeps a tombstone; the device starts fresh', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		await fetch(`${server.url}/api/auth/me`, { method: 'PUT', headers: { 'content-type': 'application/json', ...cookie(ana.token) }, body: JSON.stringify({ displayName: 'Ana' }) });
		const { id, priv, chat } = await reportWithWrites(server, ana, PHONE);
		const watcher = await new RawClient(server, `report:${id}`, ben.token).ready();
		watcher.edit((doc) => doc.getArray('messages').push([{ id: 'b1', author: ben.userId, text: 'Mensaje de Ben', at: Date.now() }]));
		await until(() => watcher.acknowledged(), 'Ben’s message saved');
		await until(() => watcher.doc.getArray('messages').length === 2, 'both messages');

		const del = (body: unknown, token = ana.token) => fetch(`${server.url}/api/account`, { method: 'DELETE', headers: { 'content-type': 'application/json', ...cookie(token) }, body: JSON.stringify(body) });
		expect((await del({})).status).toBe(400);
		expect((await fetch(`${server.url}/api/account`, { method: 'DELETE', headers: { 'content-type': 'application/json', ...cookie(ana.token), origin: 'https://evil.example' }, body: '{"confirm":true}' })).status).toBe(403);
		const response = await del({ confirm: true });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ deleted: true, documents: 2, items: 2 });
		expect(response.headers.get('set-cookie')).toMatch(/^cuadra_session=; .*Max-Age=0/);

		// Signed out everywhere, at once.
		expect((await chat.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await priv.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await fetch(`${server.url}/api/auth/me`, { headers: cookie(ana.token) })).status).toBe(401);
		// What Ana wrote is gone for everyone; Ben's message and the public report stay.
		await until(() => watcher.doc.getArray('messages').length === 1, 'Ana’s message removed live');
		expect(watcher.doc.getArray('messages').toJSON()).toEqual([expect.objectContaining({ id: 'b1' })]);
		expect(watcher.doc.getMap('meta').get('description')).toBe('Poste apagado');
		watcher.close();

		const db = store();
		try {
			expect(db.prepare('select count(*) n from user where id = ?').get(ana.userId)).toEqual({ n: 0 });
			for (const table of ['session', 'membership', 'resident_credential', 'sync_client']) {
				expect(db.prepare(`select count(*) n from ${table} where user_id = ?`).get(ana.userId), table).toEqual({ n: 0 });
			}
			expect(db.prepare('select reporter_id, consent_to_call, device_lat, phone from report_private where report_id = ?').get(id)).toEqual({ reporter_id: null, consent_to_call: 0, device_lat: null, phone: null });
			expect(db.prepare('select count(*) n from report where id = ?').get(id)).toEqual({ n: 1 });
			expect(db.prepare("select count(*) n from sync_audit where user_id = ? or reason like '%' || ? || '%'").get(ana.userId, ana.userId)).toEqual({ n: 0 });
			expect((db.prepare("select count(*) n from sync_audit where user_id = 'deleted'").get() as { n: number }).n).toBeGreaterThanOrEqual(2);
			expect((db.prepare("select count(*) n from sync_audit where user_id = 'server' and reason = 'account deleted'").get() as { n: number }).n).toBe(2);
		} finally {
			db.close();
		}
		// Once the documents are compacted (no socket for a second), the erased text is gone from the store too.
		await until(
			() => {
				const db = store();
				try {
					const rows = db.prepare("select data from sync_update where doc in (?, ?)").all(`report:${id}`, `report-private:${id}`) as { data: Buffer }[];
					return rows.every((r) => !r.data.includes(PHONE) && !r.data.includes('Mensaje de Ana')) && rows.some((r) => r.data.includes('Mensaje de Ben'));
				} finally {
					db.close();
				}
			},
			'the erased text to leave the stored documents',
			20_000
		);

		// The same device secret now makes a new, empty account.
		const again = await resident(server, 'providencia', ana.secret);
		expect(again.userId).not.toBe(ana.userId);
	});

	it('refuses self-deletion of staff accounts; an unauthenticated request gets 401', async () => {
		const operator = await staff(server, 'operator@providencia');
		const response = await fetch(`${server.url}/api/account`, { method: 'DELETE', headers: { 'content-type': 'application/json', ...cookie(operator.token) }, body: '{"confirm":true}' });
		expect(response.status).toBe(403);
		expect(((await response.json()) as { error: { code: string } }).error.code).toBe('staff_account');
		expect((await fetch(`${server.url}/api/auth/me`, { headers: cookie(operator.token) })).status).toBe(200);
		expect((await fetch(`${server.url}/api/account`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{"confirm":true}' })).status).toBe(401);
	});
});

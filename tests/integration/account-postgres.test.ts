import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { reportWithWrites, resident, until } from './sync-support.ts';

const PHONE = '+56 9 8765 4321';

/** Every row of the store that still holds `text` in a text column, as `table.column`. */
async function rowsHolding(client: pg.Client, text: string): Promise<string[]> {
	const columns = await client.query<{ table_name: string; column_name: string }>(
		"select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying')"
	);
	const found: string[] = [];
	for (const { table_name, column_name } of columns.rows) {
		const hits = await client.query<{ n: number }>(`select count(*)::int n from "${table_name}" where position($1 in "${column_name}") > 0`, [text]);
		if (hits.rows[0]?.n) found.push(`${table_name}.${column_name}`);
	}
	return found;
}

/** `DELETE /api/account` on PostgreSQL: as on SQLite (account.test.ts), no row keeps anything of the person. */
describe('account deletion on PostgreSQL', () => {
	let postgres: TestPostgres;
	let server: TestServer;
	let client: pg.Client;
	const dataDir = tempDataDir('cuadra-account-pg-');

	beforeAll(async () => {
		postgres = await startPostgres();
		server = await startServer({ dataDir, env: { CUADRA_DATABASE: 'postgres', DATABASE_URL: postgres.url, CUADRA_SYNC_IDLE_SECONDS: '1' } });
		client = new pg.Client({ connectionString: postgres.url });
		await client.connect();
	});
	afterAll(async () => {
		await client?.end();
		await server?.stop();
		postgres?.stop();
		removeDir(dataDir);
	});

	it('deletes a resident and leaves no personal row', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const as = (token: string, method: string, path: string, body?: unknown) =>
			fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(token)}` }, body: body === undefined ? undefined : JSON.stringify(body) });
		expect((await as(ana.token, 'PUT', '/api/auth/me', { displayName: 'Ana' })).status).toBe(200);
		const { id, priv, chat } = await reportWithWrites(server, ana, PHONE);
		// Her emergency data: a panic alert, a contact she watches, an open invite, a backup.
		const panic = { id: randomUUID(), claimedAt: new Date().toISOString(), location: { latitude: -33.4255, longitude: -70.6128, accuracy: 20 }, homeMunicipalityId: null };
		expect((await as(ana.token, 'POST', '/api/panic', panic)).status).toBe(201);
		const { code } = (await (await as(ben.token, 'POST', '/api/emergency/invites')).json()) as { code: string };
		expect((await as(ana.token, 'POST', '/api/emergency/links', { code })).status).toBe(201);
		expect((await as(ana.token, 'POST', '/api/emergency/invites')).status).toBe(201);
		expect((await as(ana.token, 'PUT', '/api/emergency/backup', { id: randomBytes(24).toString('base64url'), blob: randomBytes(200).toString('base64url') })).status).toBe(204);
		expect(await rowsHolding(client, ana.userId)).toEqual(expect.arrayContaining(['user.id', 'session.user_id', 'panic_alert.reporter_user_id', 'emergency_link.watcher_user_id', 'emergency_backup.owner_user_id']));

		const response = await as(ana.token, 'DELETE', '/api/account', { confirm: true });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ deleted: true, documents: 2, items: 2 });
		expect((await chat.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await priv.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await as(ana.token, 'GET', '/api/auth/me')).status).toBe(401);

		// No text column of any table holds her id or her phone number any more.
		expect(await rowsHolding(client, ana.userId)).toEqual([]);
		expect(await rowsHolding(client, PHONE)).toEqual([]);
		const priv2 = await client.query('select reporter_id, consent_to_call, device_lat, device_lng from report_private where report_id = $1', [id]);
		expect(priv2.rows).toEqual([{ reporter_id: null, consent_to_call: 0, device_lat: null, device_lng: null }]);
		expect((await client.query('select count(*)::int n from report where id = $1', [id])).rows).toEqual([{ n: 1 }]);
		expect((await client.query("select count(*)::int n from sync_audit where user_id = 'deleted'")).rows[0].n).toBeGreaterThanOrEqual(2);
		// Ben and his link to nobody: the link went with her account.
		expect((await client.query('select count(*)::int n from emergency_link where subject_user_id = $1', [ben.userId])).rows).toEqual([{ n: 0 }]);
		// Once compacted, the stored documents no longer hold what she wrote, nor her id.
		await until(
			async () => {
				const rows = await client.query<{ data: Buffer }>('select data from sync_update where doc in ($1, $2)', [`report:${id}`, `report-private:${id}`]);
				return rows.rows.length > 0 && rows.rows.every((r) => !r.data.includes(PHONE) && !r.data.includes('Mensaje de Ana') && !r.data.includes(ana.userId));
			},
			'the erased text to leave the stored documents',
			20_000
		);
	});
});

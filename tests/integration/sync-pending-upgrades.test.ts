import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, until, upgradeStatus, WebSocket, wsUrl } from './sync-support.ts';

/** An upgrade's refusal as the client sees it: status, Retry-After and the error body. */
function refusal(server: TestServer, room: string, token: string): Promise<{ status: number; retryAfter: string | undefined; body: unknown }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${wsUrl(server)}/${room}`, { headers: { cookie: `cuadra_session=${encodeURIComponent(token)}` } });
		ws.on('open', () => reject(new Error('the upgrade was accepted')));
		ws.on('unexpected-response', (_req, res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) }));
		});
		ws.on('error', (error) => {
			if (!/Unexpected server response/.test(error.message)) reject(error);
		});
	});
}

/**
 * CUADRA_SYNC_MAX_PENDING_UPGRADES bounds the upgrades being authenticated at once. On SQLite an
 * upgrade is authenticated within one turn of the event loop, so none stay pending; on PostgreSQL
 * the session lookup is a network round trip. The test makes it slow for real: it locks the
 * `session` table, so lookups wait on the lock, as they would on an overloaded database.
 */
describe('the limit on upgrades still being authenticated', () => {
	let postgres: TestPostgres;
	let server: TestServer;
	let locker: pg.Client;
	const dataDir = tempDataDir('cuadra-pending-');

	beforeAll(async () => {
		postgres = await startPostgres();
		server = await startServer({ dataDir, env: { CUADRA_DATABASE: 'postgres', DATABASE_URL: postgres.url, CUADRA_SYNC_MAX_PENDING_UPGRADES: '2' } });
		locker = new pg.Client({ connectionString: postgres.url });
		await locker.connect();
	}, 60_000);
	afterAll(async () => {
		await locker?.end().catch(() => {});
		await server?.stop();
		postgres?.stop();
		removeDir(dataDir);
	});

	it('answers 503 busy beyond the limit, keeps serving authenticated sockets, and frees up afterwards', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${await postReport(server, ana)}`;
		const open = await new RawClient(server, room, ana.token).ready();

		await locker.query('begin');
		await locker.query('lock table session in access exclusive mode');
		const waitingOnLock = async () => Number((await locker.query("select count(*) n from pg_stat_activity where wait_event_type = 'Lock'")).rows[0].n);
		const pending = [upgradeStatus(server, room, { cookie: `cuadra_session=${ben.token}` }), upgradeStatus(server, room, { cookie: `cuadra_session=${ben.token}` })];
		await until(async () => (await waitingOnLock()) === 2, 'two upgrades waiting on the session lookup');

		// Beyond the limit: refused at once with the documented answer.
		expect(await refusal(server, room, ben.token)).toEqual({ status: 503, retryAfter: '2', body: { error: { code: 'busy', message: expect.any(String) } } });
		// An authenticated socket keeps working meanwhile: its change is saved and acknowledged.
		open.edit((doc) => doc.getArray('messages').push([{ id: 'during', author: ana.userId, text: 'Sigo aquí', at: Date.now() }]));
		await until(() => open.acknowledged(), 'the acknowledgement while upgrades wait');
		expect(open.closed).toBeNull();

		await locker.query('commit');
		expect(await Promise.all(pending)).toEqual([101, 101]);
		// The limit has freed up: new upgrades go through again.
		expect(await upgradeStatus(server, room, { cookie: `cuadra_session=${ben.token}` })).toBe(101);
		const reader = await new RawClient(server, room, ben.token).ready();
		expect(reader.doc.getArray('messages').toJSON()).toEqual([expect.objectContaining({ id: 'during' })]);
	});
});

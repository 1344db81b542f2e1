import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, until } from './sync-support.ts';

/** The sync server on PostgreSQL: sessions, validation, bindings, persistence across kill -9. */
describe('sync on PostgreSQL', () => {
	let postgres: TestPostgres;
	const dataDir = tempDataDir('cuadra-sync-pg-');
	const servers: TestServer[] = [];
	const start = async () => {
		const server = await startServer({ dataDir, env: { CUADRA_DATABASE: 'postgres', DATABASE_URL: postgres.url } });
		servers.push(server);
		return server;
	};

	beforeAll(async () => {
		postgres = await startPostgres();
	});
	afterAll(async () => {
		for (const s of servers) await s.stop();
		postgres?.stop();
		removeDir(dataDir);
	});

	it('stores, refuses and survives kill -9 as on SQLite', async () => {
		const first = await start();
		const ana = await resident(first);
		const ben = await resident(first);
		const room = `report:${await postReport(first, ana)}`;
		const client = await new RawClient(first, room, ana.token).ready();
		for (let i = 0; i < 20; i++) client.edit((doc) => doc.getArray('messages').push([{ id: `m${i}`, author: ana.userId, text: `message ${i}`, at: Date.now() }]));
		await until(() => client.acknowledged(), 'the acknowledgement');
		const forger = await new RawClient(first, room, ben.token).ready();
		forger.edit((doc) => doc.getMap('meta').set('creator', ben.userId));
		expect((await forger.waitClosed()).code).toBe(CloseCode.refused);
		await first.kill();

		const second = await start();
		const again = await resident(second, 'providencia', ana.secret);
		const reader = await new RawClient(second, room, again.token).ready();
		expect(reader.doc.getArray('messages').length).toBe(20);
		expect(reader.doc.getMap('meta').get('description')).toBe('Poste apagado');
		// The clientID binding (a bigint column) survived: the old device's clientID is still Ana's.
		const thief = await new RawClient(second, room, (await resident(second)).token).ready();
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(reader.doc));
		forged.clientID = client.doc.clientID;
		const before = Y.encodeStateVector(forged);
		forged.getArray('messages').push([{ id: 'x', author: 'someone', text: 'forged', at: Date.now() }]);
		thief.sendUpdate(Y.encodeStateAsUpdate(forged, before));
		expect((await thief.waitClosed()).code).toBe(CloseCode.clientIdTaken);
	});
});

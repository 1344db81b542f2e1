import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, until } from './sync-support.ts';

const dataDir = tempDataDir('cuadra-sync-durability-');
const running: TestServer[] = [];
afterAll(async () => {
	for (const s of running) await s.stop();
	removeDir(dataDir);
});

const start = async (env: Record<string, string> = {}) => {
	const server = await startServer({ dataDir, env });
	running.push(server);
	return server;
};
const texts = (client: RawClient) => client.doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);
const query = <T>(sql: string, ...params: unknown[]): T[] => {
	const db = new Database(join(dataDir, 'cuadra.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
};

describe('durability', () => {
	const room = `report:${randomUUID()}`;
	let secret = '';

	it('keeps every acknowledged update after kill -9 and a restart', async () => {
		const first = await start();
		const ana = await resident(first);
		secret = ana.secret;
		await postReport(first, ana, { id: room.slice('report:'.length) });
		const client = await new RawClient(first, room, ana.token).ready();
		for (let i = 0; i < 50; i++) {
			client.edit((doc) => doc.getArray('messages').push([{ id: `m${i}`, author: ana.userId, text: `message ${i}`, at: Date.now() }]));
		}
		await until(() => client.acknowledged(), 'the server to acknowledge all 50 messages');
		await first.kill();

		const second = await start();
		const again = await resident(second, 'providencia', secret);
		expect(again.userId).toBe(ana.userId);
		const reader = await new RawClient(second, room, again.token).ready();
		expect(texts(reader)).toEqual(Array.from({ length: 50 }, (_, i) => `message ${i}`));
		expect(reader.doc.getMap('meta').get('description')).toBe('Poste apagado');
		// The clientID binding survived too: the same device may go on writing.
		reader.close();
		await second.stop();
	});

	it('records who wrote each update in the append-only audit log, and refusals', async () => {
		const rows = query<{ user_id: string; outcome: string; seq: number | null; reason: string | null }>('select user_id, outcome, seq, reason from sync_audit where doc = ? order by seq', room);
		expect(rows.length).toBe(51);
		expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(['accepted']));
		// The report's meta, written by the server when it accepted the report; then Ana's 50 messages.
		expect(rows[0]).toMatchObject({ user_id: 'server', reason: 'report accepted', seq: 1 });
		expect(new Set(rows.slice(1).map((r) => r.user_id)).size).toBe(1);
		const bindings = query<{ user_id: string }>('select user_id from sync_client where doc = ?', room);
		expect(bindings).toEqual([{ user_id: rows[1]?.user_id }]);
	});

	it('compacts idle documents and unloads them, losing nothing', async () => {
		const server = await start({ CUADRA_SYNC_IDLE_SECONDS: '1' });
		const ana = await resident(server, 'providencia', secret);
		const client = await new RawClient(server, room, ana.token).ready();
		client.edit((doc) => doc.getArray('messages').push([{ id: 'late', author: ana.userId, text: 'after restart', at: Date.now() }]));
		await until(() => client.acknowledged(), 'the acknowledgement');
		client.close();
		await until(() => query<{ n: number }>('select count(*) as n from sync_update where doc = ?', room)[0]?.n === 1, 'compaction into one row', 20_000);
		const reader = await new RawClient(server, room, ana.token).ready();
		expect(texts(reader)).toHaveLength(51);
		expect(texts(reader).at(-1)).toBe('after restart');
		// A refusal is audited too.
		const ben = await resident(server);
		const forger = await new RawClient(server, room, ben.token).ready();
		forger.edit((doc) => doc.getMap('meta').set('creator', ben.userId));
		await forger.waitClosed();
		await until(() => query('select 1 from sync_audit where doc = ? and outcome = ? and user_id = ?', room, 'refused', ben.userId).length === 1, 'the refusal in the audit log');
	});
});

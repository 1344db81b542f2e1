import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, staff, until, type Account } from './sync-support.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const rollback = (who: Account | null, body: unknown) =>
	fetch(`${server.url}/api/sync/rollback`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(who ? { cookie: `cuadra_session=${who.token}` } : {}) },
		body: JSON.stringify(body)
	});
const texts = (client: RawClient) => client.doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);

describe('per-user rollback', () => {
	it('lets an admin of the municipality remove everything one user wrote in a document, audited with the reason', async () => {
		const [ana, ben, carla] = [await resident(server), await resident(server), await resident(server)];
		const room = `report:${await postReport(server, ana)}`;
		const say = async (who: Account, text: string) => {
			const client = await new RawClient(server, room, who.token).ready();
			client.edit((doc) => doc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author: who.userId, text, at: Date.now() }]));
			await until(() => client.acknowledged(), 'the message to be stored');
			client.close();
		};
		await say(ben, 'spam one');
		await say(carla, 'a real question');
		await say(ben, 'spam two');
		const observer = await new RawClient(server, room, carla.token).ready();
		expect(texts(observer)).toEqual(['spam one', 'a real question', 'spam two']);

		const operator = await staff(server, 'operator@providencia');
		const otherAdmin = await staff(server, 'admin@las-condes');
		const body = { room, userId: ben.userId, reason: 'Repeated advertising' };
		expect((await rollback(null, body)).status).toBe(401);
		expect((await rollback(ana, body)).status).toBe(403);
		expect((await rollback(operator, body)).status).toBe(403);
		expect((await rollback(otherAdmin, body)).status).toBe(403);
		expect((await rollback(operator, { ...body, reason: '' })).status).toBe(400);

		const admin = await staff(server, 'admin@providencia');
		const response = await rollback(admin, body);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ deleted: 2 });
		await until(() => texts(observer).length === 1, 'the observer to see the rollback');
		expect(texts(observer)).toEqual(['a real question']);
		const later = await new RawClient(server, room, carla.token).ready();
		expect(texts(later)).toEqual(['a real question']);

		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			const row = db.prepare("select user_id, reason from sync_audit where doc = ? and reason like 'rollback%'").get(room);
			expect(row).toEqual({ user_id: admin.userId, reason: `rollback of ${ben.userId}: Repeated advertising` });
		} finally {
			db.close();
		}
		expect(await (await rollback(admin, body)).json()).toEqual({ deleted: 0 });

		// The admins' record of decisions has it: who, where, why; never whose writes they were.
		const audit = await fetch(`${server.url}/api/audit?municipality=providencia&kind=moderation`, { headers: { cookie: `cuadra_session=${admin.token}` } });
		const { entries } = (await audit.json()) as { entries: { action: string; actor: { id: string } | null; subject: { type: string; id: string }; reason: string | null; replaced: string | null; result: string | null }[] };
		const rolledBack = entries.filter((e) => e.action === 'rolled_back' && e.subject.id === room.slice('report:'.length));
		expect(rolledBack.map((e) => [e.actor?.id, e.subject.type, e.reason, e.replaced, e.result])).toEqual([[admin.userId, 'report', 'Repeated advertising', 'written', 'removed']]);
		expect(JSON.stringify(rolledBack)).not.toContain(ben.userId);
		// Another municipality's record does not.
		const elsewhere = await fetch(`${server.url}/api/audit?municipality=las-condes&kind=moderation`, { headers: { cookie: `cuadra_session=${otherAdmin.token}` } });
		expect(JSON.stringify(await elsewhere.json())).not.toContain('Repeated advertising');
	});
});

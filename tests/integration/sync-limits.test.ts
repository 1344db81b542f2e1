import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, until } from './sync-support.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_SYNC_MAX_DOC_BYTES: '4096', CUADRA_SYNC_USER_SHARE_PERCENT: '100', CUADRA_SYNC_MESSAGES_PER_SECOND: '2' } });
});
afterAll(async () => {
	await server?.stop();
});

describe('limits', () => {
	it('closes with 4413 when a document would grow past its maximum size, keeping what it had', async () => {
		const ana = await resident(server);
		const room = `report:${await postReport(server, ana)}`;
		const client = await new RawClient(server, room, ana.token).ready();
		let sent = 0;
		// Each message is ~1 KB: with the report's meta (~0.3 KB) the fourth or fifth cannot fit in 4 KB. Sent slowly enough for the rate limit.
		while (!client.closed && sent < 10) {
			client.edit((doc) => doc.getArray('messages').push([{ id: `m${sent}`, author: ana.userId, text: 'x'.repeat(900), at: Date.now() }]));
			sent++;
			await until(() => client.acknowledged() || client.closed, 'an acknowledgement or a close');
			await new Promise((resolve) => setTimeout(resolve, 600));
		}
		expect(client.closed).toEqual({ code: CloseCode.docTooLarge, reason: 'the document is full' });
		const reader = await new RawClient(server, room, ana.token).ready();
		expect(reader.doc.getArray('messages').length).toBe(sent - 1);
	});

	it('closes with 4429 a user who sends too many messages, and serves other users', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const room = `report:${randomUUID()}`;
		const flooder = await new RawClient(server, room, ana.token).ready();
		for (let i = 0; i < 30 && !flooder.closed; i++) flooder.send(new Uint8Array([3]));
		expect((await flooder.waitClosed()).code).toBe(CloseCode.rateLimited);
		const other = await new RawClient(server, room, ben.token).ready();
		expect(other.closed).toBeNull();
	});
});

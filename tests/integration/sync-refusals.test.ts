import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, staff, until, type Account } from './sync-support.ts';

let server: TestServer;
let ana: Account;
let ben: Account;
let carla: Account;
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_SYNC_MAX_MESSAGE_BYTES: String(64 * 1024) } });
	[ana, ben, carla] = [await resident(server), await resident(server), await resident(server)];
});
afterAll(async () => {
	await server?.stop();
});

const message = (who: Account, text: string) => ({ id: randomUUID().slice(0, 8), author: who.userId, text, at: Date.now() });

/** A report by Ana with an observer (Carla) connected, who must never see a refused change. */
async function scene() {
	const room = `report:${await postReport(server, ana, { category: 'dumped_rubbish', description: 'Basura en la esquina' })}`;
	const creator = await new RawClient(server, room, ana.token).ready();
	const observer = await new RawClient(server, room, carla.token).ready();
	return { room, creator, observer };
}

/** Proves the server still serves: a fresh message goes through and the observer sees it. */
async function stillServing(room: string, observer: RawClient) {
	const healthy = await new RawClient(server, room, ben.token).ready();
	const text = `still here ${randomUUID()}`;
	healthy.edit((doc) => doc.getArray('messages').push([message(ben, text)]));
	await until(() => observer.doc.getArray<{ text: string }>('messages').toArray().some((m) => m.text === text), 'the observer to see a healthy message');
	healthy.close();
}

describe('refused updates', () => {
	it('refuses a resident’s forged edit of another’s report; nobody ever sees it', async () => {
		const { room, creator, observer } = await scene();
		const forger = await new RawClient(server, room, ben.token).ready();
		forger.edit((doc) => doc.getMap('meta').set('description', 'Forged'));
		expect(await forger.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('meta.description') });
		// The creator and observer keep the original; a later reader gets it from the server.
		await stillServing(room, observer);
		expect(observer.doc.getMap('meta').get('description')).toBe('Basura en la esquina');
		expect(creator.doc.getMap('meta').get('description')).toBe('Basura en la esquina');
		const later = await new RawClient(server, room, carla.token).ready();
		expect(later.doc.getMap('meta').get('description')).toBe('Basura en la esquina');
	});

	it('refuses a message written in someone else’s name, and deleting another’s message', async () => {
		const { room, observer } = await scene();
		const impostor = await new RawClient(server, room, ben.token).ready();
		impostor.edit((doc) => doc.getArray('messages').push([message(ana, 'I am Ana')]));
		expect((await impostor.waitClosed()).code).toBe(CloseCode.refused);

		const anaChat = await new RawClient(server, room, ana.token).ready();
		anaChat.edit((doc) => doc.getArray('messages').push([message(ana, 'mine')]));
		await until(() => observer.doc.getArray('messages').length === 1, 'ana’s message');
		const deleter = await new RawClient(server, room, ben.token).ready();
		deleter.edit((doc) => doc.getArray('messages').delete(0, 1));
		expect((await deleter.waitClosed()).code).toBe(CloseCode.refused);
		await stillServing(room, observer);
		expect(observer.doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text)).toEqual(['mine', expect.stringMatching(/^still here/)]);
		expect(observer.doc.getArray<{ text: string }>('messages').toArray().some((m) => m.text === 'I am Ana')).toBe(false);
	});

	it('refuses an entry in the public timeline from a resident and from an operator: only the server writes events', async () => {
		const { room, observer } = await scene();
		const entry = (author: string) => ({ id: randomUUID().slice(0, 8), author, type: 'closed', text: 'Retirada', at: Date.now() });
		const resident = await new RawClient(server, room, ben.token).ready();
		resident.edit((doc) => doc.getArray('events').push([entry('municipality')]));
		expect(await resident.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('events') });
		const olga = await staff(server, 'operator@providencia');
		const operator = await new RawClient(server, room, olga.token).ready();
		operator.edit((doc) => doc.getArray('events').push([entry('municipality')]));
		expect(await operator.waitClosed()).toEqual({ code: CloseCode.refused, reason: 'you may not add to "events"' });
		await stillServing(room, observer);
		expect(observer.doc.getArray('events').length).toBe(0);
	});

	it('refuses an update carrying another user’s clientID with 4409', async () => {
		const { room, creator, observer } = await scene();
		creator.edit((doc) => doc.getArray('messages').push([message(ana, 'from ana’s device')]));
		await until(() => creator.acknowledged(), 'ana’s message to be stored');
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(creator.doc));
		forged.clientID = creator.doc.clientID;
		const before = Y.encodeStateVector(forged);
		forged.getArray('messages').push([message(ben, 'as ana’s device')]);
		const thief = await new RawClient(server, room, ben.token).ready();
		thief.sendUpdate(Y.encodeStateAsUpdate(forged, before));
		expect((await thief.waitClosed()).code).toBe(CloseCode.clientIdTaken);
		await stillServing(room, observer);
	});

	it('closes garbage, truncated updates and unknown message types with 4400, oversized messages with 1009', async () => {
		const { room, observer } = await scene();
		const garbage = await new RawClient(server, room, ben.token).ready();
		garbage.send(new Uint8Array([0, 2, 200, 255, 255, 255, 15, 1, 2, 3]));
		expect((await garbage.waitClosed()).code).toBe(CloseCode.badMessage);

		const full = new Y.Doc();
		full.getArray('messages').push([message(ben, 'truncated')]);
		const update = Y.encodeStateAsUpdate(full);
		const truncated = await new RawClient(server, room, ben.token).ready();
		truncated.sendUpdate(update.slice(0, update.length - 6));
		expect((await truncated.waitClosed()).code).toBe(CloseCode.badMessage);

		const unknownType = await new RawClient(server, room, ben.token).ready();
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 42);
		unknownType.send(encoding.toUint8Array(encoder));
		expect((await unknownType.waitClosed()).code).toBe(CloseCode.badMessage);

		const text = await new RawClient(server, room, ben.token).ready();
		text.ws.send('hello');
		expect((await text.waitClosed()).code).toBe(CloseCode.badMessage);

		const big = await new RawClient(server, room, ben.token).ready();
		big.send(new Uint8Array(65 * 1024));
		expect((await big.waitClosed()).code).toBe(1009);

		await stillServing(room, observer);
		expect(observer.doc.getArray<{ text: string }>('messages').toArray().some((m) => m.text === 'truncated')).toBe(false);
	});
});

import { randomInt, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAwareness, type AwarenessEntry } from '../../server/sync/awareness.ts';
import { awarenessFrame as frameOf } from '../../server/sync/awareness-room.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { craftUpdate, type Id } from '../support/yjs-craft.ts';
import { postReport, RawClient, resident, staff, until, upgradeStatus, type Account } from './sync-support.ts';

/**
 * Regressions of the adversarial review of the sync server (issue 13): each forged write, sent by
 * a raw y-protocols client with a hand-made encoding, is refused, changes nothing anyone sees, and
 * leaves the document writable for honest clients.
 */
let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_LOG: 'debug', CUADRA_SYNC_MESSAGES_PER_SECOND: '200' } });
});
afterAll(async () => {
	await server?.stop();
});

const cookie = (account: Account) => ({ cookie: `cuadra_session=${encodeURIComponent(account.token)}` });
const freshClient = () => randomInt(1_000_000, 2 ** 31);
const entry = (author: string, text = 'Hola', id = `m-${randomUUID()}`) => ({ id, author, text, at: Date.now() });

/** The id of what holds a map key's value, or of a list's last element (the last clock of its last item). */
function valueId(doc: Y.Doc, root: string, key?: string): Id {
	const type = doc.share.get(root) as Y.AbstractType<unknown>;
	let item = key === undefined ? type._start : (type._map.get(key) ?? null);
	if (key === undefined) while (item?.right) item = item.right;
	if (!item) throw new Error(`no item at ${root}${key ? `.${key}` : ''}`);
	return [item.id.client, item.id.clock + item.length - 1];
}

/** Sends `update` and expects the socket to be closed with `code`. */
async function refused(client: RawClient, update: Uint8Array, code: number = CloseCode.refused): Promise<string> {
	client.sendUpdate(update);
	const closed = await client.waitClosed();
	expect(closed.code, closed.reason).toBe(code);
	return closed.reason;
}

async function reader(room: string, account: Account): Promise<RawClient> {
	return new RawClient(server, room, account.token).ready();
}

/** A report by `reporter`, opened by `writer` (another resident of Providencia by default). */
async function report(reporter: Account) {
	const id = await postReport(server, reporter);
	return { id, room: `report:${id}` };
}

describe('deletions made by Yjs itself, not by the delete set', () => {
	it('a deleted struct set as a key’s newest value does not remove the server’s meta', async () => {
		const bob = await resident(server);
		const ana = await resident(server);
		const { room } = await report(bob);
		for (const key of ['municipality', 'description']) {
			const attacker = await reader(room, ana);
			const reason = await refused(attacker, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ origin: valueId(attacker.doc, 'meta', key), deleted: 1 }] }]));
			expect(reason).toContain(`meta.${key}`);
		}
		const check = await reader(room, ana);
		expect(check.doc.getMap('meta').get('municipality')).toBe('providencia');
		expect(check.doc.getMap('meta').get('description')).toBe('Poste apagado');
	});

	it('staff cannot remove a reporter’s phone by replacing it, nor set it first with a deleted struct', async () => {
		const bob = await resident(server);
		const operator = await staff(server, 'operator@providencia');
		const { id } = await report(bob);
		const room = `report-private:${id}`;

		// Placed before the reporter set it: the operator may not write the reporter's field at all.
		const early = await reader(room, operator);
		expect(await refused(early, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ parent: 'contact', key: 'phone', deleted: 1 }] }]))).toBe('you may not set "contact.phone"');

		// The reporter's first set is still accepted.
		const mine = await reader(room, bob);
		mine.edit((doc) => doc.getMap('contact').set('phone', '+56 9 1234 5678'));
		await until(() => mine.acknowledged(), 'the phone to be saved');

		const late = await reader(room, operator);
		await refused(late, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ origin: valueId(late.doc, 'contact', 'phone'), deleted: 1 }] }]));
		expect((await reader(room, bob)).doc.getMap('contact').get('phone')).toBe('+56 9 1234 5678');
	});
});

describe('what is judged is what Yjs applies', () => {
	it('nobody plants an entry in the server’s events, through their own deleted item or one of the server’s, staff included', async () => {
		const bob = await resident(server);
		const ana = await resident(server);
		const operator = await staff(server, 'operator@providencia');
		const { id } = await report(bob);
		const feed = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string; incidentId: string }[] };
		const room = `incident:${feed.reports.find((r) => r.id === id)?.incidentId}`;
		const client = freshClient();

		// The first half of the trick: a deleted item in events, to continue later from clock 1.
		const first = await reader(room, ana);
		await until(() => first.doc.getArray('events').length > 0, 'the server’s timeline');
		expect(await refused(first, craftUpdate([{ client, clock: 0, structs: [{ parent: 'events', deleted: 1 }] }]))).toBe('you may not add to "events"');

		// An operator may not append either, even signed as the municipality, after the server's last event.
		const op = await reader(room, operator);
		const signed = { id: 'e-1', author: 'municipality', type: 'acknowledged', at: Date.now() };
		expect(await refused(op, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ origin: valueId(op.doc, 'events'), any: [signed] }] }]))).toBe('you may not add to "events"');
		const second = await reader(room, ana);
		expect(await refused(second, craftUpdate([{ client, clock: 0, structs: [{ origin: valueId(second.doc, 'events'), any: [entry(ana.userId)] }] }]))).toBe('you may not add to "events"');

		// Nothing of it stayed: events hold only what the server wrote.
		const events = (await reader(room, bob)).doc.getArray('events').toJSON() as { author: string; type: string }[];
		expect(events.length).toBeGreaterThan(0);
		expect(events.every((e) => e.author === 'municipality' && ['received', 'auto_answer'].includes(e.type))).toBe(true);
	});

	it('two updates of one clientID from clock 0: only what Yjs integrates counts, once', async () => {
		const bob = await resident(server);
		const ana = await resident(server);
		const { room } = await report(bob);
		const client = freshClient();
		const a1 = entry(ana.userId, 'uno');
		const a2 = entry(ana.userId, 'dos');
		const writer = await reader(room, ana);
		writer.sendUpdate(craftUpdate([{ client, clock: 0, structs: [{ parent: 'messages', any: [a1] }] }]));
		// Clock 0 again, two values: Yjs skips the one it has and integrates the second after it.
		writer.sendUpdate(craftUpdate([{ client, clock: 0, structs: [{ parent: 'messages', any: [{ ...a1, text: 'otro' }, a2] }] }]));
		await until(async () => (await reader(room, bob)).doc.getArray('messages').length === 2, 'both messages');
		expect((await reader(room, bob)).doc.getArray('messages').toJSON()).toEqual([a1, a2]);
		expect(writer.closed).toBeNull();

		// A key of the server-only meta, reached through an origin instead of a parent.
		const forger = await reader(room, ana);
		await refused(forger, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ origin: valueId(forger.doc, 'meta', 'category'), any: ['robbery'] }] }]));
		expect((await reader(room, bob)).doc.getMap('meta').get('category')).toBe('streetlight_out');
	});

	it('refuses an update that lists one clientID twice', async () => {
		const ana = await resident(server);
		const { room } = await report(ana);
		const client = freshClient();
		const writer = await reader(room, ana);
		const twice = craftUpdate([
			{ client, clock: 0, structs: [{ parent: 'messages', any: [entry(ana.userId)] }] },
			{ client, clock: 1, structs: [{ parent: 'messages', any: [entry(ana.userId)] }] }
		]);
		expect(await refused(writer, twice, CloseCode.badMessage)).toContain('twice');
		expect((await reader(room, ana)).doc.getArray('messages').length).toBe(0);
	});
});

describe('append-only lists', () => {
	it('take entries only at the end, as of what the sender had been sent, with unique ids', async () => {
		const bob = await resident(server);
		const ana = await resident(server);
		const { room } = await report(bob);
		const honest = await reader(room, bob);
		const first = entry(bob.userId, 'primero');
		honest.edit((doc) => doc.getArray('messages').push([first, entry(bob.userId, 'segundo')]));
		honest.edit((doc) => doc.getArray('messages').push([entry(bob.userId, 'tercero')]));
		await until(() => honest.acknowledged(), 'the messages to be saved');

		// Yjs orders items with the same origin by clientID: with a low one, an item with no origin
		// lands before the first entry, and one whose origin is the first entry before the second.
		// The server judges where it lands (with a high clientID both would land at the end).
		const atStart = await reader(room, ana);
		expect(await refused(atStart, craftUpdate([{ client: randomInt(1, 1000), clock: 0, structs: [{ parent: 'messages', any: [entry(ana.userId)] }] }]))).toBe('entries may only be appended at the end');
		const inMiddle = await reader(room, ana);
		const firstId = valueId(inMiddle.doc, 'messages');
		const earlier: Id = [firstId[0], 0];
		expect(await refused(inMiddle, craftUpdate([{ client: randomInt(1, 1000), clock: 0, structs: [{ origin: earlier, any: [entry(ana.userId)] }] }]))).toBe('entries may only be appended at the end');
		const sameId = await reader(room, ana);
		expect(await refused(sameId, craftUpdate([{ client: freshClient(), clock: 0, structs: [{ origin: valueId(sameId.doc, 'messages'), any: [{ ...entry(ana.userId), id: first.id }] }] }]))).toContain(`already has an entry with id ${first.id}`);

		// At the end, Ana's message is accepted.
		const fine = await reader(room, ana);
		fine.edit((doc) => doc.getArray('messages').push([entry(ana.userId, 'al final')]));
		await until(() => fine.acknowledged(), 'the honest append');
		const texts = (await reader(room, bob)).doc.getArray('messages').toJSON().map((m: { text: string }) => m.text);
		expect(texts).toEqual(['primero', 'segundo', 'tercero', 'al final']);
	});
});

describe('limits count what is stored', () => {
	it('refuses text padded past the limit with whitespace, in messages and in private notes', async () => {
		const ana = await resident(server);
		const { id, room } = await report(ana);
		const padded = await reader(room, ana);
		padded.edit((doc) => doc.getArray('messages').push([entry(ana.userId, `${'a'.repeat(1000)}${'\n '.repeat(10_000)}`)]));
		expect((await padded.waitClosed()).code).toBe(CloseCode.refused);
		const notes = await reader(`report-private:${id}`, ana);
		notes.edit((doc) => doc.getArray('notes').push([entry(ana.userId, `${'b'.repeat(999)}${'\u3000'.repeat(5000)}`)]));
		expect((await notes.waitClosed()).code).toBe(CloseCode.refused);
		expect((await reader(room, ana)).doc.getArray('messages').length).toBe(0);
	});
});

describe('smaller holes', () => {
	it('refuses a V2 update and bytes after an update’s end with 4400', async () => {
		const ana = await resident(server);
		const { room } = await report(ana);
		const local = new Y.Doc();
		local.getArray('messages').push([entry(ana.userId)]);
		expect(await refused(await reader(room, ana), Y.encodeStateAsUpdateV2(local), CloseCode.badMessage)).toContain('V2');
		const trailing = craftUpdate([{ client: freshClient(), clock: 0, structs: [{ parent: 'messages', any: [entry(ana.userId)] }] }], [], [1, 2, 3]);
		await refused(await reader(room, ana), trailing, CloseCode.badMessage);
		expect((await reader(room, ana)).doc.getArray('messages').length).toBe(0);
	});

	it('opens no document before its access check', async () => {
		const ana = await resident(server);
		const unknown = `incident:${randomUUID()}`;
		expect(await upgradeStatus(server, unknown, cookie(ana))).toBe(403);
		expect(await upgradeStatus(server, `feed:nowhere-${randomInt(1e6)}`, cookie(ana))).toBe(403);
		const { room } = await report(ana);
		await reader(room, ana);
		// The report was loaded (the log says so), the refused rooms never were.
		await until(() => server.output().includes(`sync: loaded ${room}`), 'the report to be loaded');
		expect(server.output()).not.toContain(`sync: loaded ${unknown}`);
		expect(server.output()).not.toContain('sync: loaded feed:nowhere');
	});
});

describe('awareness', () => {
	// The server's own encoder: the states here are what a raw client would send.
	const awarenessFrame = (entries: { clientId: number; clock: number; state: unknown }[]) => frameOf(entries as AwarenessEntry[]);

	it('relays only declared fields with the stamped identity, drops the server’s clientID, and caps states per socket', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const { room } = await report(ana);
		const watcher = await reader(room, ben);
		const sender = await reader(room, ana);
		const mine = freshClient();
		sender.send(awarenessFrame([{ clientId: mine, clock: 1, state: { typing: true, name: 'Operador Municipal', role: 'admin', user: { id: 'x', role: 'admin' } } }]));
		await until(() => watcher.awareness.length > 0, 'the presence to be relayed');
		expect(decodeAwareness(watcher.awareness.at(-1) as Uint8Array)).toEqual([{ clientId: mine, clock: 1, state: { typing: true, user: { id: ana.userId, role: 'resident' } } }]);

		// The server's own clientID (it wrote the report's meta) is nobody's to announce.
		const serverClient = valueId(sender.doc, 'meta', 'municipality')[0];
		const before = watcher.awareness.length;
		sender.send(awarenessFrame([{ clientId: serverClient, clock: 5, state: { typing: true } }]));
		sender.send(awarenessFrame([{ clientId: mine, clock: 2, state: { typing: false } }]));
		await until(() => watcher.awareness.length > before, 'the next presence');
		const relayed = watcher.awareness.slice(before).flatMap((bytes) => decodeAwareness(bytes));
		expect(relayed.map((e) => e.clientId)).toEqual([mine]);

		// One socket may announce a few states, not thousands.
		const flooder = await reader(room, ana);
		flooder.send(awarenessFrame(Array.from({ length: 50 }, (_, i) => ({ clientId: freshClient() + i, clock: 1, state: { typing: true } }))));
		expect((await flooder.waitClosed()).code).toBe(CloseCode.refused);
		expect(watcher.closed).toBeNull();
	});

	it('carries none in the feed: nothing relayed, nothing kept', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const watcher = await reader('feed:providencia', ben);
		const sender = await reader('feed:providencia', ana);
		sender.send(awarenessFrame([{ clientId: freshClient(), clock: 1, state: { typing: true } }]));
		sender.send(new Uint8Array([3])); // query awareness: no answer either
		const late = await reader('feed:providencia', ben);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(watcher.awareness).toHaveLength(0);
		expect(late.awareness).toHaveLength(0);
		expect(sender.awareness).toHaveLength(0);
		expect(sender.closed).toBeNull();
	});
});

describe('a per-user share of each document', () => {
	let small: TestServer;
	beforeAll(async () => {
		// 20,000 bytes per document, so a tenth (the default share) is 2,000 bytes: two ~0.9 KB messages.
		small = await startServer({ env: { CUADRA_SYNC_MAX_DOC_BYTES: '20000', CUADRA_SYNC_MESSAGES_PER_SECOND: '200' } });
	});
	afterAll(async () => {
		await small?.stop();
	});

	it('stops one resident filling a thread for everyone; the others still write', async () => {
		const ana = await resident(small);
		const ben = await resident(small);
		const room = `report:${await postReport(small, ana)}`;
		const filler = await new RawClient(small, room, ana.token).ready();
		for (let i = 0; i < 3 && !filler.closed; i++) {
			filler.edit((doc) => doc.getArray('messages').push([entry(ana.userId, 'x'.repeat(800))]));
			await until(() => filler.acknowledged() || filler.closed, 'an acknowledgement or a close');
		}
		expect(filler.closed).toMatchObject({ code: CloseCode.docTooLarge, reason: expect.stringContaining('your share') });
		const other = await new RawClient(small, room, ben.token).ready();
		other.edit((doc) => doc.getArray('messages').push([entry(ben.userId, 'y'.repeat(800))]));
		await until(() => other.acknowledged(), 'Ben’s message to be saved');
		expect(other.closed).toBeNull();
		expect((await new RawClient(small, room, ben.token).ready()).doc.getArray('messages').length).toBe(3);
	});
});


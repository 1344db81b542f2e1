/**
 * Fan-out at scale (issue 19): presence relayed once per turn in one message per socket, renewals
 * that only move the clock relayed together later, the same bytes to every socket, and a socket
 * that stops reading dropped with 4008 while the others keep receiving.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { Awareness } from 'y-protocols/awareness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAwareness } from '../../server/sync/awareness.ts';
import { awarenessFrame, RENEWAL_RELAY_MS } from '../../server/sync/awareness-room.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { SyncedDoc } from '../../src/lib/sync/synced-doc.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { openProvider, postReport, RawClient, resident, until, WebSocket, wsUrl, type Account } from './sync-support.ts';

let server: TestServer;
const providers: { destroy(): void }[] = [];
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_SYNC_MESSAGES_PER_SECOND: '100000', CUADRA_SYNC_USER_SHARE_PERCENT: '100', CUADRA_SYNC_SLOW_SOCKET_KIB: '64', CUADRA_SYNC_MAX_DOC_BYTES: String(32 * 1024 * 1024) } });
});
afterAll(async () => {
	for (const p of providers) p.destroy();
	await server?.stop();
});

const freshClient = () => randomInt(1_000_000, 2 ** 31);
const entry = (author: string, text = 'Hola') => ({ id: `m-${randomUUID()}`, author, text, at: Date.now() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const socketOf = (client: RawClient) => (client.ws as unknown as { _socket: Socket })._socket;

async function reportRoom(): Promise<{ room: string; reporter: Account }> {
	const reporter = await resident(server);
	return { room: `report:${await postReport(server, reporter)}`, reporter };
}

/** A y-websocket provider that counts the awareness updates it applied from the server. */
async function watching(room: string) {
	const provider = openProvider(wsUrl(server), room, await resident(server));
	providers.push(provider);
	const updates: number[][] = [];
	provider.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
		if (origin !== 'local') updates.push([...added, ...updated, ...removed]);
	});
	await until(() => provider.synced, 'the provider to sync');
	return { provider, updates, awareness: provider.awareness as Awareness };
}

/** Two awareness messages in one write, so the server reads them in one turn. */
function sendTogether(client: RawClient, messages: Uint8Array[]): void {
	const socket = socketOf(client);
	socket.cork();
	for (const m of messages) client.send(m);
	socket.uncork();
}

describe('presence', () => {
	it('relays what arrives in one turn as one message to each socket, the same bytes to all; echoes are dropped', async () => {
		const { room } = await reportRoom();
		const [a, b] = [await watching(room), await watching(room)];
		const rawWatchers = [await new RawClient(server, room, (await resident(server)).token).ready(), await new RawClient(server, room, (await resident(server)).token).ready()];
		const sender = await new RawClient(server, room, (await resident(server)).token).ready();
		const [one, two] = [freshClient(), freshClient()];
		sendTogether(sender, [awarenessFrame([{ clientId: one, clock: 1, state: { typing: true } }]), awarenessFrame([{ clientId: two, clock: 1, state: { typing: false } }])]);
		for (const w of [a, b]) await until(() => w.awareness.getStates().has(one) && w.awareness.getStates().has(two), 'both states');
		await until(() => rawWatchers.every((w) => w.awareness.length > 0), 'the raw watchers to get presence');
		await sleep(300);
		// One update with both clients, in each provider and each raw socket: one message, identical everywhere.
		for (const w of [a, b]) expect(w.updates.filter((ids) => ids.includes(one) || ids.includes(two))).toEqual([[one, two]]);
		for (const w of rawWatchers) expect(w.awareness.map((m) => decodeAwareness(m).map((e) => e.clientId))).toEqual([[one, two]]);
		expect(Buffer.from(rawWatchers[0]?.awareness[0] as Uint8Array).equals(Buffer.from(rawWatchers[1]?.awareness[0] as Uint8Array))).toBe(true);
		// The providers echoed those states back (y-websocket does): the server dropped the echoes.
		expect(sender.awareness).toHaveLength(1);
		expect(sender.closed).toBeNull();
	});

	it('relays neither a first state at clock 0 nor, at once, renewals that only move the clock; those come together later', async () => {
		const { room } = await reportRoom();
		const watcher = await watching(room);
		const raw = await new RawClient(server, room, (await resident(server)).token).ready();
		const [fresh, typing] = [await new RawClient(server, room, (await resident(server)).token).ready(), await new RawClient(server, room, (await resident(server)).token).ready()];
		const [freshId, typingId] = [freshClient(), freshClient()];
		// A provider's first state, and another's real one.
		fresh.send(awarenessFrame([{ clientId: freshId, clock: 0, state: {} }]));
		typing.send(awarenessFrame([{ clientId: typingId, clock: 1, state: { typing: true } }]));
		await until(() => raw.awareness.length === 1, 'the typing state');
		expect(decodeAwareness(raw.awareness[0] as Uint8Array).map((e) => e.clientId)).toEqual([typingId]);
		// Renewals: the same states at higher clocks.
		const renewedAt = Date.now();
		fresh.send(awarenessFrame([{ clientId: freshId, clock: 1, state: {} }]));
		typing.send(awarenessFrame([{ clientId: typingId, clock: 2, state: { typing: true } }]));
		await sleep(400);
		expect(raw.awareness).toHaveLength(1);
		await until(() => raw.awareness.length === 2, 'the renewals', RENEWAL_RELAY_MS + 3000);
		expect(Date.now() - renewedAt).toBeGreaterThanOrEqual(RENEWAL_RELAY_MS - 100);
		const renewals = decodeAwareness(raw.awareness[1] as Uint8Array);
		expect(renewals.map((e) => [e.clientId, e.clock])).toEqual([
			[freshId, 1],
			[typingId, 2]
		]);
		// y-protocols takes them: the provider now holds both states at their new clocks.
		await until(() => watcher.awareness.meta.get(typingId)?.clock === 2 && watcher.awareness.getStates().has(freshId), 'the provider to take the renewals');
		// The provider's own first state (clock 0) was never relayed to the raw socket.
		expect(raw.awareness.flatMap((m) => decodeAwareness(m)).some((e) => e.clientId === watcher.provider.doc.clientID)).toBe(false);
	}, 20_000);
});

describe('updates', () => {
	it('sends every socket the same bytes for an update', async () => {
		const { room, reporter } = await reportRoom();
		const watchers = [await new RawClient(server, room, (await resident(server)).token).ready(), await new RawClient(server, room, (await resident(server)).token).ready()];
		const writer = await new RawClient(server, room, reporter.token).ready();
		const before = watchers.map((w) => w.frames.length);
		writer.edit((doc) => doc.getArray('messages').push([entry(reporter.userId)]));
		await until(() => watchers.every((w, i) => w.frames.length > (before[i] as number)), 'the update');
		const [x, y] = watchers.map((w, i) => Buffer.from(w.frames[before[i] as number] as Uint8Array));
		expect(x?.equals(y as Buffer)).toBe(true);
		expect(x?.[0]).toBe(0);
	});

	it('drops a socket that stops reading with 4008 while the others keep receiving; the app’s client comes back and catches up', async () => {
		const { room, reporter } = await reportRoom();
		const healthy = await watching(room);
		// The app's client, on a socket the test can stop reading from.
		const sockets: WebSocket[] = [];
		class Recorded extends WebSocket {
			constructor(...args: ConstructorParameters<typeof WebSocket>) {
				super(...args);
				sockets.push(this);
			}
		}
		const slowAccount = await resident(server);
		const app = new SyncedDoc({ serverUrl: wsUrl(server), room, roots: {}, params: { token: slowAccount.token }, WebSocketPolyfill: Recorded, pauseMs: 50 });
		providers.push(app);
		await app.whenSynced();
		const first = sockets[0] as WebSocket;
		const closes: number[] = [];
		first.on('close', (code) => closes.push(code));
		(first as unknown as { _socket: Socket })._socket.pause();

		const writer = await new RawClient(server, room, reporter.token).ready();
		// Past what the kernel buffers on loopback (a send buffer grows to 4 MiB) and the 64 KiB limit.
		const total = 6000;
		for (let i = 0; i < total; i += 100) {
			writer.edit((doc) => doc.getArray('messages').push(Array.from({ length: 100 }, (_, k) => entry(reporter.userId, `${i + k} ${'x'.repeat(900)}`))));
			await until(() => writer.acknowledged(), 'the writer’s batch to be saved');
		}
		await until(() => healthy.provider.doc.getArray('messages').length === total, 'the healthy client to have everything', 30_000);
		expect(healthy.provider.wsconnected).toBe(true);
		expect(writer.closed).toBeNull();
		// The stopped socket reads again: what was buffered, then the server's close.
		(first as unknown as { _socket: Socket })._socket.resume();
		await until(() => closes.length > 0, 'the slow socket to be closed', 15_000);
		expect(closes).toEqual([CloseCode.tooSlow]);
		// The app's client reconnects by itself and catches up.
		await until(() => sockets.length > 1 && app.doc.getArray('messages').length === total, 'the app to reconnect and catch up', 20_000);
	}, 90_000);
});

/** Helpers for the sync and auth integration tests: accounts, raw protocol clients, polling. */
import { randomBytes, randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';

export { WebSocket };

export interface Account {
	userId: string;
	token: string;
}

/** Polls until `check` returns a truthy value; fails with `what` after the deadline. */
export async function until<T>(check: () => T | Promise<T>, what: string, deadlineMs = 10_000): Promise<NonNullable<T>> {
	const end = Date.now() + deadlineMs;
	for (;;) {
		const value = await check();
		if (value) return value as NonNullable<T>;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

export function tokenFrom(response: Response): string {
	const cookie = response.headers.get('set-cookie') ?? '';
	const match = /cuadra_session=([^;]*)/.exec(cookie);
	if (!match?.[1]) throw new Error(`no session cookie in ${cookie}`);
	return decodeURIComponent(match[1]);
}

export async function resident(server: TestServer, municipalityId = 'providencia', secret = randomBytes(32).toString('base64url')): Promise<Account & { secret: string }> {
	const response = await fetch(`${server.url}/api/auth/resident`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ secret, municipalityId })
	});
	if (!response.ok) throw new Error(`resident sign-in failed: ${response.status} ${await response.text()}`);
	const body = (await response.json()) as { user: { id: string } };
	return { userId: body.user.id, token: tokenFrom(response), secret };
}

/** The demo seed prints each staff password once; tests read them from the server's output. */
export function seededPassword(server: TestServer, username: string): string {
	const line = server.output().split('\n').find((l) => l.includes(username));
	const password = line?.trim().split(/\s+/)[1];
	if (!password) throw new Error(`no seeded credentials for ${username}`);
	return password;
}

export async function staff(server: TestServer, username: string): Promise<Account> {
	const response = await fetch(`${server.url}/api/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: seededPassword(server, username) })
	});
	if (!response.ok) throw new Error(`staff sign-in failed: ${response.status}`);
	const body = (await response.json()) as { user: { id: string } };
	return { userId: body.user.id, token: tokenFrom(response) };
}

/** A point in Providencia (demo seed). */
export const providenciaPoint = [-70.6128, -33.4255] as const;

/**
 * Sends a report through `POST /api/reports` as `account` (the reporter) and returns its id: the
 * server then writes the public meta of `report:<id>`, the only way a report document gets one.
 */
export async function postReport(server: TestServer, account: Account, over: Record<string, unknown> = {}): Promise<string> {
	const id = typeof over.id === 'string' ? over.id : randomUUID();
	const response = await fetch(`${server.url}/api/reports`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(account.token)}` },
		body: JSON.stringify({
			category: 'streetlight_out',
			description: 'Poste apagado',
			location: { kind: 'point', point: providenciaPoint, source: 'map' },
			consentToCall: false,
			reportedAt: new Date().toISOString(),
			...over,
			id
		})
	});
	if (response.status !== 201) throw new Error(`report not accepted: ${response.status} ${await response.text()}`);
	return id;
}

export const wsUrl = (server: TestServer) => `ws://127.0.0.1:${server.port}/sync`;

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
export function upgradeStatus(server: TestServer, room: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${wsUrl(server)}/${room}`, { headers });
		ws.on('open', () => {
			ws.terminate();
			resolve(101);
		});
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			res.resume();
			ws.terminate();
		});
		ws.on('error', (error) => {
			if (!/Unexpected server response/.test(error.message)) reject(error);
		});
	});
}

const frame = (write: (e: encoding.Encoder) => void) => {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
};

/**
 * A client written with y-protocols only: it mirrors the server's document in `doc`, tracks what
 * the server has acknowledged as saved, and records how the socket closed.
 */
export class RawClient {
	readonly doc = new Y.Doc();
	readonly ws: WebSocket;
	closed: { code: number; reason: string } | null = null;
	/** What the server has durably stored, as far as its messages tell (a state vector). */
	serverState = new Map<number, number>();
	awareness: Uint8Array[] = [];
	/** Every message the server sent, as received. */
	frames: Uint8Array[] = [];
	private opened: Promise<void>;

	constructor(server: TestServer, room: string, token: string, how: 'cookie' | 'bearer' | 'query' = 'cookie') {
		const url = `${wsUrl(server)}/${room}${how === 'query' ? `?token=${encodeURIComponent(token)}` : ''}`;
		const headers = how === 'cookie' ? { cookie: `cuadra_session=${encodeURIComponent(token)}` } : how === 'bearer' ? { authorization: `Bearer ${token}` } : {};
		this.ws = new WebSocket(url, { headers });
		this.ws.binaryType = 'nodebuffer';
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
			this.ws.once('error', reject);
		});
		this.ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
		this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
	}

	async ready(): Promise<this> {
		await this.opened;
		this.send(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, this.doc))));
		await until(() => this.synced, 'the first sync');
		return this;
	}

	synced = false;

	send(bytes: Uint8Array): void {
		this.ws.send(bytes);
	}

	/** Sends a Yjs update as a sync Update message. */
	sendUpdate(update: Uint8Array): void {
		this.send(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, update))));
	}

	/** Edits the mirror and sends exactly that change. */
	edit(change: (doc: Y.Doc) => void): Uint8Array {
		const before = Y.encodeStateVector(this.doc);
		change(this.doc);
		const update = Y.encodeStateAsUpdate(this.doc, before);
		this.sendUpdate(update);
		return update;
	}

	private saved(client: number, clock: number): void {
		if ((this.serverState.get(client) ?? 0) < clock) this.serverState.set(client, clock);
	}

	/** True once the server acknowledged (durably stored) everything this mirror holds. */
	acknowledged(): boolean {
		for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
			if ((this.serverState.get(client) ?? 0) < clock) return false;
		}
		return true;
	}

	waitClosed(): Promise<{ code: number; reason: string }> {
		return until(() => this.closed, 'the socket to close');
	}

	close(): void {
		this.ws.close();
	}

	private onMessage(data: Uint8Array): void {
		this.frames.push(data);
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type === 0) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			// Everything the server sends covers only saved changes (docs/sync-protocol.md §4).
			if (step === 0) {
				for (const [client, clock] of Y.decodeStateVector(payload)) this.saved(client, clock);
				// Answer like y-websocket does: with what the server lacks.
				this.send(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, this.doc, payload))));
			} else {
				Y.applyUpdate(this.doc, payload, 'server');
				// Another's change, or this client's own sent back as its acknowledgement. The server
				// accepts no gaps, so a struct saved up to a clock means the clocks before it are too.
				for (const struct of Y.decodeUpdate(payload).structs) this.saved(struct.id.client, struct.id.clock + struct.length);
				if (step === 1) this.synced = true;
			}
		} else if (type === 1) {
			this.awareness.push(decoding.readVarUint8Array(decoder));
		}
	}
}

/** A real y-websocket client on `room` at `url`, signed in as `account`, connected as the app connects. */
export function openProvider(url: string, room: string, account: Account, doc: Y.Doc = new Y.Doc()): WebsocketProvider {
	return new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: account.token }, disableBc: true });
}

/**
 * One real server for a test file, started before its tests and stopped after them, with the
 * y-websocket providers its tests open (`track`), destroyed first. `server` is filled in once the
 * server listens, so tests and helpers can hold it from the start.
 */
export function serverWithProviders(): { server: TestServer; track: (provider: WebsocketProvider) => WebsocketProvider } {
	const server = {} as TestServer;
	const providers: WebsocketProvider[] = [];
	beforeAll(async () => {
		Object.assign(server, await startServer());
	});
	afterAll(async () => {
		for (const p of providers) p.destroy();
		await server.stop?.();
	});
	return { server, track: (provider) => (providers.push(provider), provider) };
}

/**
 * A resident's report with a private phone number, and what they then wrote about it: the number
 * in `report-private:<id>` and a message ("Mensaje de Ana", id `a1`) in `report:<id>`, both saved.
 * The two clients stay open (the caller closes or watches them).
 */
export async function reportWithWrites(server: TestServer, account: Account, phone: string): Promise<{ id: string; priv: RawClient; chat: RawClient }> {
	const id = await postReport(server, account, { consentToCall: true, phone, devicePosition: [-70.6127, -33.4254] });
	const priv = await new RawClient(server, `report-private:${id}`, account.token).ready();
	priv.edit((doc) => doc.getMap('contact').set('phone', phone));
	const chat = await new RawClient(server, `report:${id}`, account.token).ready();
	chat.edit((doc) => doc.getArray('messages').push([{ id: 'a1', author: account.userId, text: 'Mensaje de Ana', at: Date.now() }]));
	await until(() => priv.acknowledged() && chat.acknowledged(), 'the resident’s writes saved');
	return { id, priv, chat };
}

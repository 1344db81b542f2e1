import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Auth } from '../auth/routes.ts';
import { allowedOrigin } from '../auth/origin.ts';
import { hashToken } from '../auth/tokens.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import type { Config } from '../config/index.ts';
import type { UpgradeHandler } from '../http/server.ts';
import type { Endpoint } from '../http/endpoint.ts';
import { roleIn, type Principal } from '../auth/principal.ts';
import { rollbackRoutes, RollbackRefused } from './rollback-routes.ts';
import type { Logger } from '../log.ts';
import { CloseCode, MessageType, SyncStep } from '../../src/lib/sync/protocol.ts';
import { connectionOf, SocketConnection, type Connection } from './connection.ts';
import { DocHost, type Inbound } from './doc-host.ts';
import { spreadOverPeriod } from './heartbeat.ts';
import type { DocFacts, DocKind, ServerWrite } from './kind.ts';
import { roomFromPath } from './rooms.ts';
import { SessionSockets } from './session-sockets.ts';
import { syncDocs, type SyncDocs } from './docs.ts';
import type { SyncStore } from './store/sync-store.ts';

export interface SyncServer {
	upgrade: UpgradeHandler;
	/** HTTP routes of the sync server (admin tools). */
	routes: Endpoint[];
	/**
	 * An admin of the document's municipality deletes everything one user wrote in it. Resolves to
	 * the number of items deleted; throws RollbackRefused when not allowed.
	 */
	rollback(actor: Principal, room: string, userId: string, reason: string): Promise<number>;
	/**
	 * The server writes into a document itself (e.g. a report's meta after it was accepted): `edit`
	 * runs on the server's copy in order with clients' updates, unchecked by the kind's rules; the
	 * change is saved before it is broadcast, and audited with the server as author and `reason`.
	 * Resolves once saved: true when the edit changed something. Throws on an unknown room.
	 */
	writeAsServer: ServerWrite;
	/**
	 * Replaces a loaded document's stored rows with one merged update now, rather than when it
	 * leaves memory: what was deleted (a hidden message, issue 16) leaves the store at once. Nothing
	 * to do for a room not in memory, or with one row.
	 */
	compact(room: string): Promise<void>;
	/**
	 * A feature registers a kind of document (docs/sync-protocol.md §9): rooms `<kind>:<id>` are
	 * refused (404) until their kind is registered.
	 */
	register(kind: DocKind): void;
	/**
	 * The feature's facts of a loaded room changed (e.g. a report joined an incident, so its reporter
	 * may write in the incident's thread): read them again from `storedFacts`. Resolves once done;
	 * nothing to do for a room not in memory.
	 */
	refreshFacts(room: string): Promise<void>;
	/** Stored documents for features: read one, find and erase what a user wrote (docs.ts). */
	docs: SyncDocs;
	/** Closes every socket, waits for pending writes. */
	close(): Promise<void>;
	stats(): { docs: number; connections: number };
}

const MAX_CONNECTIONS_PER_USER = 500;
/**
 * A session with a socket open here, checked against the store this recently, opens more sockets
 * without another look-up (a sign-out here takes effect at once; see SessionSockets). The same
 * bound as the staff session watch (server/auth/session-watch.ts) for changes made elsewhere.
 */
const RECHECK_SESSION_MS = 5_000;

function destroyOnError(this: Duplex): void {
	this.destroy();
}

function reject(socket: Duplex, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
	const body = JSON.stringify({ error: { code, message } });
	const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
	const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
	socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
}

/** Parses one frame into something a DocHost understands. Throws on any malformed byte. */
export function parseFrame(data: Uint8Array): { type: 'sync'; message: Inbound } | { type: 'awareness'; update: Uint8Array } | { type: 'queryAwareness' } {
	const decoder = decoding.createDecoder(data);
	const type = decoding.readVarUint(decoder);
	let result: ReturnType<typeof parseFrame>;
	if (type === MessageType.sync) {
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (step === SyncStep.step1) result = { type: 'sync', message: { type: 'step1', stateVector: payload } };
		else if (step === SyncStep.step2 || step === SyncStep.update) result = { type: 'sync', message: { type: 'update', update: payload } };
		else throw new Error(`unknown sync step ${step}`);
	} else if (type === MessageType.awareness) {
		result = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
	} else if (type === MessageType.queryAwareness) {
		result = { type: 'queryAwareness' };
	} else {
		throw new Error(`unknown message type ${type}`);
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
	return result;
}

/**
 * The sync server: authenticates websocket upgrades on /sync/<kind>:<id>, decides access per user
 * and room, and hands messages to the room's DocHost. See docs/sync-protocol.md.
 */
export function createSyncServer(ctx: { config: Config; store: SyncStore; log: Logger; auth: Auth }): SyncServer {
	const { config, store, log, auth } = ctx;
	const wss = new WebSocketServer({ noServer: true, maxPayload: config.sync.maxMessageBytes });
	const docKinds = new Map<string, DocKind>();
	const hosts = new Map<string, DocHost>();
	const loading = new Map<string, Promise<DocHost>>();
	const connections = new Set<SocketConnection>();
	const perUser = new Map<string, number>();
	const messages = new RateLimiter(config.sync.messagesPerSecond * 5, config.sync.messagesPerSecond);
	let pendingUpgrades = 0;
	let closing = false;

	/** The room's host, loaded if need be; `known`: the kind's stored facts when the caller has just read them. */
	async function hostFor(name: string, kind: DocKind, id: string, known?: DocFacts | null): Promise<DocHost> {
		const existing = hosts.get(name);
		if (existing && !existing.failed) {
			if (kind.storedFacts && !existing.storedFacts) {
				const stored = await kind.storedFacts(id);
				if (stored) existing.useStoredFacts(stored);
			}
			return existing;
		}
		if (existing) {
			hosts.delete(name);
			existing.destroy();
		}
		let promise = loading.get(name);
		if (!promise) {
			promise = (async () => {
				let external: (() => DocFacts) | undefined;
				const stored = known !== undefined ? known : kind.storedFacts ? await kind.storedFacts(id) : null;
				if (stored) external = () => stored;
				else if (kind.factsRoom) {
					const factsName = kind.factsRoom(id);
					const [factsKindName, factsId] = [factsName.slice(0, factsName.indexOf(':')), factsName.slice(factsName.indexOf(':') + 1)];
					const factsKind = docKinds.get(factsKindName);
					if (!factsKind) throw new Error(`kind ${kind.name} takes facts from unknown kind ${factsKindName}`);
					let cached: DocFacts | null = null;
					const source = await hostFor(factsName, factsKind, factsId);
					// Facts are set once, so once complete they can be kept; until then read them live.
					external = () => {
						if (cached) return cached;
						const live = hosts.get(factsName) ?? source;
						const facts = live.facts();
						if (facts.creator && facts.municipalityId) cached = facts;
						return facts;
					};
				}
				const host = new DocHost(name, kind, await store.load(name), store, { maxDocBytes: config.sync.maxDocBytes, maxUserBytes: Math.floor((config.sync.maxDocBytes * config.sync.userSharePercent) / 100), compactEvery: 200 }, log, external, () => store.load(name));
				if (stored) host.useStoredFacts(stored);
				hosts.set(name, host);
				log.debug(`sync: loaded ${name}`);
				// The feature fills the document from its store (writing through writeAsServer, which
				// finds this host): sockets wait for it, other writers need not.
				if (kind.prepare) host.prepared = kind.prepare(id, writeAsServer).catch((error: unknown) => log.error(`sync: could not prepare ${name}`, error));
				return host;
			})().finally(() => loading.delete(name));
			loading.set(name, promise);
		}
		return promise;
	}

	// Quiet documents rest (kept encoded, see DocHost.rest); idle ones, with no socket either,
	// leave memory, compacted first.
	const sweep = setInterval(() => {
		const cutoff = Date.now() - config.sync.idleSeconds * 1000;
		for (const [name, host] of hosts) {
			if (host.lastUsed > cutoff) continue;
			if (!host.idle) {
				if (!host.isResting) host.rest();
				continue;
			}
			hosts.delete(name);
			void host
				.compact()
				.catch((error: unknown) => log.error(`sync: compaction of ${name} failed`, error))
				.finally(() => host.destroy());
		}
	}, Math.min(10_000, config.sync.idleSeconds * 500));
	sweep.unref();

	// The audit log and clientID bindings are pruned by server/sync/retention.ts (started in app.ts).

	// Sockets whose peer vanished (a phone out of coverage) answer no ping: drop them after 30-60 s.
	// Each socket is pinged once every 30 s, a thirtieth of them each second.
	const stopHeartbeat = spreadOverPeriod(
		connections,
		(conn) => {
			if (!conn.alive) return conn.ws.terminate();
			conn.alive = false;
			try {
				conn.ws.ping();
			} catch {
				conn.ws.terminate();
			}
		},
		30_000
	);

	// One shared principal and one expiry timer per session, however many documents it has open.
	const sessions = new SessionSockets<SocketConnection>((conn) => conn.close(CloseCode.sessionEnded, 'the session has ended'));
	const stopRevoked = auth.events.onRevoked((sessionHash) => {
		for (const conn of sessions.revoke(sessionHash)) conn.close(CloseCode.sessionEnded, 'signed out');
	});

	const upgrade: UpgradeHandler = (req, socket, head, url) => {
		// A module-level listener, removed once ws owns the socket: a closure here would keep this
		// request and its `head` buffer (with the read buffer behind it) alive as long as the socket.
		socket.on('error', destroyOnError);
		if (closing) return reject(socket, 503, 'stopping', 'The server is stopping. Reconnect in a moment.');
		const room = roomFromPath(url.pathname);
		const kind = room ? docKinds.get(room.kind) : undefined;
		if (!room || !kind) return reject(socket, 404, 'unknown_room', 'Rooms are named <kind>:<id> with a known kind, e.g. report:<id>.');
		if (!allowedOrigin(req, config.publicUrl)) return reject(socket, 403, 'cross_origin', 'Websockets must come from Cuadra itself.');
		if (pendingUpgrades >= config.sync.maxPendingUpgrades) return reject(socket, 503, 'busy', 'Too many connections are being set up. Try again shortly.', { 'retry-after': '2' });
		const token = auth.tokenOf(req) ?? url.searchParams.get('token') ?? undefined;
		if (!token) return reject(socket, 401, 'unauthenticated', 'Sign in first: send the session cookie, a Bearer token or ?token=.');
		pendingUpgrades++;
		let pinned: DocHost | undefined;
		const checkedFrom = Date.now();
		void (async () => {
			const sessionHash = hashToken(token);
			const principal = sessions.recent(sessionHash, RECHECK_SESSION_MS) ?? (await auth.principalOfToken(token).then((p) => p && sessions.share(p)));
			if (!principal) return reject(socket, 401, 'unauthenticated', 'The session is unknown or has ended. Sign in again.');
			if ((perUser.get(principal.userId) ?? 0) >= MAX_CONNECTIONS_PER_USER) return reject(socket, 429, 'too_many_connections', 'Too many open documents. Close some first.');
			// The access decision comes before the document is loaded: from the store's facts, or
			// (for a kind without them) from what an empty document would say.
			let known: DocFacts | null | undefined;
			if (!hosts.has(room.name) && !kind.factsRoom) {
				known = kind.storedFacts ? await kind.storedFacts(room.id) : null;
				if (kind.access(principal, known ?? kind.facts(() => undefined)) === 'none') return reject(socket, 403, 'forbidden', 'You may not open this document.');
			}
			// The facts just read are handed on, so a first connection reads them once.
			const host = await hostFor(room.name, kind, room.id, known);
			pinned = host;
			host.pins++;
			await host.prepared;
			const access = kind.access(principal, host.facts());
			if (access === 'none') return reject(socket, 403, 'forbidden', 'You may not open this document.');
			if (socket.destroyed || closing) return socket.destroy();
			// Signed out while this upgrade waited for the store: the principal read may predate it.
			if (sessions.endedSince(sessionHash, checkedFrom)) return reject(socket, 401, 'unauthenticated', 'The session has ended. Sign in again.');
			wss.handleUpgrade(req, socket, head, (ws) => {
				socket.off('error', destroyOnError);
				attach(ws, socket, host, principal, access);
			});
		})()
			.catch((error: unknown) => {
				log.error(`sync: upgrade to ${url.pathname} failed`, error);
				if (!socket.destroyed) reject(socket, 503, 'unavailable', 'The document could not be opened. Try again.');
			})
			.finally(() => {
				pendingUpgrades--;
				if (pinned) pinned.pins--;
			});
	};

	// The socket listeners are made once, not per socket: each finds its connection on the socket.
	function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
		const conn = connectionOf(this);
		if (!conn || conn.closed) return;
		if (Date.now() >= conn.principal.expiresAt) return conn.close(CloseCode.sessionEnded, 'the session has ended');
		if (messages.take(conn.principal.userId)) return conn.close(CloseCode.rateLimited, 'too many messages; wait and reconnect');
		if (!isBinary) return conn.close(CloseCode.badMessage, 'messages are binary');
		const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
		let frame: ReturnType<typeof parseFrame>;
		try {
			frame = parseFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
		} catch (error) {
			return conn.close(CloseCode.badMessage, `malformed message: ${(error as Error).message}`);
		}
		if (frame.type === 'sync') conn.host.receive(conn, frame.message);
		else if (frame.type === 'awareness') conn.host.receiveAwareness(conn, frame.update);
		else conn.host.answerAwarenessQuery(conn);
	}
	function onPong(this: WebSocket): void {
		const conn = connectionOf(this);
		if (conn) conn.alive = true;
	}
	function onError(this: WebSocket): void {
		connectionOf(this)?.close(1011, 'socket error');
	}
	function onClose(this: WebSocket): void {
		const conn = connectionOf(this);
		if (!conn) return;
		conn.closed = true;
		sessions.remove(conn);
		connections.delete(conn);
		const left = (perUser.get(conn.principal.userId) ?? 1) - 1;
		if (left) perUser.set(conn.principal.userId, left);
		else perUser.delete(conn.principal.userId);
		conn.host.detach(conn);
	}

	function attach(ws: WebSocket, socket: Duplex, host: DocHost, principal: Principal, access: Connection['access']): void {
		const conn = new SocketConnection(ws, host, principal, access, socket, config.sync.slowSocketBytes);
		connections.add(conn);
		perUser.set(principal.userId, (perUser.get(principal.userId) ?? 0) + 1);
		sessions.add(conn);
		ws.on('message', onMessage);
		ws.on('pong', onPong);
		ws.on('error', onError);
		ws.on('close', onClose);
		host.attach(conn);
	}

	async function rollback(actor: Principal, roomName: string, userId: string, reason: string): Promise<number> {
		const room = roomFromPath(`/sync/${roomName}`);
		const kind = room ? docKinds.get(room.kind) : undefined;
		if (!room || !kind) throw new RollbackRefused(404, 'unknown_room', 'Rooms are named <kind>:<id> with a known kind.');
		const host = await hostFor(room.name, kind, room.id);
		host.pins++;
		try {
			const municipality = host.facts().municipalityId;
			if (!municipality || roleIn(actor, municipality) !== 'admin') {
				throw new RollbackRefused(403, 'forbidden', 'Only an admin of the document’s municipality may roll back a user’s changes.');
			}
			const items = await host.rollback(userId, actor.userId, reason);
			log.info(`sync: ${actor.userId} rolled back ${items} items of ${userId} in ${room.name}`);
			return items;
		} finally {
			host.pins--;
		}
	}

	async function writeAsServer(roomName: string, edit: (doc: Y.Doc) => void, reason: string): Promise<boolean> {
		const room = roomFromPath(`/sync/${roomName}`);
		const kind = room ? docKinds.get(room.kind) : undefined;
		if (!room || !kind) throw new Error(`sync: no such room ${roomName}`);
		if (closing) throw new Error('sync: the server is stopping');
		const host = await hostFor(room.name, kind, room.id);
		host.pins++;
		try {
			return await host.writeAsServer(edit, reason);
		} finally {
			host.pins--;
			host.lastUsed = Date.now();
		}
	}

	async function refreshFacts(roomName: string): Promise<void> {
		const host = hosts.get(roomName);
		const kind = docKinds.get(roomName.slice(0, roomName.indexOf(':')));
		if (!host || host.failed || !kind?.storedFacts) return;
		const stored = await kind.storedFacts(roomName.slice(roomName.indexOf(':') + 1));
		if (stored && hosts.get(roomName) === host) host.useStoredFacts(stored);
	}

	return {
		upgrade,
		rollback,
		writeAsServer,
		compact: async (roomName) => {
			await hosts.get(roomName)?.compact();
		},
		refreshFacts,
		docs: syncDocs(store, writeAsServer),
		register(kind) {
			if (docKinds.has(kind.name)) throw new Error(`sync: the kind ${kind.name} is registered twice`);
			docKinds.set(kind.name, kind);
		},
		routes: rollbackRoutes({ rollback }),
		stats: () => ({ docs: hosts.size, connections: connections.size }),
		async close() {
			closing = true;
			clearInterval(sweep);
			stopHeartbeat();
			stopRevoked();
			for (const host of hosts.values()) await host.settled();
			await store.idle();
			for (const host of hosts.values()) host.closeAll(1001, 'the server is stopping');
			for (const client of wss.clients) client.terminate();
			wss.close();
		}
	};
}

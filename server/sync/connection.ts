import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import type { Principal } from '../auth/principal.ts';
import type { Access } from './kind.ts';

/** A sync message for a document, parsed (server.ts `parseFrame`). */
export type Inbound = { type: 'step1'; stateVector: Uint8Array } | { type: 'update'; update: Uint8Array } | { type: 'greet' };

/** What a connection needs of the document it is on (a DocHost). */
export interface ConnectionHost {
	readonly name: string;
	receive(conn: Connection, message: Inbound): void;
	receiveAwareness(conn: Connection, update: Uint8Array): void;
	answerAwarenessQuery(conn: Connection): void;
	detach(conn: Connection): void;
}

/** One open socket: who is behind it, for which room, with which access. */
export interface Connection {
	ws: WebSocket;
	principal: Principal;
	access: Access;
	/** Awareness clientIDs this connection has announced. */
	awarenessIds: Map<number, number>;
	/** The state vector the client declared in its SyncStep1 messages (only for writers): what it had seen. */
	view: Map<number, number>;
	/** When the server last sent this client its whole state (a SyncStep2); 0 before. */
	syncedAt: number;
	closed: boolean;
	/** Closes with a code and reason; idempotent. */
	close(code: number, reason: string): void;
	send(message: Uint8Array): void;
}

const connections = new WeakMap<WebSocket, SocketConnection>();

/** The connection of a socket the sync server attached. */
export const connectionOf = (ws: WebSocket): SocketConnection | undefined => connections.get(ws);

/** Messages this large may wait in a socket's buffer beside the slow-socket limit (one at a time). */
const LARGE_MESSAGE_BYTES = 64 * 1024;

/** Sockets sent to in this turn of the event loop; at its end, those corked are uncorked. */
const sentThisTurn: SocketConnection[] = [];
function endTurn(): void {
	for (const conn of sentThisTurn.splice(0)) conn.endTurn();
}

/**
 * A connection on a real socket. A class, so the thousands of open sockets share its methods
 * instead of carrying closures of their own.
 *
 * Sends are written at most twice per turn of the event loop: the first message of a turn is
 * written at once (one system call: ws writes a frame's header and payload together), and if more
 * follow in the same turn (presence, an acknowledgement's state vector, several updates), the
 * socket is corked and they leave together at the turn's end. Corking from the first message
 * instead saves no system call where a socket gets one message per turn (the feed), and in the
 * bench's ramp to 5,000 sockets it cost 15 % more server CPU per delivery (26-27 against 22-23 ms
 * per 1,000, two interleaved rounds) and ~2 KiB more RSS per socket, at the same p95. A socket whose peer does not read is dropped with
 * CloseCode.tooSlow once more than `maxBufferedBytes` wait for it (docs/sync-protocol.md §7): the
 * server keeps at most that, plus one large message (a SyncStep2), for a peer that stopped reading.
 */
export class SocketConnection implements Connection {
	closed = false;
	/** Answered the last ping (see the heartbeat in server.ts). */
	alive = true;
	readonly awarenessIds = new Map<number, number>();
	readonly view = new Map<number, number>();
	syncedAt = 0;
	private sentInTurn = false;
	private corked = false;
	/** Bytes of a large message still being written (not counted against the limit). */
	private largeInFlight = 0;

	constructor(
		readonly ws: WebSocket,
		readonly host: ConnectionHost,
		readonly principal: Principal,
		readonly access: Access,
		/** The socket under `ws` (corked per turn). */
		private readonly socket: Duplex | null = null,
		private readonly maxBufferedBytes = Infinity
	) {
		connections.set(ws, this);
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		this.ws.close(code, reason.slice(0, 120));
	}

	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
		if (this.ws.bufferedAmount - this.largeInFlight > this.maxBufferedBytes) {
			// Nothing more is queued for it: the close frame waits behind what is buffered, and ws
			// destroys the socket if the peer does not answer it within 30 s.
			this.close(CloseCode.tooSlow, 'too slow to keep up; reconnect');
			return;
		}
		if (!this.sentInTurn) {
			this.sentInTurn = true;
			if (sentThisTurn.push(this) === 1) setImmediate(endTurn);
		} else if (!this.corked && this.socket && !this.socket.destroyed) {
			this.corked = true;
			this.socket.cork();
		}
		if (message.byteLength >= LARGE_MESSAGE_BYTES && this.largeInFlight === 0) {
			this.largeInFlight = message.byteLength;
			this.ws.send(message, () => (this.largeInFlight = 0));
		} else this.ws.send(message);
	}

	/** The end of the turn: what waited in it goes out. */
	endTurn(): void {
		this.sentInTurn = false;
		if (!this.corked) return;
		this.corked = false;
		if (this.socket && !this.socket.destroyed) this.socket.uncork();
	}
}

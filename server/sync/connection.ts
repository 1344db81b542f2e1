import type { WebSocket } from 'ws';
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

/**
 * A connection on a real socket. A class, so the thousands of open sockets share its methods
 * instead of carrying closures of their own.
 */
export class SocketConnection implements Connection {
	closed = false;
	/** Answered the last ping (see the heartbeat in server.ts). */
	alive = true;
	readonly awarenessIds = new Map<number, number>();
	readonly view = new Map<number, number>();
	syncedAt = 0;

	constructor(
		readonly ws: WebSocket,
		readonly host: ConnectionHost,
		readonly principal: Principal,
		readonly access: Access
	) {
		connections.set(ws, this);
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		this.ws.close(code, reason.slice(0, 120));
	}

	send(message: Uint8Array): void {
		if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(message);
	}
}

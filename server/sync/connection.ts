import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal.ts';
import type { Access } from './kinds/types.ts';

/** One open socket: who is behind it, for which room, with which access. */
export interface Connection {
	ws: WebSocket;
	principal: Principal;
	room: string;
	access: Access;
	/** Awareness clientIDs this connection has announced. */
	awarenessIds: Map<number, number>;
	closed: boolean;
	/** Closes with a code and reason; idempotent. */
	close(code: number, reason: string): void;
	send(message: Uint8Array): void;
}

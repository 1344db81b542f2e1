import type { Principal } from '../auth/principal.ts';
import type { Connection } from './connection.ts';

/** For specs: a resident of Providencia whose session lasts a minute. */
export const testPrincipal = (userId: string): Principal => ({ userId, kind: 'resident', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'resident' }], sessionHash: userId, expiresAt: Date.now() + 60_000 });

/** For specs: a connection with no socket, recording what it was sent and how it was closed. */
export function testConnection(userId: string): Connection & { sent: Uint8Array[]; closedWith?: number } {
	const sent: Uint8Array[] = [];
	const conn: Connection & { sent: Uint8Array[]; closedWith?: number } = {
		ws: undefined as never,
		principal: testPrincipal(userId),
		access: 'write',
		awarenessIds: new Map(),
		view: new Map(),
		syncedAt: 0,
		closed: false,
		sent,
		close(code) {
			conn.closed = true;
			conn.closedWith = code;
		},
		send: (m) => void sent.push(m)
	};
	return conn;
}

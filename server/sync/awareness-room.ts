import * as encoding from 'lib0/encoding';
import type { z } from 'zod';
import { topRole, type Principal, type Role } from '../auth/principal.ts';
import { CloseCode, MessageType } from '../../src/lib/sync/protocol.ts';
import { awarenessLimits, decodeAwareness, encodeAwareness, stampIdentity, type AwarenessEntry } from './awareness.ts';
import type { Connection } from './connection.ts';

const identities = new WeakMap<Principal, Readonly<{ id: string; role: Role }>>();

/** What the server stamps into awareness states: one frozen object per principal. */
function identityOf(principal: Principal): Readonly<{ id: string; role: Role }> {
	let identity = identities.get(principal);
	if (!identity) identities.set(principal, (identity = Object.freeze({ id: principal.userId, role: topRole(principal) })));
	return identity;
}

/** A y-protocols awareness message holding these entries. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.awareness);
	encoding.writeVarUint8Array(encoder, encodeAwareness(entries.map(({ clientId, clock, state }) => ({ clientId, clock, state }))));
	return encoding.toUint8Array(encoder);
}

/**
 * The presence of one room whose kind carries awareness (docs/sync-protocol.md §6): only for
 * clientIDs that are the sender's (`othersClient` says which are not: bound to another user, or
 * the server's), not announced by another user's socket; only the kind's fields, with the identity
 * stamped by the server. States for others' clientIDs are dropped, not refused: y-websocket
 * providers echo the states they get.
 */
export class AwarenessRoom {
	private readonly states = new Map<number, AwarenessEntry & { conn: Connection }>();
	/** With the kind's `awarenessIdentity`: this room's own stamped identities, one frozen object per principal. */
	private readonly ownIdentities = new WeakMap<Principal, Readonly<{ id: string; role: Role }>>();

	constructor(
		private readonly fields: Record<string, z.ZodType>,
		private readonly othersClient: (clientId: number, userId: string) => boolean,
		private readonly broadcast: (message: Uint8Array) => void,
		private readonly moreIdentity?: (principal: Principal) => Readonly<Record<string, string | null>>
	) {}

	private identityOf(principal: Principal): Readonly<{ id: string; role: Role }> {
		if (!this.moreIdentity) return identityOf(principal);
		let identity = this.ownIdentities.get(principal);
		if (!identity) this.ownIdentities.set(principal, (identity = Object.freeze({ ...this.moreIdentity(principal), ...identityOf(principal) })));
		return identity;
	}

	/** A socket joined: it gets everyone's current state. */
	joined(conn: Connection): void {
		if (this.states.size) conn.send(awarenessFrame([...this.states.values()]));
	}

	/** A socket left: its states are removed for everyone. */
	left(conn: Connection): void {
		const gone: AwarenessEntry[] = [];
		for (const [clientId, clock] of conn.awarenessIds) {
			if (this.states.get(clientId)?.conn === conn) {
				this.states.delete(clientId);
				gone.push({ clientId, clock: clock + 1, state: null });
			}
		}
		if (gone.length) this.broadcast(awarenessFrame(gone));
	}

	query(conn: Connection): void {
		conn.send(awarenessFrame([...this.states.values()]));
	}

	receive(conn: Connection, update: Uint8Array): void {
		let entries: AwarenessEntry[];
		try {
			entries = decodeAwareness(update);
		} catch (error) {
			conn.close(CloseCode.badMessage, `malformed awareness update: ${(error as Error).message}`);
			return;
		}
		const accepted: AwarenessEntry[] = [];
		const identity = this.identityOf(conn.principal);
		for (const entry of entries) {
			const current = this.states.get(entry.clientId);
			if (this.othersClient(entry.clientId, conn.principal.userId)) continue;
			if (current && current.conn !== conn && current.conn.principal.userId !== conn.principal.userId) continue;
			if (current && entry.clock < current.clock) continue;
			if (!conn.awarenessIds.has(entry.clientId) && conn.awarenessIds.size >= awarenessLimits.statesPerSocket) {
				conn.close(CloseCode.refused, `a socket may announce at most ${awarenessLimits.statesPerSocket} awareness states`);
				return;
			}
			if (!current && entry.state !== null && this.states.size >= awarenessLimits.statesPerRoom) continue;
			const stamped = { clientId: entry.clientId, clock: entry.clock, state: stampIdentity(entry.state, identity, this.fields) };
			conn.awarenessIds.set(entry.clientId, entry.clock);
			if (stamped.state === null) this.states.delete(entry.clientId);
			// A literal, not a spread: one object shape for every entry.
			else this.states.set(entry.clientId, { clientId: stamped.clientId, clock: stamped.clock, state: stamped.state, conn });
			accepted.push(stamped);
		}
		if (accepted.length) this.broadcast(awarenessFrame(accepted));
	}
}

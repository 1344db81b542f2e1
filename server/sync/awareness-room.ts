import * as encoding from 'lib0/encoding';
import type { z } from 'zod';
import { topRole, type Principal, type Role } from '../auth/principal.ts';
import { CloseCode, MessageType } from '../../src/lib/sync/protocol.ts';
import { awarenessLimits, encodeAwareness, parseAwarenessState, readAwareness, stampIdentity, writeAwareness, type AwarenessEntry } from './awareness.ts';
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

/** An entry ready to send: its state as the JSON the server relays. */
interface Outgoing {
	clientId: number;
	clock: number;
	json: string;
}

/**
 * Awareness messages of these entries, at most `entriesPerMessage` in each (a y-websocket
 * provider echoes what it receives in one message, and the server refuses longer ones): one
 * awareness update holding several clients' states, as y-protocols' `encodeAwarenessUpdate` makes.
 */
export function awarenessFrames(entries: readonly Outgoing[]): Uint8Array[] {
	const frames: Uint8Array[] = [];
	for (let i = 0; i < entries.length; i += awarenessLimits.entriesPerMessage) {
		const inner = encoding.createEncoder();
		writeAwareness(inner, entries.slice(i, i + awarenessLimits.entriesPerMessage));
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.awareness);
		encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
		frames.push(encoding.toUint8Array(encoder));
	}
	return frames;
}

/**
 * How often renewals that change nothing but the clock are relayed, together, in ms. y-protocols
 * clients renew their state every 15 s (checked every 3 s, so 15-18 s apart) and drop a peer's
 * state not renewed for 30 s: relayed at most 5 s late, a state is never dropped.
 */
export const RENEWAL_RELAY_MS = 5_000;

/** What the room keeps of one state: the stamped state and its JSON, and the socket that owns it. */
interface Held extends Outgoing {
	state: Record<string, unknown>;
	conn: Connection;
}

/**
 * The presence of one room whose kind carries awareness (docs/sync-protocol.md §6): only for
 * clientIDs that are the sender's (`othersClient` says which are not: bound to another user, or
 * the server's), not announced by another user's socket; only the kind's fields, with the identity
 * stamped by the server. States for others' clientIDs are dropped, not refused, and unparsed:
 * y-websocket providers echo the states they get.
 *
 * What it relays goes out once per turn of the event loop, in one message per socket holding every
 * change of that turn (the same bytes to every socket). A client's first state at clock 0 is not
 * relayed (y-protocols receivers ignore it), and renewals that change nothing but the clock are
 * relayed together every RENEWAL_RELAY_MS, not one message per renewal to everyone.
 */
export class AwarenessRoom {
	private readonly states = new Map<number, Held>();
	/** With the kind's `awarenessIdentity`: this room's own stamped identities, one frozen object per principal. */
	private readonly ownIdentities = new WeakMap<Principal, Readonly<{ id: string; role: Role }>>();
	/** Changes of this turn, by clientID (a later one replaces an earlier one). */
	private readonly changed = new Map<number, Outgoing>();
	private turnScheduled = false;
	/** ClientIDs renewed (clock only) since the last relay of renewals. */
	private readonly renewed = new Set<number>();
	private renewalTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly fields: Record<string, z.ZodType>,
		private readonly othersClient: (clientId: number, userId: string) => boolean,
		/** Sends one message to every socket of the room. */
		private readonly broadcast: (message: Uint8Array) => void,
		private readonly moreIdentity?: (principal: Principal) => Readonly<Record<string, string | null>>,
		private readonly renewalRelayMs = RENEWAL_RELAY_MS
	) {}

	private identityOf(principal: Principal): Readonly<{ id: string; role: Role }> {
		if (!this.moreIdentity) return identityOf(principal);
		let identity = this.ownIdentities.get(principal);
		if (!identity) this.ownIdentities.set(principal, (identity = Object.freeze({ ...this.moreIdentity(principal), ...identityOf(principal) })));
		return identity;
	}

	/** States held now (at most `statesPerRoom`). */
	get size(): number {
		return this.states.size;
	}

	/** The states a receiver would take: not those still at clock 0 (y-protocols ignores them). */
	private relayable(): Held[] {
		const held: Held[] = [];
		for (const state of this.states.values()) if (state.clock > 0) held.push(state);
		return held;
	}

	/** A socket joined: it gets everyone's current state. */
	joined(conn: Connection): void {
		for (const message of awarenessFrames(this.relayable())) conn.send(message);
	}

	/** A socket left: its states are removed for everyone (who ever got them). */
	left(conn: Connection): void {
		for (const [clientId, clock] of conn.awarenessIds) {
			const held = this.states.get(clientId);
			if (held?.conn !== conn) continue;
			this.states.delete(clientId);
			if (held.clock > 0 || this.renewed.has(clientId)) this.queue({ clientId, clock: clock + 1, json: 'null' });
			this.renewed.delete(clientId);
		}
	}

	query(conn: Connection): void {
		const frames = awarenessFrames(this.relayable());
		// An empty room still answers: an update with no entries.
		if (!frames.length) frames.push(awarenessFrame([]));
		for (const message of frames) conn.send(message);
	}

	/** Stops the renewal timer (the document leaves memory). */
	destroy(): void {
		if (this.renewalTimer) clearTimeout(this.renewalTimer);
		this.renewalTimer = null;
	}

	receive(conn: Connection, update: Uint8Array): void {
		let entries: ReturnType<typeof readAwareness>;
		try {
			entries = readAwareness(update);
		} catch (error) {
			conn.close(CloseCode.badMessage, `malformed awareness update: ${(error as Error).message}`);
			return;
		}
		let identity: Readonly<{ id: string; role: Role }> | undefined;
		for (const entry of entries) {
			const current = this.states.get(entry.clientId);
			// Echoes and forgeries first, by id alone: nothing of them is parsed.
			if (current && current.conn !== conn && current.conn.principal.userId !== conn.principal.userId) continue;
			if (current && entry.clock <= current.clock) continue;
			if (this.othersClient(entry.clientId, conn.principal.userId)) continue;
			let state: Record<string, unknown> | null;
			try {
				state = parseAwarenessState(entry.json);
			} catch (error) {
				conn.close(CloseCode.badMessage, `malformed awareness update: ${(error as Error).message}`);
				return;
			}
			// Removing a state the room does not hold (an echo of a removal) changes nothing.
			if (!current && state === null) continue;
			if (!conn.awarenessIds.has(entry.clientId) && conn.awarenessIds.size >= awarenessLimits.statesPerSocket) {
				conn.close(CloseCode.refused, `a socket may announce at most ${awarenessLimits.statesPerSocket} awareness states`);
				return;
			}
			conn.awarenessIds.set(entry.clientId, entry.clock);
			if (!current && this.states.size >= awarenessLimits.statesPerRoom) continue;
			if (state === null) {
				this.states.delete(entry.clientId);
				this.renewed.delete(entry.clientId);
				this.queue({ clientId: entry.clientId, clock: entry.clock, json: 'null' });
				continue;
			}
			const stamped = stampIdentity(state, (identity ??= this.identityOf(conn.principal)), this.fields) as Record<string, unknown>;
			const json = JSON.stringify(stamped);
			if (current && current.json === json && current.conn === conn) {
				// Only the clock moved: relayed with the other renewals, later.
				current.clock = entry.clock;
				if (!this.changed.has(entry.clientId)) this.renew(entry.clientId);
				else this.queue({ clientId: entry.clientId, clock: entry.clock, json });
				continue;
			}
			// A literal, not a spread: one object shape for every held state.
			this.states.set(entry.clientId, { clientId: entry.clientId, clock: entry.clock, json, state: stamped, conn });
			this.renewed.delete(entry.clientId);
			// A client's first state at clock 0 is ignored by every y-protocols receiver: it is kept
			// (its first renewal, at clock 1, is relayed with the others) but not relayed.
			if (entry.clock === 0) continue;
			this.queue({ clientId: entry.clientId, clock: entry.clock, json });
		}
	}

	/** A change for everyone, sent at the end of this turn with the turn's other changes. */
	private queue(entry: Outgoing): void {
		this.changed.set(entry.clientId, entry);
		if (this.turnScheduled) return;
		this.turnScheduled = true;
		setImmediate(() => this.relayTurn());
	}

	private relayTurn(): void {
		this.turnScheduled = false;
		if (!this.changed.size) return;
		const entries = [...this.changed.values()];
		this.changed.clear();
		for (const message of awarenessFrames(entries)) this.broadcast(message);
	}

	private renew(clientId: number): void {
		this.renewed.add(clientId);
		if (this.renewalTimer) return;
		this.renewalTimer = setTimeout(() => this.relayRenewals(), this.renewalRelayMs);
		this.renewalTimer.unref?.();
	}

	private relayRenewals(): void {
		this.renewalTimer = null;
		const entries: Outgoing[] = [];
		for (const clientId of this.renewed) {
			const held = this.states.get(clientId);
			if (held) entries.push({ clientId, clock: held.clock, json: held.json });
		}
		this.renewed.clear();
		for (const message of awarenessFrames(entries)) this.broadcast(message);
	}
}

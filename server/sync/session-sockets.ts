import type { Membership, Principal } from '../auth/principal.ts';

/** What a session registry needs of a socket. */
export interface SessionSocket {
	principal: Principal;
	close(code: number, reason: string): void;
}

const sameMemberships = (a: readonly Membership[], b: readonly Membership[]) =>
	a.length === b.length && a.every((m, i) => m.municipalityId === b[i]?.municipalityId && m.role === b[i]?.role);

/** True when two principals of one session say the same thing. */
export function samePrincipal(a: Principal, b: Principal): boolean {
	return a.sessionHash === b.sessionHash && a.userId === b.userId && a.kind === b.kind && a.displayName === b.displayName && a.expiresAt === b.expiresAt && sameMemberships(a.memberships, b.memberships);
}

/** How long a revoked session is remembered for upgrades still being checked (they take far less). */
const ENDED_MEMORY_MS = 60_000;

/**
 * The open sockets of each session. A session's sockets share one principal object (a phone opens
 * one socket per document: the feed, each report, each thread), one expiry timer closes them all
 * when the session ends, and signing out finds them without scanning every socket.
 *
 * A new socket of a session that has sockets open here, checked against the store less than
 * `recent`'s `maxAgeMs` ago, reuses that check: a phone opening its documents at once costs one
 * look-up, not one per document. A session signed out here is forgotten at once (`revoke`), so it
 * never opens another socket from here; a fresh principal that differs (a new name or role)
 * replaces the shared one for new sockets.
 */
export class SessionSockets<S extends SessionSocket> {
	private readonly sessions = new Map<string, { principal: Principal; sockets: Set<S>; timer: ReturnType<typeof setTimeout>; checkedAt: number }>();
	/** Sessions revoked in the last `ENDED_MEMORY_MS`, with when: an upgrade checked before that must not open. */
	private readonly ended = new Map<string, number>();

	constructor(private readonly onExpired: (socket: S) => void) {}

	/** The shared principal of a session with open sockets, if it was checked within `maxAgeMs` and has not expired. */
	recent(sessionHash: string, maxAgeMs: number, now = Date.now()): Principal | null {
		const known = this.sessions.get(sessionHash);
		if (!known || now - known.checkedAt > maxAgeMs || known.principal.expiresAt <= now) return null;
		return known.principal;
	}

	/** The principal a new socket should hold, given one just read from the store: the session's shared one when it says the same. */
	share(fresh: Principal): Principal {
		const known = this.sessions.get(fresh.sessionHash);
		if (!known || !samePrincipal(known.principal, fresh)) return fresh;
		known.checkedAt = Date.now();
		return known.principal;
	}

	add(socket: S): void {
		const hash = socket.principal.sessionHash;
		const known = this.sessions.get(hash);
		if (known) {
			known.sockets.add(socket);
			if (known.principal !== socket.principal && !samePrincipal(known.principal, socket.principal)) {
				known.principal = socket.principal;
				known.checkedAt = Date.now();
				clearTimeout(known.timer);
				known.timer = this.expiryTimer(hash, socket.principal.expiresAt);
			}
			return;
		}
		this.sessions.set(hash, { principal: socket.principal, sockets: new Set([socket]), timer: this.expiryTimer(hash, socket.principal.expiresAt), checkedAt: Date.now() });
	}

	remove(socket: S): void {
		const hash = socket.principal.sessionHash;
		const known = this.sessions.get(hash);
		// The session may be revoked already, or replaced by a new entry that never held this socket.
		if (!known?.sockets.delete(socket) || known.sockets.size) return;
		clearTimeout(known.timer);
		this.sessions.delete(hash);
	}

	/** The open sockets of one session. */
	socketsOf(sessionHash: string): S[] {
		return [...(this.sessions.get(sessionHash)?.sockets ?? [])];
	}

	/**
	 * A session ended (signed out, deleted): forgotten now, so nothing reuses it, and remembered as
	 * ended for a minute (see `endedSince`); returns its sockets to close.
	 */
	revoke(sessionHash: string, now = Date.now()): S[] {
		for (const [hash, at] of this.ended) {
			if (now - at <= ENDED_MEMORY_MS) break; // oldest first: the rest are newer
			this.ended.delete(hash);
		}
		this.ended.delete(sessionHash);
		this.ended.set(sessionHash, now);
		const known = this.sessions.get(sessionHash);
		if (!known) return [];
		clearTimeout(known.timer);
		this.sessions.delete(sessionHash);
		return [...known.sockets];
	}

	/**
	 * True when the session was revoked at or after `since`: an upgrade that read the session from
	 * the store before a sign-out that happened while it waited must not open its socket.
	 */
	endedSince(sessionHash: string, since: number): boolean {
		const at = this.ended.get(sessionHash);
		return at !== undefined && at >= since;
	}

	get size(): number {
		return this.sessions.size;
	}

	private expiryTimer(hash: string, expiresAt: number): ReturnType<typeof setTimeout> {
		const timer = setTimeout(() => this.expire(hash), Math.min(2 ** 31 - 1, Math.max(0, expiresAt - Date.now())));
		timer.unref();
		return timer;
	}

	/**
	 * Closes the sockets of a session whose time is up. Node runs timers on the event loop's clock,
	 * which can be some milliseconds behind `Date.now()` when the timer was set (the loop's time is
	 * read once per turn), so a timer may fire before the expiry it was set for: it is then set
	 * again for what is left, or the sockets would stay open on an ended session.
	 */
	private expire(hash: string): void {
		const now = Date.now();
		let next = Infinity;
		for (const socket of this.socketsOf(hash)) {
			if (socket.principal.expiresAt <= now) this.onExpired(socket);
			else next = Math.min(next, socket.principal.expiresAt);
		}
		const known = this.sessions.get(hash);
		if (known && next !== Infinity) known.timer = this.expiryTimer(hash, next);
	}
}

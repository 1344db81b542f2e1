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

/**
 * The open sockets of each session. A session's sockets share one principal object (a phone opens
 * one socket per document: the feed, each report, each thread), one expiry timer closes them all
 * when the session ends, and signing out finds them without scanning every socket.
 *
 * The principal is still read from the store at every upgrade, so a revoked session or a changed
 * role is never served from here: a fresh principal that differs replaces the shared one for new
 * sockets.
 */
export class SessionSockets<S extends SessionSocket> {
	private readonly sessions = new Map<string, { principal: Principal; sockets: Set<S>; timer: ReturnType<typeof setTimeout> }>();

	constructor(private readonly onExpired: (socket: S) => void) {}

	/** The principal a new socket should hold: the session's shared one when `fresh` says the same. */
	share(fresh: Principal): Principal {
		const known = this.sessions.get(fresh.sessionHash);
		return known && samePrincipal(known.principal, fresh) ? known.principal : fresh;
	}

	add(socket: S): void {
		const hash = socket.principal.sessionHash;
		const known = this.sessions.get(hash);
		if (known) {
			known.sockets.add(socket);
			if (!samePrincipal(known.principal, socket.principal)) {
				known.principal = socket.principal;
				clearTimeout(known.timer);
				known.timer = this.expiryTimer(hash, socket.principal.expiresAt);
			}
			return;
		}
		this.sessions.set(hash, { principal: socket.principal, sockets: new Set([socket]), timer: this.expiryTimer(hash, socket.principal.expiresAt) });
	}

	remove(socket: S): void {
		const hash = socket.principal.sessionHash;
		const known = this.sessions.get(hash);
		if (!known?.sockets.delete(socket) || known.sockets.size) return;
		clearTimeout(known.timer);
		this.sessions.delete(hash);
	}

	/** The open sockets of one session (e.g. to close them when it is signed out). */
	socketsOf(sessionHash: string): S[] {
		return [...(this.sessions.get(sessionHash)?.sockets ?? [])];
	}

	get size(): number {
		return this.sessions.size;
	}

	private expiryTimer(hash: string, expiresAt: number): ReturnType<typeof setTimeout> {
		const timer = setTimeout(
			() => {
				for (const socket of this.socketsOf(hash)) if (socket.principal.expiresAt <= Date.now()) this.onExpired(socket);
			},
			Math.min(2 ** 31 - 1, Math.max(0, expiresAt - Date.now()))
		);
		timer.unref();
		return timer;
	}
}

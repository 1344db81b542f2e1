import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/index.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import type { Events } from '../events/cuadra.ts';
import { bearerFrom } from './origin.ts';
import type { Principal } from './principal.ts';
import { SessionWatch } from './session-watch.ts';
import { deleteExpiredSessions, findPrincipal } from './sessions.ts';

export interface Auth {
	/** Sessions that end (the bus's `session.revoked`), for the sync server to close their sockets. */
	events: { onRevoked(listener: (sessionHash: string) => void): () => void };
	/** The session token a request carries: cookie, else `Authorization: Bearer`. */
	tokenOf(req: IncomingMessage): string | undefined;
	/** The principal behind a request, or null. Every feature authenticates through this. */
	principalOf(req: IncomingMessage): Promise<Principal | null>;
	principalOfToken(token: string): Promise<Principal | null>;
	/** Stops the timers (expired sessions, the session watch). */
	close(): void;
}

/** Who is asking: the session behind a request, for the HTTP layer and the sync server's upgrades. */
export function createAuth(db: Db, bus: Events): Auth {
	// Expired sessions are deleted hourly (and at each staff sign-in).
	const expiredSweep = setInterval(() => void deleteExpiredSessions(db).catch(() => {}), 3600_000);
	expiredSweep.unref();

	// Staff sessions deleted by `npm run staff` in another process still close their sockets.
	const watch = new SessionWatch(db, bus);
	const tokenOf = (req: IncomingMessage) => readCookie(req.headers.cookie, SESSION_COOKIE) ?? bearerFrom(req);
	const principalOfToken = async (token: string) => {
		const principal = await findPrincipal(db, token);
		if (principal?.kind === 'staff') watch.remember(principal.sessionHash, principal.expiresAt);
		return principal;
	};
	const principalOf = async (req: IncomingMessage) => {
		const token = tokenOf(req);
		return token ? principalOfToken(token) : null;
	};
	const close = () => {
		clearInterval(expiredSweep);
		watch.stop();
	};
	const events = { onRevoked: (listener: (sessionHash: string) => void) => bus.subscribe('session.revoked', (e) => listener(e.sessionHash)) };
	return { events, tokenOf, principalOf, principalOfToken, close };
}

/** Publishes the end of each of `sessionHashes` (already deleted from the store): their sockets close. */
export async function revoked(bus: Events, sessionHashes: readonly string[]): Promise<void> {
	for (const sessionHash of sessionHashes) await bus.publish('session.revoked', { sessionHash });
}

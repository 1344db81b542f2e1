import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { clientAddress } from '../http/client-address.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';
import { SessionEvents } from './events.ts';
import { allowedOrigin, bearerFrom } from './origin.ts';
import type { Principal } from './principal.ts';
import { RateLimiter } from './rate-limit.ts';
import { SessionWatch } from './session-watch.ts';
import { BodyError, readJson } from './read-json.ts';
import { changeStaffPassword, createSession, deleteExpiredSessions, deleteSession, findPrincipal, residentBySecret, staffByPassword } from './sessions.ts';
import { deviceSecretPattern } from './tokens.ts';

const residentBody = z.object({
	secret: z.string().regex(deviceSecretPattern, 'must be 43 to 128 base64url characters (256 random bits or more)'),
	municipalityId: z.string().min(1).max(64).optional()
});
/**
 * Usernames are lowercase (server/staff/schema.ts), so the one typed is trimmed and lowercased: a
 * phone that capitalises the first letter still signs in, and every spelling of one username
 * counts against the same sign-in limit.
 */
const signInBody = z.object({
	username: z
		.string()
		.trim()
		.min(1)
		.max(100)
		.transform((username) => username.toLowerCase()),
	password: z.string().min(1).max(200)
});
/** A staff member's new password: long enough to resist guessing, at most what the sign-in form takes. */
const passwordBody = z.object({
	currentPassword: z.string().min(1).max(200),
	newPassword: z.string().min(12, 'must be at least 12 characters').max(200)
});
/** Optional, never required: how the person wants to be addressed by their municipality. */
export const displayNameSchema = z.string().trim().min(1).max(60).regex(/^[^<>]*$/, 'must not contain < or >');
const profileBody = z.object({ displayName: displayNameSchema.nullable() });

export interface Auth {
	routes: ApiRoute[];
	events: SessionEvents;
	/** The session token a request carries: cookie, else `Authorization: Bearer`. */
	tokenOf(req: IncomingMessage): string | undefined;
	/** The principal behind a request, or null. Every feature authenticates through this. */
	principalOf(req: IncomingMessage): Promise<Principal | null>;
	principalOfToken(token: string): Promise<Principal | null>;
	/** Stops the timers (expired sessions, the session watch). */
	close(): void;
}

export function publicUser(p: Principal) {
	return { id: p.userId, kind: p.kind, displayName: p.displayName, memberships: p.memberships };
}

/** Identity: pseudonymous residents, staff with passwords, sessions in httpOnly cookies. */
export function createAuth(ctx: { config: Config; db: Db }, events = new SessionEvents()): Auth {
	const { config, db } = ctx;
	const secure = config.publicUrl.startsWith('https:');
	// Sign-in: N attempts per (IP, username) and 4N per IP, refilled over 15 minutes.
	const signInPerName = new RateLimiter(config.auth.signInAttempts, config.auth.signInAttempts / 900);
	const signInPerIp = new RateLimiter(config.auth.signInAttempts * 4, (config.auth.signInAttempts * 4) / 900);
	const registrations = new RateLimiter(config.auth.registrationsPerHour, config.auth.registrationsPerHour / 3600);

	// Expired sessions are deleted hourly (and at each staff sign-in).
	const expiredSweep = setInterval(() => void deleteExpiredSessions(db).catch(() => {}), 3600_000);
	expiredSweep.unref();

	// Staff sessions deleted by `npm run staff` in another process still close their sockets.
	const watch = new SessionWatch(db, events);
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
	const ip = (req: IncomingMessage) => clientAddress(req, config.trustedProxies);

	async function body<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | undefined> {
		if (!allowedOrigin(req, config.publicUrl)) {
			sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
			return undefined;
		}
		let raw: unknown;
		try {
			raw = await readJson(req);
		} catch (error) {
			if (error instanceof BodyError) {
				sendError(res, error.status, error.code, error.message);
				return undefined;
			}
			throw error;
		}
		const parsed = schema.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			sendError(res, 400, 'invalid_request', `${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`);
			return undefined;
		}
		return parsed.data;
	}

	async function startSession(res: ServerResponse, status: number, userId: string, ttl: number) {
		const { token } = await createSession(db, userId, ttl);
		const principal = await findPrincipal(db, token);
		if (!principal) throw new Error('a session just created was not found');
		sendJson(res, status, { user: publicUser(principal), expiresAt: new Date(principal.expiresAt).toISOString() }, { 'set-cookie': sessionCookie(token, ttl, secure) });
	}

	const tooMany = (res: ServerResponse, wait: number, what: string) => {
		res.setHeader('retry-after', String(wait));
		sendError(res, 429, 'rate_limited', `Too many ${what}. Try again in ${wait} seconds.`);
	};

	const routes: ApiRoute[] = [
		{
			method: 'POST',
			path: '/api/auth/resident',
			handler: async (req, res) => {
				const input = await body(req, res, residentBody);
				if (!input) return;
				if (input.municipalityId) {
					const known = await db.selectFrom('municipality').select('id').where('id', '=', input.municipalityId).executeTakeFirst();
					if (!known) return sendError(res, 400, 'unknown_municipality', `There is no municipality "${input.municipalityId}".`);
				}
				const wait = registrations.take(ip(req));
				if (wait) return tooMany(res, wait, 'sign-ins from this network');
				const { userId, created } = await residentBySecret(db, input.secret, input.municipalityId);
				await startSession(res, created ? 201 : 200, userId, config.auth.residentTtlSeconds);
			}
		},
		{
			method: 'POST',
			path: '/api/auth/sign-in',
			handler: async (req, res) => {
				const input = await body(req, res, signInBody);
				if (!input) return;
				const nameKey = `${ip(req)}\n${input.username}`;
				const wait = Math.max(signInPerName.take(nameKey), signInPerIp.take(ip(req)));
				if (wait) return tooMany(res, wait, 'sign-in attempts');
				const userId = await staffByPassword(db, input.username, input.password);
				if (!userId) return sendError(res, 401, 'invalid_credentials', 'The username or the password is wrong.');
				signInPerName.reset(nameKey);
				await deleteExpiredSessions(db);
				await startSession(res, 200, userId, config.auth.staffTtlSeconds);
			}
		},
		{
			method: 'POST',
			path: '/api/auth/sign-out',
			handler: async (req, res) => {
				if (!allowedOrigin(req, config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const token = tokenOf(req);
				if (token) events.revoked(await deleteSession(db, token));
				res.writeHead(204, { 'set-cookie': clearedSessionCookie(secure), 'cache-control': 'no-store' });
				res.end();
			}
		},
		{
			method: 'PUT',
			path: '/api/auth/password',
			handler: async (req, res) => {
				const principal = await principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', 'Not signed in, or the session has ended. Sign in again.');
				if (principal.kind !== 'staff') return sendError(res, 403, 'not_staff', 'Only staff accounts have a password; residents sign in with their device.');
				const input = await body(req, res, passwordBody);
				if (!input) return;
				// Guessing the current password here counts like guessing it at sign-in.
				const wait = Math.max(signInPerName.take(`${ip(req)}\npassword\n${principal.userId}`), signInPerIp.take(ip(req)));
				if (wait) return tooMany(res, wait, 'password attempts');
				const outcome = await changeStaffPassword(db, { userId: principal.userId, current: input.currentPassword, next: input.newPassword, keep: principal.sessionHash });
				if (outcome === 'wrong_password') return sendError(res, 401, 'invalid_credentials', 'The current password is wrong.');
				if (outcome === 'same_password') return sendError(res, 400, 'same_password', 'The new password must differ from the current one.');
				for (const hash of outcome.ended) events.revoked(hash);
				sendJson(res, 200, { user: publicUser(principal), expiresAt: new Date(principal.expiresAt).toISOString(), endedSessions: outcome.ended.length });
			}
		},
		{
			method: 'PUT',
			path: '/api/auth/me',
			handler: async (req, res) => {
				const principal = await principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', 'Not signed in, or the session has ended. Sign in again.');
				const input = await body(req, res, profileBody);
				if (!input) return;
				await db.updateTable('user').set({ display_name: input.displayName }).where('id', '=', principal.userId).execute();
				sendJson(res, 200, { user: { ...publicUser(principal), displayName: input.displayName }, expiresAt: new Date(principal.expiresAt).toISOString() });
			}
		},
		{
			method: 'GET',
			path: '/api/auth/me',
			handler: async (req, res) => {
				const principal = await principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', 'Not signed in, or the session has ended. Sign in again.');
				sendJson(res, 200, { user: publicUser(principal), expiresAt: new Date(principal.expiresAt).toISOString() });
			}
		}
	];
	const close = () => {
		clearInterval(expiredSweep);
		watch.stop();
	};
	return { routes, events, tokenOf, principalOf, principalOfToken, close };
}

import { z } from 'zod';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import { endpoint, reply, type Endpoint, type Reply } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { clearedSessionCookie, sessionCookie } from './cookies.ts';
import { displayNameSchema } from './display-name.ts';
import type { Events } from '../events/cuadra.ts';
import { revoked, type Auth } from './identity.ts';
import type { Principal } from './principal.ts';
import { changeStaffPassword, createSession, deleteExpiredSessions, deleteSession, findPrincipal, residentBySecret, staffByPassword } from './sessions.ts';
import { deviceSecretPattern } from './tokens.ts';

// The sync server and the features name the identity service from here.
export type { Auth } from './identity.ts';

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
const profileBody = z.object({ displayName: displayNameSchema.nullable() });

export function publicUser(p: Principal) {
	return { id: p.userId, kind: p.kind, displayName: p.displayName, memberships: p.memberships };
}

const session = (p: Principal) => ({ user: publicUser(p), expiresAt: new Date(p.expiresAt).toISOString() });

/** Sign-in: N attempts per (network, username) and 4N per network, refilled over 15 minutes; residents' sign-ins per network per hour. */
function authRules(config: Config) {
	const n = config.auth.signInAttempts;
	return {
		perName: perWindow('sign-in per network and name', n, 900),
		perNetwork: perWindow('sign-in per network', n * 4, 900),
		registrations: perWindow('resident sign-ins per network', config.auth.registrationsPerHour, 3600)
	};
}

/**
 * Identity: `POST /api/auth/resident` (a device's pseudonymous account), `POST /api/auth/sign-in`
 * and `PUT /api/auth/password` (staff), `POST /api/auth/sign-out`, `GET|PUT /api/auth/me`.
 * Sessions live in httpOnly cookies (or `Authorization: Bearer`).
 */
export function authEndpoints(ctx: { config: Config; db: Db; auth: Auth; events: Events }): Endpoint[] {
	const { config, db, auth, events } = ctx;
	const secure = config.publicUrl.startsWith('https:');
	const rules = authRules(config);
	const tooMany = (what: string) => (wait: number) => `Too many ${what}. Try again in ${wait} seconds.`;

	async function startSession(status: number, userId: string, ttl: number): Promise<Reply> {
		const { token } = await createSession(db, userId, ttl);
		const principal = await findPrincipal(db, token);
		if (!principal) throw new Error('a session just created was not found');
		return reply(status, session(principal), { 'set-cookie': sessionCookie(token, ttl, secure) });
	}

	return [
		endpoint({
			method: 'POST',
			path: '/api/auth/resident',
			who: 'anyone',
			body: residentBody,
			limit: { rules: [{ rule: rules.registrations, key: (c) => c.ip }], message: tooMany('sign-ins from this network') },
			handle: async ({ body }) => {
				if (body.municipalityId) {
					const known = await db.selectFrom('municipality').select('id').where('id', '=', body.municipalityId).executeTakeFirst();
					if (!known) throw new Refusal(400, 'unknown_municipality', `There is no municipality "${body.municipalityId}".`);
				}
				const { userId, created } = await residentBySecret(db, body.secret, body.municipalityId);
				return startSession(created ? 201 : 200, userId, config.auth.residentTtlSeconds);
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/auth/sign-in',
			who: 'anyone',
			body: signInBody,
			limit: {
				rules: [
					{ rule: rules.perName, key: (c) => `${c.ip}\n${c.body.username}` },
					{ rule: rules.perNetwork, key: (c) => c.ip }
				],
				message: tooMany('sign-in attempts')
			},
			handle: async ({ body, ip, limits }) => {
				const userId = await staffByPassword(db, body.username, body.password);
				if (!userId) throw new Refusal(401, 'invalid_credentials', 'The username or the password is wrong.');
				await limits.reset(rules.perName, `${ip}\n${body.username}`);
				await deleteExpiredSessions(db);
				return startSession(200, userId, config.auth.staffTtlSeconds);
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/auth/sign-out',
			who: 'anyone',
			handle: async ({ req }) => {
				const token = auth.tokenOf(req);
				if (token) await revoked(events, [await deleteSession(db, token)]);
				return reply(204, undefined, { 'set-cookie': clearedSessionCookie(secure) });
			}
		}),
		endpoint({
			method: 'PUT',
			path: '/api/auth/password',
			who: 'staff',
			forbidden: 'Only staff accounts have a password; residents sign in with their device.',
			body: passwordBody,
			// Guessing the current password here counts like guessing it at sign-in.
			limit: {
				rules: [
					{ rule: rules.perName, key: (c) => `${c.ip}\npassword\n${c.principal.userId}` },
					{ rule: rules.perNetwork, key: (c) => c.ip }
				],
				message: tooMany('password attempts')
			},
			handle: async ({ body, principal }) => {
				const outcome = await changeStaffPassword(db, { userId: principal.userId, current: body.currentPassword, next: body.newPassword, keep: principal.sessionHash });
				if (outcome === 'wrong_password') throw new Refusal(401, 'invalid_credentials', 'The current password is wrong.');
				if (outcome === 'same_password') throw new Refusal(400, 'same_password', 'The new password must differ from the current one.');
				await revoked(events, outcome.ended);
				await events.publish('staff.changed', { userId: principal.userId, change: 'own_password', municipalityId: null });
				return reply(200, { ...session(principal), endedSessions: outcome.ended.length });
			}
		}),
		endpoint({
			method: 'PUT',
			path: '/api/auth/me',
			who: 'signed-in',
			body: profileBody,
			handle: async ({ body, principal }) => {
				await db.updateTable('user').set({ display_name: body.displayName }).where('id', '=', principal.userId).execute();
				return reply(200, { user: { ...publicUser(principal), displayName: body.displayName }, expiresAt: new Date(principal.expiresAt).toISOString() });
			}
		}),
		endpoint({ method: 'GET', path: '/api/auth/me', who: 'signed-in', handle: ({ principal }) => reply(200, session(principal)) })
	];
}


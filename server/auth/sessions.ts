import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { recordStaffChanges } from '../staff/audit.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { Membership, Principal } from './principal.ts';
import { hashToken, newToken } from './tokens.ts';

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Db, userId: string, ttlSeconds: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = newToken();
	const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
	await db
		.insertInto('session')
		.values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
		.execute();
	return { token, expiresAt };
}

/** The principal behind a session token, or null when the token is unknown or expired. */
export async function findPrincipal(db: Db, token: string, now = new Date()): Promise<Principal | null> {
	const tokenHash = hashToken(token);
	const row = await db
		.selectFrom('session')
		.innerJoin('user', 'user.id', 'session.user_id')
		.select(['user.id as userId', 'user.kind as kind', 'user.display_name as displayName', 'session.expires_at as expiresAt'])
		.where('session.token_hash', '=', tokenHash)
		.executeTakeFirst();
	if (!row) return null;
	const expiresAt = Date.parse(row.expiresAt);
	if (!(expiresAt > now.getTime())) return null;
	// Built field by field (not spread over the row): one object shape for every principal.
	return { userId: row.userId, kind: row.kind, displayName: row.displayName, memberships: await membershipsOf(db, row.userId), sessionHash: tokenHash, expiresAt };
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
	const rows = await db.selectFrom('membership').select(['municipality_id', 'role']).where('user_id', '=', userId).execute();
	return rows.map((r) => ({ municipalityId: r.municipality_id, role: r.role }));
}

/** Deletes a session; returns its hash so open sockets on it can be closed. */
export async function deleteSession(db: Db, token: string): Promise<string> {
	const tokenHash = hashToken(token);
	await db.deleteFrom('session').where('token_hash', '=', tokenHash).execute();
	return tokenHash;
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
	await db.deleteFrom('session').where('expires_at', '<', now.toISOString()).execute();
}

/**
 * Signs in a resident by device secret, creating the pseudonymous account on first use. The
 * account holds no personal data: a random id, and the hash of the secret the device keeps.
 */
export async function residentBySecret(
	db: Db,
	secret: string,
	municipalityId: string | undefined,
	now = new Date()
): Promise<{ userId: string; created: boolean }> {
	const secretHash = hashToken(secret);
	return db.transaction().execute(async (tx) => {
		const existing = await tx.selectFrom('resident_credential').select('user_id').where('secret_hash', '=', secretHash).executeTakeFirst();
		const userId = existing?.user_id ?? randomUUID();
		if (!existing) {
			const at = now.toISOString();
			await tx.insertInto('user').values({ id: userId, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: at }).execute();
			await tx.insertInto('resident_credential').values({ secret_hash: secretHash, user_id: userId, created_at: at }).execute();
		}
		if (municipalityId) {
			// A resident lives in one municipality at a time; staff roles are never touched here.
			await tx.deleteFrom('membership').where('user_id', '=', userId).where('role', '=', 'resident').execute();
			const staff = await tx.selectFrom('membership').select('role').where('user_id', '=', userId).where('municipality_id', '=', municipalityId).executeTakeFirst();
			if (!staff) await tx.insertInto('membership').values({ user_id: userId, municipality_id: municipalityId, role: 'resident' }).execute();
		}
		return { userId, created: !existing };
	});
}

let dummyHash: Promise<string> | undefined;

/** Checks a staff password. Unknown usernames cost the same scrypt work, so timing reveals nothing. */
export async function staffByPassword(db: Db, username: string, password: string): Promise<string | null> {
	const user = await db
		.selectFrom('user')
		.select(['id', 'password_hash'])
		.where('username', '=', username)
		.where('kind', '=', 'staff')
		.executeTakeFirst();
	if (!user?.password_hash) {
		await verifyPassword(password, await (dummyHash ??= hashPassword('not-a-password')));
		return null;
	}
	return (await verifyPassword(password, user.password_hash)) ? user.id : null;
}

/**
 * A staff member's own password change: checks the current one, stores the new one's hash, and
 * ends every other session of the account (a phone left signed in somewhere), keeping `keep`, the
 * one asking. Resolves to the ended sessions' hashes (their sockets are closed by the caller), or
 * to why it was refused. The hash is replaced only if it is still the one checked.
 */
export async function changeStaffPassword(
	db: Db,
	input: { userId: string; current: string; next: string; keep: string }
): Promise<{ ended: string[] } | 'wrong_password' | 'same_password'> {
	const user = await db.selectFrom('user').select('password_hash').where('id', '=', input.userId).where('kind', '=', 'staff').executeTakeFirst();
	if (!user?.password_hash || !(await verifyPassword(input.current, user.password_hash))) return 'wrong_password';
	if (input.current.normalize('NFKC') === input.next.normalize('NFKC')) return 'same_password';
	const hash = await hashPassword(input.next);
	const checked = user.password_hash;
	return db.transaction().execute(async (tx) => {
		const changed = await tx.updateTable('user').set({ password_hash: hash }).where('id', '=', input.userId).where('password_hash', '=', checked).executeTakeFirst();
		if (Number(changed.numUpdatedRows) !== 1) return 'wrong_password';
		const ended = await tx.deleteFrom('session').where('user_id', '=', input.userId).where('token_hash', '!=', input.keep).returning('token_hash').execute();
		await recordStaffChanges(tx, [{ actorId: input.userId, action: 'password_changed', userId: input.userId }], new Date().toISOString());
		return { ended: ended.map((s) => s.token_hash) };
	});
}

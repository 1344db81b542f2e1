import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { generatePassword, hashPassword } from '../auth/password.ts';
import type { Database, Db } from '../db/index.ts';
import { Refusal } from '../http/refusal.ts';
import { recordStaffChanges } from './audit.ts';
import { STAFF_ROLES, type NewStaff, type StaffRole } from './schema.ts';

/**
 * Staff accounts: add, remove, reset a password, list. Both `npm run staff` (the server operator,
 * who may do anything) and `/api/staff` (an admin, within their municipalities) go through here.
 * See docs/sync-protocol.md §1 "Staff accounts".
 */

export type StaffRefusal = 'unknown_municipality' | 'username_taken' | 'not_found' | 'own_account' | 'last_admin' | 'other_municipality';

const statusOf: Record<StaffRefusal, number> = {
	unknown_municipality: 400,
	username_taken: 409,
	not_found: 404,
	own_account: 409,
	last_admin: 409,
	other_municipality: 403
};

/** A change refused: the command line prints its message; over HTTP it is answered with its status. */
export class StaffRefused extends Refusal {
	declare readonly code: StaffRefusal;

	constructor(code: StaffRefusal, message: string) {
		super(statusOf[code], code, message);
	}
}

/**
 * The admin acting over HTTP (their user id). Their admin roles are read inside the change's
 * transaction, so a role just taken away no longer counts. Without an actor, the caller is the
 * server operator's command line, which may do anything.
 */
export type ActorId = string;

export interface StaffMembership {
	municipalityId: string;
	role: StaffRole;
}

export interface StaffAccount {
	id: string;
	username: string;
	displayName: string | null;
	createdAt: string;
	/** When their newest session still in the store began (sessions go when they end), else null. */
	lastSignInAt: string | null;
	/** Empty once removed everywhere: the row stays as the municipality's record, unable to sign in. */
	memberships: StaffMembership[];
}

/** The user whose access changed, and the sessions that were deleted: close their sockets. */
export interface AccessChange {
	userId: string;
	username: string;
	sessionHashes: string[];
}

export type Who = { id: string } | { username: string };

type Tx = Transaction<Database>;

/**
 * Every change starts with this write, which serialises changes to the same municipality's staff:
 * on PostgreSQL it locks the municipality rows until commit (so two admins cannot remove each
 * other at once and leave none); on SQLite it takes the write lock before anything is read, so a
 * running server's writes cannot invalidate what this transaction read. Returns how many rows.
 */
async function lockMunicipalities(tx: Tx, ids: { of: string } | { userId: string }): Promise<number> {
	const result = await tx
		.updateTable('municipality')
		.set((eb) => ({ name: eb.ref('name') }))
		.where('id', 'in', 'of' in ids ? [ids.of] : tx.selectFrom('membership').select('municipality_id').where('user_id', '=', ids.userId))
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

async function staffMembershipsOf(tx: Tx | Db, userId: string): Promise<StaffMembership[]> {
	const rows = await tx
		.selectFrom('membership')
		.select(['municipality_id', 'role'])
		.where('user_id', '=', userId)
		.where('role', 'in', STAFF_ROLES)
		.orderBy('municipality_id')
		.execute();
	return rows.map((r) => ({ municipalityId: r.municipality_id, role: r.role as StaffRole }));
}

async function adminRolesOf(tx: Tx, userId: string): Promise<string[]> {
	const rows = await tx.selectFrom('membership').select('municipality_id').where('user_id', '=', userId).where('role', '=', 'admin').execute();
	return rows.map((r) => r.municipality_id);
}

async function findStaff(db: Db, who: Who): Promise<{ id: string; username: string }> {
	const query = db.selectFrom('user').select(['id', 'username']).where('kind', '=', 'staff');
	const row = await ('id' in who ? query.where('id', '=', who.id) : query.where('username', '=', who.username)).executeTakeFirst();
	if (!row?.username) throw new StaffRefused('not_found', `There is no staff account ${'id' in who ? `with id ${who.id}` : `"${who.username}"`}.`);
	return { id: row.id, username: row.username };
}

/** Not found. An admin is not told whose the id is, nor where else they work; the server operator is. */
function nobody(user: { id: string }, actor: ActorId | undefined, forOperator: string, where = 'a municipality you are an admin of'): StaffRefused {
	return new StaffRefused('not_found', actor === undefined ? forOperator : `There is no staff member with id ${user.id} in ${where}.`);
}

async function endSessions(tx: Tx, userId: string): Promise<string[]> {
	const rows = await tx.deleteFrom('session').where('user_id', '=', userId).returning('token_hash').execute();
	return rows.map((r) => r.token_hash);
}

/** Creates a staff account with a generated password, returned once and stored only as its scrypt hash. */
export async function addStaff(db: Db, input: NewStaff, options: { actor?: ActorId; now?: Date } = {}): Promise<{ account: StaffAccount; password: string }> {
	const password = generatePassword();
	const hash = await hashPassword(password);
	const id = randomUUID();
	const createdAt = (options.now ?? new Date()).toISOString();
	const displayName = input.displayName ?? null;
	await db.transaction().execute(async (tx) => {
		if ((await lockMunicipalities(tx, { of: input.municipalityId })) === 0) {
			const known = (await tx.selectFrom('municipality').select('id').orderBy('id').execute()).map((m) => m.id);
			throw new StaffRefused('unknown_municipality', `There is no municipality "${input.municipalityId}". ${known.length ? `Known: ${known.join(', ')}.` : 'The store has none yet.'}`);
		}
		const taken = await tx.selectFrom('user').select('id').where('username', '=', input.username).executeTakeFirst();
		// A removed person's username stays with their record, so it is never given to someone else.
		if (taken) throw new StaffRefused('username_taken', `The username "${input.username}" is taken (a removed person keeps theirs, as part of the record). Choose another.`);
		await tx.insertInto('user').values({ id, kind: 'staff', username: input.username, password_hash: hash, display_name: displayName, created_at: createdAt }).execute();
		await tx.insertInto('membership').values({ user_id: id, municipality_id: input.municipalityId, role: input.role }).execute();
		await recordStaffChanges(tx, [{ actorId: options.actor ?? null, action: 'added', userId: id, municipalityId: input.municipalityId, role: input.role }], createdAt);
	});
	return { account: { id, username: input.username, displayName, createdAt, lastSignInAt: null, memberships: [{ municipalityId: input.municipalityId, role: input.role }] }, password };
}

/**
 * Removes a person's staff role in one municipality (or, without `municipalityId`, everywhere), in
 * one transaction. Their sessions are deleted so the change reaches open sockets (the caller closes
 * them). Once no staff role is left, the password hash and display name are cleared: nobody can
 * sign in as them, while their id keeps its meaning in decisions, rollbacks and the audit log.
 * An admin cannot remove themselves, and no municipality loses its last admin.
 */
export async function removeStaff(db: Db, who: Who, options: { municipalityId?: string; actor?: ActorId } = {}): Promise<AccessChange & { removed: StaffMembership[]; accountClosed: boolean }> {
	const user = await findStaff(db, who);
	const { municipalityId, actor } = options;
	return db.transaction().execute(async (tx) => {
		await lockMunicipalities(tx, { userId: user.id });
		const memberships = await staffMembershipsOf(tx, user.id);
		const removed = memberships.filter((m) => municipalityId === undefined || m.municipalityId === municipalityId);
		if (removed.length === 0) throw nobody(user, actor, `${user.username} has no staff role${municipalityId ? ` in ${municipalityId}` : ' left'}.`, municipalityId);
		if (actor !== undefined) {
			const adminOf = await adminRolesOf(tx, actor);
			if (removed.some((m) => !adminOf.includes(m.municipalityId))) throw new StaffRefused('other_municipality', `Only an admin of the municipality removes ${user.username} from it.`);
		}
		for (const m of removed.filter((r) => r.role === 'admin')) {
			const admins = await tx
				.selectFrom('membership')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('municipality_id', '=', m.municipalityId)
				.where('role', '=', 'admin')
				.executeTakeFirstOrThrow();
			if (Number(admins.n) <= 1) throw new StaffRefused('last_admin', `${user.username} is the last admin of ${m.municipalityId}: add another admin first.`);
		}
		if (actor === user.id) throw new StaffRefused('own_account', 'You cannot remove your own access. Ask another admin of the municipality.');
		await tx
			.deleteFrom('membership')
			.where('user_id', '=', user.id)
			.where('role', 'in', STAFF_ROLES)
			.where(
				'municipality_id',
				'in',
				removed.map((m) => m.municipalityId)
			)
			.execute();
		await recordStaffChanges(
			tx,
			removed.map((m) => ({ actorId: actor ?? null, action: 'removed', userId: user.id, municipalityId: m.municipalityId, role: m.role })),
			new Date().toISOString()
		);
		const accountClosed = removed.length === memberships.length;
		if (accountClosed) await tx.updateTable('user').set({ password_hash: null, display_name: null }).where('id', '=', user.id).execute();
		return { userId: user.id, username: user.username, removed, accountClosed, sessionHashes: await endSessions(tx, user.id) };
	});
}

/**
 * Gives a staff member a new generated password (returned once) and deletes all their sessions.
 * An admin may reset only people who work solely for municipalities they administer (else they
 * could sign in as an admin of another one), and not themselves.
 */
export async function resetStaffPassword(db: Db, who: Who, options: { actor?: ActorId } = {}): Promise<AccessChange & { password: string }> {
	const user = await findStaff(db, who);
	const { actor } = options;
	const password = generatePassword();
	const hash = await hashPassword(password);
	return db.transaction().execute(async (tx) => {
		await lockMunicipalities(tx, { userId: user.id });
		const memberships = await staffMembershipsOf(tx, user.id);
		if (memberships.length === 0) throw nobody(user, actor, `${user.username} has no staff role: they were removed. Add them under a new username instead.`);
		if (actor !== undefined) {
			if (actor === user.id) throw new StaffRefused('own_account', 'You cannot reset your own password here. Ask another admin, or the server operator.');
			const adminOf = await adminRolesOf(tx, actor);
			const mine = memberships.filter((m) => adminOf.includes(m.municipalityId));
			if (mine.length === 0) throw nobody(user, actor, `${user.username} works for no municipality you are an admin of.`);
			if (mine.length < memberships.length) throw new StaffRefused('other_municipality', `${user.username} also works for a municipality you are not an admin of. The server operator resets their password.`);
		}
		await tx.updateTable('user').set({ password_hash: hash }).where('id', '=', user.id).execute();
		await recordStaffChanges(tx, [{ actorId: actor ?? null, action: 'password_reset', userId: user.id }], new Date().toISOString());
		return { userId: user.id, username: user.username, password, sessionHashes: await endSessions(tx, user.id) };
	});
}

/** Staff accounts by username, with their roles; with `municipalityId`, only those with a role there. Never a hash. */
export async function listStaff(db: Db, municipalityId?: string): Promise<StaffAccount[]> {
	let query = db.selectFrom('user').select(['id', 'username', 'display_name', 'created_at']).where('kind', '=', 'staff');
	if (municipalityId !== undefined) {
		query = query.where('id', 'in', db.selectFrom('membership').select('user_id').where('municipality_id', '=', municipalityId).where('role', 'in', STAFF_ROLES));
	}
	const users = await query.orderBy('username').execute();
	if (users.length === 0) return [];
	const ids = users.map((u) => u.id);
	const memberships = await db.selectFrom('membership').select(['user_id', 'municipality_id', 'role']).where('user_id', 'in', ids).where('role', 'in', STAFF_ROLES).orderBy('municipality_id').execute();
	const sessions = await db
		.selectFrom('session')
		.select((eb) => ['user_id', eb.fn.max('created_at').as('last')])
		.where('user_id', 'in', ids)
		.groupBy('user_id')
		.execute();
	return users.map((u) => ({
		id: u.id,
		username: u.username ?? '',
		displayName: u.display_name,
		createdAt: u.created_at,
		lastSignInAt: sessions.find((s) => s.user_id === u.id)?.last ?? null,
		memberships: memberships.filter((m) => m.user_id === u.id).map((m) => ({ municipalityId: m.municipality_id, role: m.role as StaffRole }))
	}));
}

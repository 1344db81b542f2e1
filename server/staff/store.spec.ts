import { describe, expect, it } from 'vitest';
import { createSession, staffByPassword } from '../auth/sessions.ts';
import { hashToken } from '../auth/tokens.ts';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { addStaff, listStaff, removeStaff, resetStaffPassword, StaffRefused } from './store.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

const idOf = async (username: string) => (await db.selectFrom('user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const refusal = async (work: Promise<unknown>) => {
	try {
		await work;
	} catch (error) {
		if (error instanceof StaffRefused) return error.code;
		throw error;
	}
	throw new Error('expected a refusal');
};

describe('staff accounts in the store', () => {
	it('adds an account whose generated password signs in and is stored only as a hash', async () => {
		const { account, password } = await addStaff(db, { username: 'maria@providencia', municipalityId: 'providencia', role: 'operator', displayName: 'María' }, { now: new Date('2026-01-02T03:04:05.000Z') });
		expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
		expect(account).toEqual({ id: expect.any(String), username: 'maria@providencia', displayName: 'María', createdAt: '2026-01-02T03:04:05.000Z', lastSignInAt: null, memberships: [{ municipalityId: 'providencia', role: 'operator' }] });
		const row = await db.selectFrom('user').select(['kind', 'password_hash']).where('id', '=', account.id).executeTakeFirstOrThrow();
		expect(row.kind).toBe('staff');
		expect(row.password_hash).toMatch(/^scrypt\$/);
		expect(row.password_hash).not.toContain(password);
		expect(await staffByPassword(db, 'maria@providencia', password)).toBe(account.id);
	});

	it('refuses an unknown municipality and a username already taken, leaving nothing behind', async () => {
		expect(await refusal(addStaff(db, { username: 'rosa@atlantis', municipalityId: 'atlantis', role: 'admin' }))).toBe('unknown_municipality');
		expect(await refusal(addStaff(db, { username: 'operator@providencia', municipalityId: 'las-condes', role: 'admin' }))).toBe('username_taken');
		expect(await db.selectFrom('user').select('id').where('username', '=', 'rosa@atlantis').execute()).toEqual([]);
		expect((await listStaff(db)).map((a) => a.username)).toEqual(['admin@las-condes', 'admin@providencia', 'operator@las-condes', 'operator@providencia']);
	});

	it('removes the last role: no password, no display name, no session, but the row stays for the record', async () => {
		const { account } = await addStaff(db, { username: 'luis@providencia', municipalityId: 'providencia', role: 'operator', displayName: 'Luis' });
		const { token } = await createSession(db, account.id, 3600);
		await createSession(db, account.id, 3600);
		const change = await removeStaff(db, { id: account.id }, { municipalityId: 'providencia', actor: await idOf('admin@providencia') });
		expect(change).toEqual({ userId: account.id, username: 'luis@providencia', removed: [{ municipalityId: 'providencia', role: 'operator' }], accountClosed: true, sessionHashes: expect.arrayContaining([hashToken(token)]) });
		expect(change.sessionHashes).toHaveLength(2);
		expect(await db.selectFrom('user').select(['username', 'password_hash', 'display_name']).where('id', '=', account.id).executeTakeFirst()).toEqual({ username: 'luis@providencia', password_hash: null, display_name: null });
		expect(await db.selectFrom('session').select('token_hash').where('user_id', '=', account.id).execute()).toEqual([]);
		expect(await db.selectFrom('membership').select('role').where('user_id', '=', account.id).execute()).toEqual([]);
		expect(await listStaff(db, 'providencia')).not.toContainEqual(expect.objectContaining({ id: account.id }));
		expect((await listStaff(db)).find((a) => a.id === account.id)?.memberships).toEqual([]);
		// Removed people cannot be given a password again: they are added under a new username.
		expect(await refusal(resetStaffPassword(db, { id: account.id }))).toBe('not_found');
		expect(await refusal(removeStaff(db, { id: account.id }))).toBe('not_found');
	});

	it('keeps the password when another role is left, but still ends every session', async () => {
		const { account, password } = await addStaff(db, { username: 'ana.rios', municipalityId: 'providencia', role: 'admin' });
		await db.insertInto('membership').values({ user_id: account.id, municipality_id: 'las-condes', role: 'operator' }).execute();
		await createSession(db, account.id, 3600);
		const change = await removeStaff(db, { username: 'ana.rios' }, { municipalityId: 'providencia' });
		expect(change.accountClosed).toBe(false);
		expect(change.sessionHashes).toHaveLength(1);
		expect(await staffByPassword(db, 'ana.rios', password)).toBe(account.id);
		expect((await listStaff(db)).find((a) => a.id === account.id)?.memberships).toEqual([{ municipalityId: 'las-condes', role: 'operator' }]);
	});

	it('never leaves a municipality without an admin, and an admin cannot remove themselves', async () => {
		const admin = await idOf('admin@providencia');
		expect(await refusal(removeStaff(db, { username: 'admin@providencia' }))).toBe('last_admin');
		expect(await refusal(removeStaff(db, { id: admin }, { municipalityId: 'providencia', actor: admin }))).toBe('last_admin');
		const { account } = await addStaff(db, { username: 'second.admin', municipalityId: 'providencia', role: 'admin' });
		expect(await refusal(removeStaff(db, { id: admin }, { municipalityId: 'providencia', actor: admin }))).toBe('own_account');
		// With two admins, one may remove the other; then the remaining one is the last again.
		await removeStaff(db, { id: account.id }, { municipalityId: 'providencia', actor: admin });
		expect(await refusal(removeStaff(db, { username: 'admin@providencia' }, { municipalityId: 'providencia' }))).toBe('last_admin');
		// An admin whose role was taken away meanwhile no longer counts as one.
		const { account: third } = await addStaff(db, { username: 'third.admin', municipalityId: 'providencia', role: 'admin' });
		await removeStaff(db, { id: third.id }, { municipalityId: 'providencia' });
		expect(await refusal(removeStaff(db, { username: 'operator@providencia' }, { municipalityId: 'providencia', actor: third.id }))).toBe('other_municipality');
		expect((await listStaff(db, 'providencia')).map((a) => a.username)).toEqual(['admin@providencia', 'operator@providencia']);
	});

	it('keeps an admin to their own municipalities', async () => {
		const admin = await idOf('admin@providencia');
		expect(await refusal(removeStaff(db, { username: 'operator@las-condes' }, { municipalityId: 'las-condes', actor: admin }))).toBe('other_municipality');
		expect(await refusal(resetStaffPassword(db, { username: 'operator@las-condes' }, { actor: admin }))).toBe('not_found');
		// Someone who also works elsewhere: resetting would hand this admin their other role.
		const { account } = await addStaff(db, { username: 'shared.operator', municipalityId: 'providencia', role: 'operator' });
		await db.insertInto('membership').values({ user_id: account.id, municipality_id: 'las-condes', role: 'admin' }).execute();
		expect(await refusal(resetStaffPassword(db, { id: account.id }, { actor: admin }))).toBe('other_municipality');
		expect(await refusal(resetStaffPassword(db, { id: admin }, { actor: admin }))).toBe('own_account');
	});

	it('resets a password: a new hash that the new password matches, and every session ends', async () => {
		const operatorId = await idOf('operator@providencia');
		const { token } = await createSession(db, operatorId, 3600);
		const before = (await db.selectFrom('user').select('password_hash').where('id', '=', operatorId).executeTakeFirstOrThrow()).password_hash;
		const change = await resetStaffPassword(db, { id: operatorId }, { actor: await idOf('admin@providencia') });
		expect(change.sessionHashes).toEqual([hashToken(token)]);
		expect(await staffByPassword(db, 'operator@providencia', change.password)).toBe(operatorId);
		const after = (await db.selectFrom('user').select('password_hash').where('id', '=', operatorId).executeTakeFirstOrThrow()).password_hash;
		expect(after).not.toBe(before);
		expect(await db.selectFrom('session').select('token_hash').where('user_id', '=', operatorId).execute()).toEqual([]);
	});

	it('lists staff with roles and the start of their newest session, never a hash', async () => {
		const operatorId = await idOf('operator@providencia');
		await createSession(db, operatorId, 3600, new Date('2026-03-01T10:00:00.000Z'));
		await createSession(db, operatorId, 3600, new Date('2026-03-02T10:00:00.000Z'));
		const staff = await listStaff(db, 'providencia');
		expect(staff.map((a) => [a.username, a.memberships, a.lastSignInAt])).toEqual([
			['admin@providencia', [{ municipalityId: 'providencia', role: 'admin' }], null],
			['operator@providencia', [{ municipalityId: 'providencia', role: 'operator' }], '2026-03-02T10:00:00.000Z']
		]);
		expect(JSON.stringify(await listStaff(db))).not.toContain('scrypt');
		// Residents are never listed, though they have a membership.
		await db.insertInto('user').values({ id: 'resident-1', kind: 'resident', username: null, password_hash: null, display_name: null, created_at: '2026-03-01T00:00:00.000Z' }).execute();
		await db.insertInto('membership').values({ user_id: 'resident-1', municipality_id: 'providencia', role: 'resident' }).execute();
		expect((await listStaff(db, 'providencia')).map((a) => a.id)).not.toContain('resident-1');
		expect((await listStaff(db)).map((a) => a.id)).not.toContain('resident-1');
		expect(await listStaff(db, 'nowhere')).toEqual([]);
	});
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { createInvite, inviteCodePattern, MAX_LINKS, newInviteCode, normaliseCode, redeemInvite, watchersOf } from './links.ts';

let db: Db;
const t0 = new Date('2026-11-21T10:00:00.000Z');
beforeEach(async () => {
	db = await openStore({ kind: 'sqlite', file: ':memory:' });
	await migrate(db);
	for (let i = 0; i < 13; i++) {
		await db.insertInto('user').values({ id: `u${i}`, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: t0.toISOString() }).execute();
	}
});
afterEach(async () => db.destroy());

describe('invite codes', () => {
	it('are 8 unambiguous characters, typed in any case with spaces or dashes', () => {
		for (let i = 0; i < 50; i++) expect(newInviteCode()).toMatch(inviteCodePattern);
		expect(normaliseCode('ab2c-d3ef ')).toBe('AB2CD3EF');
		expect(inviteCodePattern.test('ABCDEF01')).toBe(false);
	});

	it('expire after a day and work once', async () => {
		const invite = await createInvite(db, 'u0', t0);
		if (invite === 'too_many') throw new Error('unexpected');
		expect(await redeemInvite(db, 'u1', invite.code, new Date(t0.getTime() + 25 * 3600_000))).toBe('invalid_code');
		const again = await createInvite(db, 'u0', t0);
		if (again === 'too_many') throw new Error('unexpected');
		// A new code replaces the old one.
		expect(await redeemInvite(db, 'u1', invite.code, t0)).toBe('invalid_code');
		expect(await redeemInvite(db, 'u1', again.code, t0)).toEqual({ subjectId: 'u0', created: true });
		expect(await redeemInvite(db, 'u2', again.code, t0)).toBe('invalid_code');
		expect(await watchersOf(db, 'u0')).toEqual(['u1']);
	});

	it('stop at ten linked contacts', async () => {
		for (let i = 1; i <= MAX_LINKS; i++) {
			const invite = await createInvite(db, 'u0', t0);
			if (invite === 'too_many') throw new Error('unexpected');
			expect(await redeemInvite(db, `u${i}`, invite.code, t0)).toMatchObject({ created: true });
		}
		expect(await createInvite(db, 'u0', t0)).toBe('too_many');
	});
});

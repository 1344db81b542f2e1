import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import type { Principal } from '../auth/principal.ts';
import { moderationStore } from './schema.ts';
import { liftLimit, ownLimits, PostingLimitGate } from './posting-limits.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

const resident = (userId: string): Pick<Principal, 'userId' | 'memberships'> => ({ userId, memberships: [{ municipalityId: 'providencia', role: 'resident' }] });

async function aResident(): Promise<string> {
	const id = randomUUID();
	await moderationStore(db).insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: new Date().toISOString() }).execute();
	return id;
}

const row = (userId: string, until: string, extra: Partial<{ lifted_at: string; municipality_id: string }> = {}) => ({
	id: randomUUID(),
	municipality_id: extra.municipality_id ?? 'providencia',
	user_id: userId,
	item_key: 'message:incident:i1:m1',
	item: JSON.stringify({ kind: 'message', thread: 'incident:i1', id: 'm1' }),
	reason: 'abuse',
	note: 'nota interna',
	actor_id: null,
	at: '2026-12-01T00:00:00.000Z',
	until,
	lifted_at: extra.lifted_at ?? null,
	lifted_by: null,
	lift_reason: extra.lifted_at ? 'revisado' : null
});

describe('PostingLimitGate', () => {
	it('loads the limits in force from the store, refuses only there and only until the end, and never staff', async () => {
		const [ben, carla, dora] = await Promise.all([aResident(), aResident(), aResident()]);
		await moderationStore(db)
			.insertInto('posting_limit')
			.values([row(ben, '2026-12-08T00:00:00.000Z'), row(carla, '2026-12-02T00:00:00.000Z'), row(dora, '2026-12-08T00:00:00.000Z', { lifted_at: '2026-12-01T12:00:00.000Z' })])
			.execute();
		let now = Date.parse('2026-12-03T00:00:00Z');
		const gate = new PostingLimitGate(() => now);
		await gate.load(db);
		expect(gate.refusal(resident(ben), 'providencia')).toBe('the municipality has limited your writing in its threads until 2026-12-08T00:00:00.000Z (abuse)');
		// Another municipality's threads, an ended limit, a lifted one: free.
		expect(gate.refusal(resident(ben), 'las-condes')).toBeNull();
		expect(gate.refusal(resident(carla), 'providencia')).toBeNull();
		expect(gate.refusal(resident(dora), 'providencia')).toBeNull();
		expect(gate.refusal({ userId: ben, memberships: [{ municipalityId: 'providencia', role: 'operator' }] }, 'providencia')).toBeNull();
		// At its end it stops counting, with no event.
		now = Date.parse('2026-12-08T00:00:00Z');
		expect(gate.refusal(resident(ben), 'providencia')).toBeNull();
	});

	it('follows the decisions after they commit: set, then lifted', () => {
		const gate = new PostingLimitGate(() => Date.parse('2026-12-03T00:00:00Z'));
		gate.apply({ userId: 'u1', municipalityId: 'providencia', until: '2026-12-10T00:00:00.000Z', reason: 'looks' });
		expect(gate.refusal(resident('u1'), 'providencia')).toContain('until 2026-12-10');
		gate.apply({ userId: 'u1', municipalityId: 'providencia', until: null, reason: null });
		expect(gate.refusal(resident('u1'), 'providencia')).toBeNull();
	});
});

describe('ownLimits and liftLimit', () => {
	it('a resident reads only their limits in force, without the staff note; lifting records who and why once', async () => {
		const ben = await aResident();
		const limit = row(ben, '2026-12-08T00:00:00.000Z');
		await moderationStore(db).insertInto('posting_limit').values(limit).execute();
		const now = new Date('2026-12-03T00:00:00Z');
		expect(await ownLimits(db, ben, now)).toEqual([{ municipalityId: 'providencia', reason: 'abuse', until: '2026-12-08T00:00:00.000Z' }]);
		const admin = (await moderationStore(db).selectFrom('user').select('id').where('username', '=', 'admin@providencia').executeTakeFirstOrThrow()).id;
		expect(await liftLimit(db, admin, { id: limit.id, reason: 'Se disculpó' }, now)).toEqual({ userId: ben, municipalityId: 'providencia', until: null, reason: null });
		await expect(liftLimit(db, admin, { id: limit.id, reason: 'otra vez' }, now)).rejects.toMatchObject({ status: 409 });
		expect(await ownLimits(db, ben, now)).toEqual([]);
		const stored = await moderationStore(db).selectFrom('posting_limit').selectAll().where('id', '=', limit.id).executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ lifted_at: now.toISOString(), lifted_by: admin, lift_reason: 'Se disculpó', reason: 'abuse', note: 'nota interna' });
	});
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { moderationStore } from './schema.ts';
import { purgeModerationOriginals } from './retention.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

const decision = (at: string, original: string | null) => ({
	id: randomUUID(),
	municipality_id: 'providencia',
	item_key: `message:incident:i1:${randomUUID()}`,
	item: '{}',
	action: 'hidden' as const,
	reason: 'looks',
	note: null,
	actor_id: null,
	at,
	original
});

describe('purgeModerationOriginals', () => {
	it('drops the originals of decisions older than the period, and keeps the decisions', async () => {
		const old = decision('2026-08-01T00:00:00.000Z', '{"text":"viejo"}');
		const recent = decision('2026-11-20T00:00:00.000Z', '{"text":"reciente"}');
		await moderationStore(db).insertInto('moderation_decision').values([old, recent]).execute();
		expect(await purgeModerationOriginals(db, 90, new Date('2026-12-01T00:00:00Z'))).toBe(1);
		const rows = await moderationStore(db).selectFrom('moderation_decision').select(['id', 'original']).orderBy('at').execute();
		expect(rows).toEqual([
			{ id: old.id, original: null },
			{ id: recent.id, original: '{"text":"reciente"}' }
		]);
		expect(await purgeModerationOriginals(db, 90, new Date('2026-12-01T00:00:00Z'))).toBe(0);
	});

	it('forgets whom a posting limit was about once it ended longer ago than the period', async () => {
		const store = moderationStore(db);
		const users = [randomUUID(), randomUUID(), randomUUID()];
		await store.insertInto('user').values(users.map((id) => ({ id, kind: 'resident' as const, username: null, password_hash: null, display_name: null, created_at: '2026-01-01T00:00:00.000Z' }))).execute();
		const limit = (userId: string, until: string, lifted: string | null) => ({ id: randomUUID(), municipality_id: 'providencia', user_id: userId, item_key: 'message:incident:i1:m1', item: '{}', reason: 'abuse', note: null, actor_id: null, at: '2026-07-01T00:00:00.000Z', until, lifted_at: lifted, lifted_by: null, lift_reason: lifted ? 'revisado' : null });
		const [ended, liftedLongAgo, inForce] = [limit(users[0]!, '2026-08-01T00:00:00.000Z', null), limit(users[1]!, '2026-12-30T00:00:00.000Z', '2026-07-02T00:00:00.000Z'), limit(users[2]!, '2026-12-30T00:00:00.000Z', null)];
		await store.insertInto('posting_limit').values([ended, liftedLongAgo, inForce]).execute();
		await purgeModerationOriginals(db, 90, new Date('2026-12-01T00:00:00Z'));
		const rows = await store.selectFrom('posting_limit').select(['id', 'user_id', 'reason']).execute();
		expect(Object.fromEntries(rows.map((r) => [r.id, r.user_id]))).toEqual({ [ended.id]: null, [liftedLongAgo.id]: null, [inForce.id]: users[2] });
		// The decision itself stays in the record.
		expect(rows.every((r) => r.reason === 'abuse')).toBe(true);
	});

	it('forgets who asked for a review, and their words, once it was decided longer ago than the period', async () => {
		const store = moderationStore(db);
		const user = randomUUID();
		await store.insertInto('user').values({ id: user, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
		const review = (reviewedAt: string | null) => ({ id: randomUUID(), municipality_id: 'providencia', decision_kind: 'hidden' as const, decision_id: randomUUID(), requester_id: user, reason: 'no era una dirección', at: '2026-07-01T00:00:00.000Z', decider_id: null, outcome: reviewedAt ? ('upheld' as const) : null, outcome_reason: reviewedAt ? 'lo era' : null, reviewer_id: null, reviewed_at: reviewedAt });
		const [old, recent, waiting] = [review('2026-07-02T00:00:00.000Z'), review('2026-11-30T00:00:00.000Z'), review(null)];
		await store.insertInto('moderation_review').values([old, recent, waiting]).execute();
		await purgeModerationOriginals(db, 90, new Date('2026-12-01T00:00:00Z'));
		const rows = Object.fromEntries((await store.selectFrom('moderation_review').select(['id', 'requester_id', 'reason', 'outcome_reason']).execute()).map((r) => [r.id, r]));
		expect(rows[old.id]).toEqual({ id: old.id, requester_id: null, reason: '', outcome_reason: 'lo era' });
		expect(rows[recent.id]).toMatchObject({ requester_id: user, reason: 'no era una dirección' });
		expect(rows[waiting.id]).toMatchObject({ requester_id: user, reason: 'no era una dirección' });
	});
});

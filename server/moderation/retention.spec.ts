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
});

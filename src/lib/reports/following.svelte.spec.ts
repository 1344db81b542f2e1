import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ReportsDb } from './db.ts';
import { FollowingState } from './following.svelte.ts';

describe('FollowingState', () => {
	it('keeps followed reports on the device and shows a new one at once', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const first = new FollowingState(db);
		await first.load();
		expect(first.has('r1')).toBe(false);
		await first.follow('r1', '2026-11-21T12:00:00.000Z');
		expect(first.has('r1')).toBe(true);

		const again = new FollowingState(db);
		await again.load();
		expect(again.has('r1')).toBe(true);
		expect(await db.following.get('r1')).toEqual({ id: 'r1', since: '2026-11-21T12:00:00.000Z' });
	});
});

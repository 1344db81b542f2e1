import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { InProcessBus } from '../events/bus.ts';
import type { CuadraEvents } from '../events/cuadra.ts';
import { SessionWatch } from './session-watch.ts';
import { createSession } from './sessions.ts';
import { hashToken } from './tokens.ts';

let db: Db;
useSeededStore((opened) => (db = opened));

describe('SessionWatch', () => {
	it('revokes remembered sessions once another process has deleted them, once each', async () => {
		const user = await db.selectFrom('user').select('id').where('username', '=', 'operator@providencia').executeTakeFirstOrThrow();
		const events = new InProcessBus<CuadraEvents>();
		const revoked: string[] = [];
		events.subscribe('session.revoked', (e) => void revoked.push(e.sessionHash));
		const watch = new SessionWatch(db, events, 60_000);
		try {
			const kept = await createSession(db, user.id, 3600);
			const deleted = await createSession(db, user.id, 3600);
			for (const s of [kept, deleted]) watch.remember(hashToken(s.token), s.expiresAt.getTime());
			expect(await watch.check()).toBe(0);
			await db.deleteFrom('session').where('token_hash', '=', hashToken(deleted.token)).execute();
			expect(await watch.check()).toBe(1);
			expect(revoked).toEqual([hashToken(deleted.token)]);
			expect(await watch.check()).toBe(0);
			// Ended sessions are forgotten without a revocation: their sockets close on their own.
			await db.deleteFrom('session').execute();
			expect(await watch.check(kept.expiresAt.getTime() + 1)).toBe(0);
			expect(revoked).toHaveLength(1);
		} finally {
			watch.stop();
		}
	});
});

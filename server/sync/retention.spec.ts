import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { runSyncRetention } from './retention.ts';

let db: Db;
let dir: string;
const now = new Date('2027-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cuadra-sync-retention-'));
	db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	await migrate(db);
	for (const id of ['active', 'gone'])
		await db.insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: daysAgo(900) }).execute();
	// "active" has a live session; "gone" only an expired one.
	await db.insertInto('session').values({ token_hash: 'a', user_id: 'active', created_at: daysAgo(1), expires_at: daysAgo(-29) }).execute();
	await db.insertInto('session').values({ token_hash: 'g', user_id: 'gone', created_at: daysAgo(400), expires_at: daysAgo(370) }).execute();
});
afterEach(async () => {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

describe('sync retention', () => {
	it('deletes accepted audit rows after the audit period and refused ones after 90 days', async () => {
		const row = (outcome: 'accepted' | 'refused', days: number) => ({ doc: 'report:x', seq: null, user_id: 'active', outcome, reason: `${outcome} ${days}`, bytes: 1, created_at: daysAgo(days) });
		await db.insertInto('sync_audit').values([row('accepted', 364), row('accepted', 366), row('refused', 89), row('refused', 91)]).execute();
		expect(await runSyncRetention(db, { auditDays: 365, bindingDays: 180 }, now)).toEqual({ audit: 2, bindings: 0 });
		const left = await db.selectFrom('sync_audit').select('reason').orderBy('reason').execute();
		expect(left.map((r) => r.reason)).toEqual(['accepted 364', 'refused 89']);
	});

	it('deletes old bindings only of users without a live session', async () => {
		const binding = (client_id: number, user_id: string, days: number) => ({ doc: 'report:x', client_id, user_id, created_at: daysAgo(days) });
		await db.insertInto('sync_client').values([binding(1, 'active', 500), binding(2, 'gone', 500), binding(3, 'gone', 10)]).execute();
		expect(await runSyncRetention(db, { auditDays: 365, bindingDays: 180 }, now)).toEqual({ audit: 0, bindings: 1 });
		const left = await db.selectFrom('sync_client').select('client_id').orderBy('client_id').execute();
		expect(left.map((r) => Number(r.client_id))).toEqual([1, 3]);
	});
});

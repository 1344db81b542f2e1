import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.ts';
import { deleteBackup, readBackup, saveBackup } from '../../server/emergency/backup.ts';
import { createInvite, listLinks, redeemInvite, unlink, watchersOf } from '../../server/emergency/links.ts';
import { listOpenPanics, recentAlertsFrom, recordPanic } from '../../server/emergency/repository.ts';
import { runPanicRetention } from '../../server/emergency/retention.ts';
import { bothStoresSuite } from '../support/postgres.ts';

const now = new Date('2026-11-21T12:00:00.000Z');
const here = { latitude: -33.4255, longitude: -70.6128, accuracy: 12.5 };

/** The same panics, links and backup on a store; answers what the store then holds. */
async function scenario(db: Db, ids: { alerts: string[]; users: string[] }) {
	const [marta, luis] = ids.users as [string, string];
	for (const id of ids.users) {
		await db.insertInto('user').values({ id, kind: 'resident', username: null, password_hash: null, display_name: null, created_at: now.toISOString() }).execute();
	}
	const invite = await createInvite(db, marta, now);
	if (invite === 'too_many') throw new Error('unexpected');
	const redeemed = await redeemInvite(db, luis, invite.code, now);
	const [a, b, c] = ids.alerts as [string, string, string];
	const alert = (id: string, over: object = {}) => ({ id, claimedAt: '2026-11-21T08:59:00.000-03:00', location: here, homeMunicipalityId: null, ...over });
	const first = await recordPanic(db, alert(a), { receivedAt: '2026-10-01T00:00:00.000Z', reporterUserId: marta });
	const repeat = await recordPanic(db, alert(a, { location: null }), { receivedAt: now.toISOString(), reporterUserId: marta });
	const second = await recordPanic(db, alert(b, { location: null, homeMunicipalityId: 'las-condes' }), { receivedAt: now.toISOString(), reporterUserId: null });
	await recordPanic(db, alert(c), { receivedAt: now.toISOString(), reporterUserId: marta });
	const recent = (await recentAlertsFrom(db, [marta], '2026-11-21T11:00:00.000Z')).map((r) => r.id);
	const purged = await runPanicRetention(db, 30, now);
	const queue = (await listOpenPanics(db, 'providencia')).map(({ received_at: _r, ...row }) => row);
	await saveBackup(db, marta, 'A'.repeat(32), 'cipher'.repeat(5), now.toISOString());
	const backup = await readBackup(db, 'A'.repeat(32));
	const links = await listLinks(db, luis);
	const watchers = await watchersOf(db, marta);
	const unlinked = await unlink(db, luis, { subjectId: marta });
	const deleted = await deleteBackup(db, marta, 'A'.repeat(32));
	return {
		redeemed: redeemed !== 'invalid_code' && redeemed !== 'own_code' && redeemed !== 'too_many' && redeemed.created,
		created: [first.created, repeat.created, second.created],
		repeatKeptLocation: repeat.row.latitude,
		secondPlace: [second.row.municipality_id, second.row.municipality_source],
		recent,
		purged,
		queue,
		backup,
		watching: links.watching.length,
		watchers: watchers.length,
		unlinked,
		deleted
	};
}

describe('emergency on PostgreSQL and SQLite', () => {
	let pg: Db;
	let sqlite: Db;
	bothStoresSuite((stores) => ({ pg, sqlite } = stores));

	it('queues, deduplicates, places, links, purges and backs up the same way on both', async () => {
		const ids = { alerts: [randomUUID(), randomUUID(), randomUUID()], users: [randomUUID(), randomUUID()] };
		const onPg = await scenario(pg, ids);
		const onSqlite = await scenario(sqlite, ids);
		expect(onPg).toEqual(onSqlite);
		expect(onPg).toMatchObject({
			redeemed: true,
			created: [true, false, true],
			repeatKeptLocation: here.latitude,
			secondPlace: ['las-condes', 'home'],
			recent: [ids.alerts[2]],
			purged: 1,
			backup: { blob: 'cipher'.repeat(5), updatedAt: now.toISOString() },
			watching: 1,
			watchers: 1,
			unlinked: true,
			deleted: true
		});
		// Newest first; the October alert has lost its location to retention.
		expect(onPg.queue.map((r) => [r.id, r.latitude, r.accuracy_m])).toEqual([
			[ids.alerts[2], here.latitude, here.accuracy],
			[ids.alerts[0], null, null]
		]);
	});
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/index.ts';
import { acceptReport } from '../../server/reports/accept.ts';
import { listPublicReports } from '../../server/reports/feed.ts';
import { closeAsOperator } from '../../server/ops/test-decisions.ts';
import { purgeUnattachedPhotos, readPhoto, storePhoto } from '../../server/reports/photos.ts';
import { purgePrivateReportData } from '../../server/reports/retention.ts';
import { reportsStore } from '../../server/reports/schema.ts';
import { municipalityConfig, saveMunicipality } from '../../server/municipalities/store.ts';
import { bothStoresSuite } from '../support/postgres.ts';

const now = new Date('2026-11-21T12:00:00Z');
const corner = [-70.6128, -33.4255] as const;
const north = (m: number) => [corner[0], corner[1] + m / 111_195];
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, 9, 9, 0xff, 0xd9]);

/** The same reports, with the same ids, sent to a store; answers what the public then sees. */
async function scenario(db: Db, ids: string[]) {
	const [a, b, c, photo, retired] = ids as [string, string, string, string, string];
	const send = (id: string, over: Record<string, unknown>) =>
		acceptReport(db, null, { id, category: 'robbery', description: 'x', location: { kind: 'point', point: corner, source: 'gps' }, consentToCall: true, phone: '+56 2 2345 6789', reportedAt: now.toISOString(), ...over }, now);
	await storePhoto(db, photo, jpeg, null, now);
	const first = await send(a, { photoIds: [photo] });
	const second = await send(b, { category: 'commotion', location: { kind: 'point', point: north(100), source: 'map' } });
	const home = await send(c, { category: 'home_burglary', location: { kind: 'point', point: north(900), source: 'gps' } });
	// Providencia hides "Streetlight out" at 11:00: a draft written at 10:30 still arrives, marked (migration 0015).
	const config = await municipalityConfig(db, 'providencia');
	for (const category of config.categories) if (category.key === 'streetlight_out') category.status = 'hidden';
	await saveMunicipality(db, config, 'update', { now: new Date('2026-11-21T11:00:00Z') });
	const late = await send(retired, { category: 'streetlight_out', location: { kind: 'point', point: north(500), source: 'map' }, reportedAt: '2026-11-21T10:30:00Z' });
	if (!first.ok || !second.ok || !home.ok || !late.ok) throw new Error('refused');
	const marked = await reportsStore(db).selectFrom('report_private').select(['report_id', 'category_retired']).where('category_retired', '=', 1).execute();
	await closeAsOperator(db, first.receipt.incidentId, 'Attended', now);
	const purged = await purgePrivateReportData(db, new Date('2027-01-01T00:00:00Z'));
	const reports = await listPublicReports(db, 'providencia', now);
	return {
		sameIncident: first.receipt.incidentId === second.receipt.incidentId,
		homeCoarse: home.receipt.report.coarse,
		marked: marked.map((r) => ({ id: r.report_id, retired: Number(r.category_retired) })),
		purged,
		photo: [...((await readPhoto(db, photo)) ?? [])],
		unattachedPurged: await purgeUnattachedPhotos(db, new Date('2027-01-01T00:00:00Z')),
		// Incident ids are random per store: compare the rest.
		reports: reports.map(({ incidentId: _incident, ...r }) => r).sort((x, y) => x.id.localeCompare(y.id))
	};
}

describe('reports on PostgreSQL and SQLite', () => {
	let pg: Db;
	let sqlite: Db;
	bothStoresSuite((stores) => ({ pg, sqlite } = stores));

	it('accepts, groups, coarsens, closes, purges and stores photos the same way on both', async () => {
		const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
		const onPg = await scenario(pg, ids);
		const onSqlite = await scenario(sqlite, ids);
		expect(onPg).toEqual(onSqlite);
		expect(onPg).toMatchObject({ sameIncident: true, homeCoarse: true, marked: [{ id: ids[4], retired: 1 }], purged: 2, photo: [...jpeg], unattachedPurged: 0 });
		expect(onPg.reports).toHaveLength(4);
	});
});

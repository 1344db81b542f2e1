import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../../server/db/index.ts';
import { listPublicMunicipalities } from '../../server/municipalities/repository.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { removeDir, tempDataDir } from '../support/server.ts';

/** The same query layer, migrations and seed on both backends give the same answers. */
describe('one query layer over SQLite and PostgreSQL', () => {
	let postgres: TestPostgres;
	let pg: Db;
	let sqlite: Db;
	let sqliteDir: string;

	beforeAll(async () => {
		postgres = await startPostgres();
		pg = await openStore({ kind: 'postgres', url: postgres.url });
		sqliteDir = tempDataDir();
		sqlite = await openStore({ kind: 'sqlite', file: `${sqliteDir}/cuadra.sqlite` });
	});

	afterAll(async () => {
		await pg?.destroy();
		await sqlite?.destroy();
		postgres?.stop();
		removeDir(sqliteDir);
	});

	it('runs every migration on PostgreSQL, and again as a no-op', async () => {
		const applied = await migrate(pg);
		expect(applied).toEqual(await migrate(sqlite));
		expect(applied.length).toBeGreaterThan(0);
		expect(await migrate(pg)).toEqual([]);
	});

	it('seeds and reads the demo municipalities identically on both', async () => {
		expect(await seedDemo(pg)).toHaveLength(4);
		expect(await seedDemo(sqlite)).toHaveLength(4);
		expect(await listPublicMunicipalities(pg)).toEqual(await listPublicMunicipalities(sqlite));
	});
});

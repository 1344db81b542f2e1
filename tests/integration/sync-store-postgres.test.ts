import { migrate, openStore, type Db } from '../../server/db/index.ts';
import { PostgresSyncStore } from '../../server/sync/store/postgres.ts';
import { syncStoreSuite } from '../../server/sync/store/sync-store.suite.ts';
import { startPostgres } from '../support/postgres.ts';

/** The sync store's shared suite (server/sync/store/sync-store.suite.ts) on a throwaway PostgreSQL cluster. */
syncStoreSuite('PostgreSQL', async () => {
	const postgres = await startPostgres();
	const db = await openStore({ kind: 'postgres', url: postgres.url });
	await migrate(db);
	const others: Db[] = [];
	return {
		db,
		store: new PostgresSyncStore(db),
		async second() {
			const other = await openStore({ kind: 'postgres', url: postgres.url });
			others.push(other);
			return new PostgresSyncStore(other);
		},
		async close() {
			for (const other of others) await other.destroy();
			await db.destroy();
			postgres.stop();
		}
	};
});

import type { OpenedStore } from '../../db/index.ts';
import { PostgresSyncStore } from './postgres.ts';
import { SqliteSyncStore } from './sqlite.ts';
import type { SyncStore } from './sync-store.ts';

/** The sync store for the store as opened: SQLite's when there is its connection, else PostgreSQL's. */
export function syncStoreOf(opened: OpenedStore): SyncStore {
	return opened.sqlite ? new SqliteSyncStore(opened.db, opened.sqlite) : new PostgresSyncStore(opened.db);
}

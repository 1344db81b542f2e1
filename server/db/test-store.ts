import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { seedDemo } from '../seed/demo.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase, type Db } from './index.ts';

/** For specs: a real SQLite file in a fresh temporary folder, migrated and seeded with the demo data. */
export async function openSeededStore(): Promise<{ db: Db; sqlite: BetterSqlite3.Database; close(): Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-spec-'));
	const { db, sqlite } = await openDatabase({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	await migrate(db);
	await seedDemo(db);
	return {
		db,
		sqlite: sqlite as BetterSqlite3.Database,
		async close() {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * For specs: a fresh seeded store for every test of the file (opened before each, closed and
 * deleted after each); `use` receives it (and its SQLite connection, for the sync store), e.g.
 * `useSeededStore((opened) => (db = opened))`.
 */
export function useSeededStore(use: (db: Db, sqlite: BetterSqlite3.Database) => void): void {
	let close: (() => Promise<void>) | undefined;
	beforeEach(async () => {
		const store = await openSeededStore();
		close = store.close;
		use(store.db, store.sqlite);
	});
	afterEach(async () => {
		await close?.();
		close = undefined;
	});
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { seedDemo } from '../seed/demo.ts';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate, openDatabase, type Db } from './index.ts';

/**
 * The store every spec starts from, migrated and seeded once per test process: migrating and
 * seeding (whose demo passwords are hashed with the real, slow parameters) takes about 0.7 s, a
 * copy of the finished file a few milliseconds. The finished file's bytes are kept in memory (on
 * globalThis, so that every spec file of the process shares them) and its folder is removed at once:
 * a test worker may be stopped without an `exit` event, and would leave it behind.
 */
const templateKey = Symbol.for('cuadra.specs.seededTemplate');
type Global = typeof globalThis & { [templateKey]?: Promise<Buffer> };

function seededTemplate(): Promise<Buffer> {
	const global = globalThis as Global;
	global[templateKey] ??= (async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cuadra-spec-template-'));
		try {
			const file = join(dir, 'cuadra.sqlite');
			const { db, sqlite } = await openDatabase({ kind: 'sqlite', file });
			await migrate(db);
			await seedDemo(db);
			// Everything into the main file, so that the file alone is the whole store.
			sqlite?.pragma('wal_checkpoint(TRUNCATE)');
			await db.destroy();
			return readFileSync(file);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	})();
	return global[templateKey];
}

/** For specs: a real SQLite file in a fresh temporary folder, migrated and seeded with the demo data. */
export async function openSeededStore(): Promise<{ db: Db; sqlite: BetterSqlite3.Database; close(): Promise<void> }> {
	const template = await seededTemplate();
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-spec-'));
	writeFileSync(join(dir, 'cuadra.sqlite'), template);
	const { db, sqlite } = await openDatabase({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
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

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Dialect } from 'kysely';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { cachingStatements } from './statement-cache.ts';

export type { Database } from './schema.ts';
export type Db = Kysely<Database>;

/**
 * `cacheKiB`: SQLite's page cache per connection. The default is SQLite's own 2,000 KiB: 512 KiB
 * saved a few MiB under the sync bench's load but made a browser test's timing flaky (a page's
 * feed socket opened twice), so a smaller cache is left to deployments that measure it
 * (docs/sync-protocol.md §8).
 */
export type StoreConfig = { kind: 'sqlite'; file: string; cacheKiB?: number } | { kind: 'postgres'; url: string };

/** The page cache of the embedded store unless configured (CUADRA_SQLITE_CACHE_KIB). */
export const DEFAULT_SQLITE_CACHE_KIB = 2000;

export class StoreError extends Error {
	override name = 'StoreError';
}

/**
 * The store as opened: the Kysely instance every query goes through, so the same queries run on
 * the embedded SQLite file and on PostgreSQL, and, on SQLite, the one better-sqlite3 connection
 * Kysely runs on, for the few that must commit synchronously and say so by taking it (the sync
 * server's store, server/sync/store/sqlite.ts; the WAL checkpointer). Null on PostgreSQL.
 * Whoever writes on `sqlite` directly must check `inTransaction` first: a Kysely transaction stays
 * open across whatever its callback awaits.
 */
export interface OpenedStore {
	db: Db;
	sqlite: BetterSqlite3.Database | null;
}

/** Opens the store; see `OpenedStore`. */
export async function openDatabase(config: StoreConfig): Promise<OpenedStore> {
	if (config.kind === 'postgres') return { db: new Kysely<Database>({ dialect: await postgresDialect(config.url) }), sqlite: null };
	const sqlite = await openSqlite(config.file, config.cacheKiB ?? DEFAULT_SQLITE_CACHE_KIB);
	return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }), sqlite };
}

/** Opens the store for callers that need only queries (the Kysely instance). */
export async function openStore(config: StoreConfig): Promise<Db> {
	return (await openDatabase(config)).db;
}

async function openSqlite(file: string, cacheKiB: number): Promise<BetterSqlite3.Database> {
	const { default: SQLite } = await import('better-sqlite3');
	if (file !== ':memory:') {
		try {
			mkdirSync(dirname(file), { recursive: true });
		} catch (cause) {
			throw new StoreError(
				`Cannot create the data directory ${dirname(file)}: ${(cause as Error).message}. ` +
					'Set CUADRA_DATA_DIR to a writable directory.',
				{ cause }
			);
		}
	}
	let database: BetterSqlite3.Database;
	try {
		database = new SQLite(file);
	} catch (cause) {
		throw new StoreError(
			`Cannot open the SQLite store ${file}: ${(cause as Error).message}. ` +
				'Check that CUADRA_DATA_DIR is writable and that the file is a Cuadra database.',
			{ cause }
		);
	}
	database.pragma('journal_mode = WAL');
	database.pragma('synchronous = NORMAL');
	database.pragma('foreign_keys = ON');
	database.pragma('busy_timeout = 5000');
	// A negative size is in KiB (a positive one would count pages).
	database.pragma(`cache_size = -${Math.max(64, Math.floor(cacheKiB))}`);
	return database;
}

async function postgresDialect(url: string): Promise<Dialect> {
	const moduleName = 'pg';
	let pg: { Pool: new (options: { connectionString: string }) => unknown };
	try {
		pg = (await import(/* @vite-ignore */ moduleName)) as typeof pg;
	} catch (cause) {
		throw new StoreError('CUADRA_DATABASE=postgres needs the "pg" package: run `npm install pg`.', { cause });
	}
	const { PostgresDialect } = await import('kysely');
	return new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) as never });
}

/** Brings the schema up to date. Runs at every start; a no-op when nothing is new. */
export async function migrate(db: Db): Promise<string[]> {
	// Features number their migrations in their own ranges (reports 0010–, emergency 0020–), so a
	// store may already have run a higher number when a lower one arrives. Each migration touches
	// only its own feature's tables, so running them out of order is safe.
	const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		throw new StoreError(`Migration failed: ${(error as Error).message}`, { cause: error });
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

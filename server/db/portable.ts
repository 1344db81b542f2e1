import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Column types that are spelled differently on the two backends. Migrations use these so that
 * one migration runs on SQLite and PostgreSQL alike (tests/integration/postgres.test.ts runs both).
 */
export function isPostgres(db: Kysely<unknown>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Binary data: SQLite BLOB, PostgreSQL bytea. Both drivers hand back a Buffer. */
export function binaryType(db: Kysely<unknown>): RawBuilder<unknown> {
	return isPostgres(db) ? sql`bytea` : sql`blob`;
}

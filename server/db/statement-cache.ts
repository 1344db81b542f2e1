import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely prepares every query anew. On SQLite each `prepare` compiles the SQL and allocates a
 * statement outside the JavaScript heap, freed only when the garbage collector gets to it; under
 * load that is thousands of statements alive at once. This keeps the most recently used
 * statements per SQL text (queries differ only by their parameters), so each is compiled once.
 * Kysely runs one query at a time per connection, so a statement is never in use twice at once.
 */
export function cachingStatements(database: SqliteDatabase, max = 200): SqliteDatabase {
	const cache = new Map<string, SqliteStatement>();
	return {
		close: () => {
			cache.clear();
			database.close();
		},
		prepare(sql) {
			const cached = cache.get(sql);
			if (cached) {
				// Most recently used last: a Map keeps insertion order.
				cache.delete(sql);
				cache.set(sql, cached);
				return cached;
			}
			const statement = database.prepare(sql);
			cache.set(sql, statement);
			if (cache.size > max) cache.delete(cache.keys().next().value as string);
			return statement;
		}
	};
}

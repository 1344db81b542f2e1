import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from './statement-cache.ts';

describe('cachingStatements', () => {
	it('prepares each SQL text once and keeps only the most recently used', () => {
		const sqlite = new Database(':memory:');
		let prepared = 0;
		const counting = { close: () => sqlite.close(), prepare: (sql: string) => (prepared++, sqlite.prepare(sql)) };
		const db = cachingStatements(counting, 2);
		db.prepare('create table t (n integer)').run([]);
		const insert = 'insert into t (n) values (?)';
		for (let n = 0; n < 5; n++) db.prepare(insert).run([n]);
		expect(prepared).toBe(2);
		expect(db.prepare('select count(*) as c from t').all([])).toEqual([{ c: 5 }]);
		expect(db.prepare('select sum(n) as s from t').all([])).toEqual([{ s: 10 }]);
		// Two newer texts pushed the insert out: it is prepared again.
		db.prepare(insert).run([5]);
		expect(prepared).toBe(5);
		db.close();
	});
});

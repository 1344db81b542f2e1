import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_CACHE_KIB, openStore, type Db } from './index.ts';

const opened: { db: Db; dir: string }[] = [];
afterEach(async () => {
	for (const { db, dir } of opened.splice(0)) {
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	}
});

async function open(cacheKiB?: number): Promise<Db> {
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-store-'));
	const db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite'), cacheKiB });
	opened.push({ db, dir });
	return db;
}

const pragma = async (db: Db, name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];

describe('openStore on SQLite', () => {
	it('opens the file in WAL mode with a page cache of the configured size in KiB', async () => {
		const db = await open(2048);
		expect(await pragma(db, 'journal_mode')).toBe('wal');
		expect(await pragma(db, 'cache_size')).toBe(-2048);
	});

	it('keeps SQLite’s own 2,000 KiB unless configured', async () => {
		expect(DEFAULT_SQLITE_CACHE_KIB).toBe(2000);
		expect(await pragma(await open(), 'cache_size')).toBe(-2000);
	});
});

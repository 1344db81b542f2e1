import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../log.ts';
import { startCheckpointer, SQLITE_AUTOCHECKPOINT_PAGES, type Checkpointer } from './checkpointer.ts';
import { openStore, sqliteConnection, type Db } from './index.ts';

const errors: string[] = [];
const log: Logger = { error: (message) => errors.push(message), info: () => {}, debug: () => {} };

let dir: string;
let db: Db;
let connection: BetterSqlite3.Database;
let checkpointer: Checkpointer | null = null;
beforeEach(async () => {
	errors.length = 0;
	dir = mkdtempSync(join(tmpdir(), 'cuadra-checkpoint-'));
	db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	connection = sqliteConnection(db) as BetterSqlite3.Database;
	connection.exec('create table t (id integer primary key, data blob)');
});
afterEach(async () => {
	await checkpointer?.stop();
	checkpointer = null;
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

/** `n` commits of one 4 KiB row each: at least one WAL frame (page) per commit. */
function commits(n: number): void {
	const insert = connection.prepare('insert into t (data) values (?)');
	for (let i = 0; i < n; i++) insert.run(Buffer.alloc(4096, i % 251));
}

const walFrames = () => (connection.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? 0;

async function until(check: () => boolean, what: string): Promise<void> {
	const end = Date.now() + 5_000;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('the WAL checkpoint worker', () => {
	it('takes checkpoints off the main connection: its commits never checkpoint, the worker copies everything', async () => {
		checkpointer = await startCheckpointer(db, { log, everyMs: 3_600_000 });
		expect(checkpointer).not.toBeNull();
		expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		commits(1500);
		// SQLite by itself would have checkpointed at 1,000 pages and started the WAL again.
		const result = await checkpointer?.now();
		expect(result?.log).toBeGreaterThanOrEqual(1500);
		expect(result?.checkpointed).toBe(result?.log);
		expect(connection.prepare('select count(*) as n from t').get()).toEqual({ n: 1500 });
		expect(errors).toEqual([]);
	});

	it('checkpoints on its timer once there is something to copy', async () => {
		checkpointer = await startCheckpointer(db, { log, everyMs: 20 });
		commits(50);
		await until(() => (checkpointer?.checkpoints ?? 0) >= 1, 'a timed checkpoint');
		const result = await checkpointer?.now();
		expect(result?.checkpointed).toBe(result?.log);
	});

	it('gives checkpoints back to the main connection when it stops', async () => {
		checkpointer = await startCheckpointer(db, { log, everyMs: 3_600_000 });
		await checkpointer?.stop();
		checkpointer = null;
		expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
		commits(1500);
		expect(walFrames()).toBeLessThan(SQLITE_AUTOCHECKPOINT_PAGES);
		expect(errors).toEqual([]);
	});

	it('is not started for an in-memory store, which has no WAL', async () => {
		const memory = await openStore({ kind: 'sqlite', file: ':memory:' });
		try {
			expect(await startCheckpointer(memory, { log })).toBeNull();
		} finally {
			await memory.destroy();
		}
	});
});

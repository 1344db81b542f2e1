import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../log.ts';
import { SQLITE_AUTOCHECKPOINT_PAGES, startCheckpoints, type Checkpoints } from './checkpointer.ts';
import { openDatabase, type Db } from './index.ts';

const errors: string[] = [];
const log: Logger = { error: (message) => errors.push(message), info: () => {}, debug: () => {} };

let dir: string;
let db: Db;
let connection: BetterSqlite3.Database;
let checkpoints: Checkpoints | null = null;
beforeEach(async () => {
	errors.length = 0;
	dir = mkdtempSync(join(tmpdir(), 'cuadra-checkpoint-'));
	const opened = await openDatabase({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	db = opened.db;
	connection = opened.sqlite as BetterSqlite3.Database;
	connection.exec('create table t (id integer primary key, data blob)');
});
afterEach(async () => {
	checkpoints?.stop();
	checkpoints = null;
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

/** `n` commits of one 4 KiB row each: at least one WAL frame (page) per commit. */
function commits(n: number): void {
	const insert = connection.prepare('insert into t (data) values (?)');
	for (let i = 0; i < n; i++) insert.run(Buffer.alloc(4096, i % 251));
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Frames in the WAL now. A complete checkpoint lets the next commit start the WAL again from frame 1. */
const walFrames = () => (connection.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]?.log ?? -1;
const walBytes = () => statSync(join(dir, 'cuadra.sqlite-wal')).size;

async function until(check: () => boolean, what: string): Promise<void> {
	const end = Date.now() + 5_000;
	while (!check()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

describe('timed WAL checkpoints', () => {
	it('checkpoint each period when something was written, and only then', async () => {
		checkpoints = startCheckpoints(connection, { log, everyMs: 20 });
		await sleep(120);
		expect(checkpoints?.count).toBe(0);
		commits(50);
		await until(() => (checkpoints?.count ?? 0) >= 1, 'a checkpoint');
		// Everything was copied into the database file, so the next commit starts the WAL again.
		commits(1);
		expect(walFrames()).toBeLessThan(5);
		expect(errors).toEqual([]);
	});

	it('keep the WAL far below SQLite’s threshold under steady writes, so no commit checkpoints', async () => {
		checkpoints = startCheckpoints(connection, { log, everyMs: 20 });
		for (let round = 0; round < 30; round++) {
			commits(50);
			await sleep(30);
		}
		// 1,500 pages written. Without the timed checkpoints the WAL file reaches SQLite's threshold
		// (1,000 pages of 4 KiB) before a commit checkpoints; with them it never holds much more than a round.
		expect(walBytes()).toBeLessThan(300 * 4120);
		expect(walBytes()).toBeGreaterThan(0);
		expect(connection.prepare('select count(*) from t').pluck().get()).toBe(1500);
	});

	it('leave SQLite’s own checkpoint in place as a backstop, and stop when asked', async () => {
		checkpoints = startCheckpoints(connection, { log, everyMs: 20 });
		expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
		checkpoints?.stop();
		commits(50);
		await sleep(100);
		expect(checkpoints?.count).toBe(0);
		expect(walFrames()).toBeGreaterThanOrEqual(50);
	});

	it('are not started for an in-memory store, which has no WAL', async () => {
		const memory = await openDatabase({ kind: 'sqlite', file: ':memory:' });
		try {
			expect(startCheckpoints(memory.sqlite, { log })).toBeNull();
		} finally {
			await memory.db.destroy();
		}
	});
});

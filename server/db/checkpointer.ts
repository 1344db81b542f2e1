import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from '../log.ts';

/** SQLite's own threshold, kept as a backstop: a commit checkpoints once the WAL holds this many pages. */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export interface Checkpoints {
	/** Timed checkpoints run so far (only those that found something written since the last). */
	readonly count: number;
	stop(): void;
}

/**
 * Checkpoints the embedded store's WAL every `everyMs` when something was written since the last
 * one, so the WAL never nears SQLite's own threshold in normal use.
 *
 * By default SQLite checkpoints inside whichever commit takes the WAL past 1,000 pages: that
 * commit then holds the event loop for milliseconds (two fsyncs and hundreds of page copies;
 * 6–7 ms against 0.17 ms for a usual commit in the many-rooms bench), and the update it carries
 * waits before being broadcast, with every socket behind it. A checkpoint each second copies only
 * that second's pages: a short pause between updates instead of a long one inside one. (A worker
 * thread would take the pause off the event loop entirely, but costs ~9 MiB: a V8 isolate.)
 * PASSIVE: it never waits for a reader or writer. Null on PostgreSQL and in memory (no WAL).
 */
export function startCheckpoints(connection: BetterSqlite3.Database | null, options: { log: Logger; everyMs?: number }): Checkpoints | null {
	if (!connection || connection.memory) return null;
	const changes = connection.prepare('select total_changes()').pluck();
	let count = 0;
	let changedAt = changes.get() as number;
	const timer = setInterval(() => {
		if (!connection.open) return;
		try {
			const now = changes.get() as number;
			if (now === changedAt) return;
			changedAt = now;
			connection.pragma('wal_checkpoint(PASSIVE)');
			count++;
		} catch (error) {
			options.log.error('store: a WAL checkpoint failed (SQLite will checkpoint by itself)', error);
		}
	}, options.everyMs ?? 1000);
	timer.unref();
	return {
		get count() {
			return count;
		},
		stop: () => clearInterval(timer)
	};
}

import { sql } from 'kysely';
import { sqliteConnection, type Db } from '../db/index.ts';
import { SqliteCommit } from './sqlite-commit.ts';
import { blob, type WriteOp } from './write-op.ts';

export type { WriteOp };

/**
 * Saves the sync server's rows. Two ways, one set of rows:
 * - `writeNow`: on the embedded SQLite store, a synchronous transaction (sqlite-commit.ts), so the
 *   caller can broadcast in the same turn. Declines (returns false) on PostgreSQL, while a
 *   transaction is open on the connection, or while asynchronous writes are pending, so writes
 *   are never reordered.
 * - `write`: through Kysely on any store. Group commit without waiting: a commit starts as soon as
 *   the code that asked for writes has run (a microtask, not a later turn of the event loop, which
 *   under load can be milliseconds away). Everything asked for meanwhile, including while a commit
 *   is in flight, goes into the next transaction. A promise resolves only once its transaction
 *   has committed.
 */
export class Writer {
	private queue: { ops: WriteOp[]; done: (error: unknown, seqs?: number[]) => void }[] = [];
	private scheduled = false;
	private running: Promise<void> = Promise.resolve();
	/** Batches asked of `write` and not yet committed (or failed). */
	private pending = 0;
	private readonly now: SqliteCommit | null;

	constructor(private readonly db: Db) {
		const connection = sqliteConnection(db);
		this.now = connection ? new SqliteCommit(connection) : null;
	}

	/**
	 * Commits `ops` in one transaction before returning, when the store allows it (see the class
	 * comment), and returns the sequence number the store gave each update, in order; returns null,
	 * having written nothing, when it does not: then use `write`. Throws when the store refuses the
	 * transaction (nothing of it is written).
	 */
	writeNow(ops: readonly WriteOp[]): number[] | null {
		if (!this.now || this.pending || !this.now.available) return null;
		return this.now.commit(ops);
	}

	/** Resolves, once committed, to the sequence number the store gave each update, in order. */
	write(ops: WriteOp[]): Promise<number[]> {
		this.pending++;
		return new Promise((resolve, reject) => {
			this.queue.push({
				ops,
				done: (error, seqs) => {
					this.pending--;
					if (error) reject(error);
					else resolve(seqs ?? []);
				}
			});
			if (!this.scheduled) {
				this.scheduled = true;
				queueMicrotask(() => {
					this.scheduled = false;
					this.running = this.running.then(() => this.commit());
				});
			}
		});
	}

	/** Resolves when everything asked for so far is committed. */
	async idle(): Promise<void> {
		while (this.queue.length || this.scheduled) {
			await new Promise((resolve) => setImmediate(resolve));
			await this.running;
		}
		await this.running;
	}

	private async commit(): Promise<void> {
		const batch = this.queue.splice(0);
		if (!batch.length) return;
		try {
			const seqs = await this.db.transaction().execute(async (tx) => {
				const given: number[][] = [];
				for (const { ops } of batch) {
					const mine: number[] = [];
					given.push(mine);
					for (const op of ops) {
						if (op.type === 'update') {
							// The store gives the sequence number: the next after the document's last row.
							const { next } = await tx
								.selectFrom('sync_update')
								.select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
								.where('doc', '=', op.doc)
								.executeTakeFirstOrThrow();
							const seq = Number(next);
							mine.push(seq);
							await tx.insertInto('sync_update').values({ doc: op.doc, seq, data: blob(op.data), created_at: op.at }).execute();
							for (const clientId of op.newClients) {
								await tx.insertInto('sync_client').values({ doc: op.doc, client_id: clientId, user_id: op.userId, created_at: op.at }).execute();
							}
							await tx
								.insertInto('sync_audit')
								.values({ doc: op.doc, seq, user_id: op.userId, outcome: 'accepted', reason: op.reason?.slice(0, 300) ?? null, bytes: op.data.byteLength, created_at: op.at })
								.execute();
						} else if (op.type === 'refused') {
							await tx
								.insertInto('sync_audit')
								.values({ doc: op.doc, seq: null, user_id: op.userId, outcome: 'refused', reason: op.reason.slice(0, 300), bytes: op.bytes, created_at: op.at })
								.execute();
						} else {
							await tx.deleteFrom('sync_update').where('doc', '=', op.doc).where('seq', '<=', op.upTo).execute();
							await tx.insertInto('sync_update').values({ doc: op.doc, seq: op.upTo, data: blob(op.data), created_at: op.at }).execute();
						}
					}
				}
				return given;
			});
			for (const [i, { done }] of batch.entries()) done(undefined, seqs[i]);
		} catch (error) {
			for (const { done } of batch) done(error);
		}
	}
}

export interface StoredDoc {
	updates: Uint8Array[];
	lastSeq: number;
	bytes: number;
	rows: number;
	bindings: Map<number, string>;
}

export async function loadStoredDoc(db: Db, doc: string): Promise<StoredDoc> {
	const rows = await db.selectFrom('sync_update').select(['seq', 'data']).where('doc', '=', doc).orderBy('seq').execute();
	const clients = await db.selectFrom('sync_client').select(['client_id', 'user_id']).where('doc', '=', doc).execute();
	return {
		updates: rows.map((r) => new Uint8Array(r.data)),
		lastSeq: rows.at(-1)?.seq ?? 0,
		bytes: rows.reduce((sum, r) => sum + r.data.byteLength, 0),
		rows: rows.length,
		bindings: new Map(clients.map((c) => [Number(c.client_id), c.user_id]))
	};
}

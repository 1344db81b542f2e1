import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../db/index.ts';
import { GroupCommit } from './group-commit.ts';
import { KyselyReads } from './kysely-reads.ts';
import { blob, daysBefore, REASON_CHARS, REFUSED_AUDIT_DAYS, type SyncRetention, type SyncStore, type WriteOp } from './sync-store.ts';

/**
 * The sync store on the embedded SQLite file. One write path: synchronous transactions on the
 * store's better-sqlite3 connection, with statements prepared once, so that an accepted update is
 * saved, then broadcast, in the turn of the event loop that received it, with no promise hops
 * between (`writeNow`). `write` runs the same transactions once it holds the connection through
 * Kysely (which runs its queries on the same connection, one at a time): while another feature's
 * Kysely transaction is open (it stays open across whatever its callback awaits), a write waits for
 * it instead of landing inside it. Reads go through Kysely (kysely-reads.ts).
 *
 * Transactions begin IMMEDIATE: the write lock is taken first, so another process appending to the
 * same file waits for it (busy_timeout) and then numbers its rows after these.
 */
export class SqliteSyncStore extends KyselyReads implements SyncStore {
	private readonly nextSeq: BetterSqlite3.Statement<[string], { next: number }>;
	private readonly insertUpdate: BetterSqlite3.Statement;
	private readonly insertClient: BetterSqlite3.Statement;
	private readonly insertAudit: BetterSqlite3.Statement;
	private readonly deleteUpTo: BetterSqlite3.Statement;
	private readonly commitAll: BetterSqlite3.Transaction<(batches: readonly (readonly WriteOp[])[]) => number[][]>;
	private readonly commits = new GroupCommit((batches) => this.exclusive(() => this.commitAll.immediate(batches)));

	/** `connection`: the one connection Kysely's `db` runs on (`openDatabase` gives both). */
	constructor(
		db: Db,
		private readonly connection: BetterSqlite3.Database
	) {
		super(db);
		this.nextSeq = connection.prepare<[string], { next: number }>('select coalesce(max("seq"), 0) + 1 as "next" from "sync_update" where "doc" = ?');
		this.insertUpdate = connection.prepare('insert into "sync_update" ("doc", "seq", "data", "created_at") values (?, ?, ?, ?)');
		this.insertClient = connection.prepare('insert into "sync_client" ("doc", "client_id", "user_id", "created_at") values (?, ?, ?, ?)');
		this.insertAudit = connection.prepare('insert into "sync_audit" ("doc", "seq", "user_id", "outcome", "reason", "bytes", "created_at") values (?, ?, ?, ?, ?, ?, ?)');
		this.deleteUpTo = connection.prepare('delete from "sync_update" where "doc" = ? and "seq" <= ?');
		// better-sqlite3's transaction: BEGIN, the function, COMMIT; ROLLBACK and rethrow on error.
		this.commitAll = connection.transaction((batches: readonly (readonly WriteOp[])[]) => batches.map((ops) => this.applyAll(ops)));
	}

	writeNow(ops: readonly WriteOp[]): number[] | null {
		// Declines while a transaction is open on the connection (a write now would run inside it)
		// and while writes asked of `write` are not committed (they come first).
		if (this.commits.pending || this.connection.inTransaction) return null;
		return (this.commitAll.immediate([ops]) as number[][])[0] as number[];
	}

	write(ops: WriteOp[]): Promise<number[]> {
		return this.commits.write(ops);
	}

	idle(): Promise<void> {
		return this.commits.idle();
	}

	forgetAuthor(userId: string, tombstone: string): Promise<void> {
		return this.exclusive(() =>
			this.connection.transaction(() => {
				this.connection.prepare('update "sync_audit" set "user_id" = ? where "user_id" = ?').run(tombstone, userId);
				this.connection.prepare(`update "sync_audit" set "reason" = replace("reason", ?, ?) where "reason" like ?`).run(userId, tombstone, `%${userId}%`);
			}).immediate()
		);
	}

	prune(retention: SyncRetention, now: Date): Promise<{ audit: number; bindings: number }> {
		return this.exclusive(() => {
			const audit = this.connection.prepare('delete from "sync_audit" where "outcome" = ? and "created_at" < ?');
			const refused = audit.run('refused', daysBefore(now, REFUSED_AUDIT_DAYS)).changes;
			const accepted = audit.run('accepted', daysBefore(now, retention.auditDays)).changes;
			const bindings = this.connection
				.prepare(
					'delete from "sync_client" where "created_at" < ? and not exists (select "session"."token_hash" from "session" where "session"."user_id" = "sync_client"."user_id" and "session"."expires_at" > ?)'
				)
				.run(daysBefore(now, retention.bindingDays), now.toISOString()).changes;
			return { audit: refused + accepted, bindings };
		});
	}

	/** Runs `fn` (synchronous) once Kysely's one connection is free: no Kysely transaction is open. */
	private exclusive<T>(fn: () => T): Promise<T> {
		return this.db.connection().execute(async () => fn());
	}

	private applyAll(ops: readonly WriteOp[]): number[] {
		const seqs: number[] = [];
		for (const op of ops) {
			if (op.type === 'update') {
				const seq = (this.nextSeq.get(op.doc) as { next: number }).next;
				this.insertUpdate.run(op.doc, seq, blob(op.data), op.at);
				for (const clientId of op.newClients) this.insertClient.run(op.doc, clientId, op.userId, op.at);
				this.insertAudit.run(op.doc, seq, op.userId, 'accepted', op.reason?.slice(0, REASON_CHARS) ?? null, op.data.byteLength, op.at);
				seqs.push(seq);
			} else if (op.type === 'refused') {
				this.insertAudit.run(op.doc, null, op.userId, 'refused', op.reason.slice(0, REASON_CHARS), op.bytes, op.at);
			} else {
				this.deleteUpTo.run(op.doc, op.upTo);
				this.insertUpdate.run(op.doc, op.upTo, blob(op.data), op.at);
			}
		}
		return seqs;
	}
}

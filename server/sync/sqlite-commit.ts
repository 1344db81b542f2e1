import type BetterSqlite3 from 'better-sqlite3';
import { blob, type WriteOp } from './write-op.ts';


/**
 * The sync writer's rows, written synchronously on the embedded store's connection: one
 * transaction per call, with statements prepared once. The same rows as the Kysely path in
 * writer.ts (writer.spec.ts compares the two). Synchronous so that an accepted update is saved,
 * then broadcast, in the turn of the event loop that received it, with no promise hops between.
 */
export class SqliteCommit {
	private readonly nextSeq: BetterSqlite3.Statement<[string], { next: number }>;
	private readonly insertUpdate: BetterSqlite3.Statement;
	private readonly insertClient: BetterSqlite3.Statement;
	private readonly insertAudit: BetterSqlite3.Statement;
	private readonly deleteUpTo: BetterSqlite3.Statement;
	private readonly transaction: (ops: readonly WriteOp[]) => number[];

	constructor(private readonly connection: BetterSqlite3.Database) {
		this.nextSeq = connection.prepare<[string], { next: number }>('select coalesce(max("seq"), 0) + 1 as "next" from "sync_update" where "doc" = ?');
		this.insertUpdate = connection.prepare('insert into "sync_update" ("doc", "seq", "data", "created_at") values (?, ?, ?, ?)');
		this.insertClient = connection.prepare('insert into "sync_client" ("doc", "client_id", "user_id", "created_at") values (?, ?, ?, ?)');
		this.insertAudit = connection.prepare('insert into "sync_audit" ("doc", "seq", "user_id", "outcome", "reason", "bytes", "created_at") values (?, ?, ?, ?, ?, ?, ?)');
		this.deleteUpTo = connection.prepare('delete from "sync_update" where "doc" = ? and "seq" <= ?');
		// better-sqlite3's transaction: BEGIN, the function, COMMIT; ROLLBACK and rethrow on error.
		this.transaction = connection.transaction((ops: readonly WriteOp[]) => {
			const seqs: number[] = [];
			for (const op of ops) {
				const seq = this.apply(op);
				if (seq !== null) seqs.push(seq);
			}
			return seqs;
		});
	}

	/**
	 * False while a transaction is open on the connection: a Kysely transaction stays open across
	 * whatever its callback awaits, and a write now would run inside it.
	 */
	get available(): boolean {
		return !this.connection.inTransaction;
	}

	/**
	 * Writes `ops` in one transaction; returns the sequence number the store gave each update, in
	 * order. Throws (having rolled back) when the store refuses any.
	 */
	commit(ops: readonly WriteOp[]): number[] {
		return this.transaction(ops);
	}

	private apply(op: WriteOp): number | null {
		if (op.type === 'update') {
			const seq = (this.nextSeq.get(op.doc) as { next: number }).next;
			this.insertUpdate.run(op.doc, seq, blob(op.data), op.at);
			for (const clientId of op.newClients) this.insertClient.run(op.doc, clientId, op.userId, op.at);
			this.insertAudit.run(op.doc, seq, op.userId, 'accepted', op.reason?.slice(0, 300) ?? null, op.data.byteLength, op.at);
			return seq;
		}
		if (op.type === 'refused') this.insertAudit.run(op.doc, null, op.userId, 'refused', op.reason.slice(0, 300), op.bytes, op.at);
		else {
			this.deleteUpTo.run(op.doc, op.upTo);
			this.insertUpdate.run(op.doc, op.upTo, blob(op.data), op.at);
		}
		return null;
	}
}

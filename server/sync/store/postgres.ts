import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { GroupCommit } from './group-commit.ts';
import { KyselyReads } from './kysely-reads.ts';
import { blob, daysBefore, REASON_CHARS, REFUSED_AUDIT_DAYS, type SyncRetention, type SyncStore, type WriteOp } from './sync-store.ts';

/**
 * The sync store on PostgreSQL (or any Kysely backend without a synchronous connection): one
 * write path, Kysely transactions with group commit. `writeNow` always declines.
 */
export class PostgresSyncStore extends KyselyReads implements SyncStore {
	private readonly commits = new GroupCommit((batches) => this.db.transaction().execute((tx) => commitAll(tx, batches)));

	constructor(db: Db) {
		super(db);
	}

	writeNow(): null {
		return null;
	}

	write(ops: WriteOp[]): Promise<number[]> {
		return this.commits.write(ops);
	}

	idle(): Promise<void> {
		return this.commits.idle();
	}

	async forgetAuthor(userId: string, tombstone: string): Promise<void> {
		await this.db.transaction().execute(async (tx) => {
			await tx.updateTable('sync_audit').set({ user_id: tombstone }).where('user_id', '=', userId).execute();
			await tx
				.updateTable('sync_audit')
				.set({ reason: sql<string>`replace(reason, ${userId}, ${tombstone})` })
				.where('reason', 'like', `%${userId}%`)
				.execute();
		});
	}

	async prune(retention: SyncRetention, now: Date): Promise<{ audit: number; bindings: number }> {
		const refused = await this.db.deleteFrom('sync_audit').where('outcome', '=', 'refused').where('created_at', '<', daysBefore(now, REFUSED_AUDIT_DAYS)).executeTakeFirst();
		const accepted = await this.db.deleteFrom('sync_audit').where('outcome', '=', 'accepted').where('created_at', '<', daysBefore(now, retention.auditDays)).executeTakeFirst();
		const bindings = await this.db
			.deleteFrom('sync_client')
			.where('created_at', '<', daysBefore(now, retention.bindingDays))
			.where(({ not, exists, selectFrom }) =>
				not(exists(selectFrom('session').select('session.token_hash').whereRef('session.user_id', '=', 'sync_client.user_id').where('session.expires_at', '>', now.toISOString())))
			)
			.executeTakeFirst();
		return { audit: Number(refused.numDeletedRows) + Number(accepted.numDeletedRows), bindings: Number(bindings.numDeletedRows) };
	}
}

/** Writes every batch in `tx`; returns each batch's sequence numbers. */
async function commitAll(tx: Db, batches: readonly WriteOp[][]): Promise<number[][]> {
	// Another process may append to the same documents: each document's appends take turns (a
	// lock held until this transaction ends), locked in one order so that two never wait on each other.
	const docs = [...new Set(batches.flatMap((ops) => ops.filter((op) => op.type !== 'refused').map((op) => op.doc)))].sort();
	for (const doc of docs) await sql`select pg_advisory_xact_lock(hashtext(${doc}))`.execute(tx);
	const given: number[][] = [];
	for (const ops of batches) {
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
					.values({ doc: op.doc, seq, user_id: op.userId, outcome: 'accepted', reason: op.reason?.slice(0, REASON_CHARS) ?? null, bytes: op.data.byteLength, created_at: op.at })
					.execute();
			} else if (op.type === 'refused') {
				await tx
					.insertInto('sync_audit')
					.values({ doc: op.doc, seq: null, user_id: op.userId, outcome: 'refused', reason: op.reason.slice(0, REASON_CHARS), bytes: op.bytes, created_at: op.at })
					.execute();
			} else {
				await tx.deleteFrom('sync_update').where('doc', '=', op.doc).where('seq', '<=', op.upTo).execute();
				await tx.insertInto('sync_update').values({ doc: op.doc, seq: op.upTo, data: blob(op.data), created_at: op.at }).execute();
			}
		}
	}
	return given;
}

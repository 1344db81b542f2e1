import type { Db } from '../db/index.ts';

export type WriteOp =
	| { type: 'update'; doc: string; seq: number; data: Uint8Array; userId: string; newClients: number[]; at: string; reason?: string }
	| { type: 'refused'; doc: string; userId: string; reason: string; bytes: number; at: string }
	| { type: 'compact'; doc: string; upTo: number; data: Uint8Array; at: string };

const blob = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Group commit without waiting: a commit starts as soon as the code that asked for writes has run
 * (a microtask, not a later turn of the event loop, which under load can be milliseconds away).
 * Everything asked for meanwhile, including while a commit is in flight, goes into the next
 * transaction. A promise resolves only once its transaction has committed.
 */
export class Writer {
	private queue: { ops: WriteOp[]; done: (error?: unknown) => void }[] = [];
	private scheduled = false;
	private running: Promise<void> = Promise.resolve();

	constructor(private readonly db: Db) {}

	write(ops: WriteOp[]): Promise<void> {
		return new Promise((resolve, reject) => {
			this.queue.push({ ops, done: (error) => (error ? reject(error) : resolve()) });
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
			await this.db.transaction().execute(async (tx) => {
				for (const { ops } of batch) {
					for (const op of ops) {
						if (op.type === 'update') {
							await tx.insertInto('sync_update').values({ doc: op.doc, seq: op.seq, data: blob(op.data), created_at: op.at }).execute();
							for (const clientId of op.newClients) {
								await tx.insertInto('sync_client').values({ doc: op.doc, client_id: clientId, user_id: op.userId, created_at: op.at }).execute();
							}
							await tx
								.insertInto('sync_audit')
								.values({ doc: op.doc, seq: op.seq, user_id: op.userId, outcome: 'accepted', reason: op.reason?.slice(0, 300) ?? null, bytes: op.data.byteLength, created_at: op.at })
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
			});
			for (const { done } of batch) done();
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

import type { Db } from '../../db/index.ts';
import type { AuditEntry, Binding, RollbackEntry, RollbackFilter, StoredDoc } from './sync-store.ts';

/** How a rollback's audit row gives its reason (doc-host.ts writes it so): `rollback of <userId>: <reason>`. */
const ROLLBACK = /^rollback of ([^:]+): ([\s\S]*)$/;

/** How many document names one `in (…)` query carries (PostgreSQL and SQLite both take far more). */
const CHUNK = 500;

/**
 * What every backend reads, written once in Kysely (the same queries run on SQLite and
 * PostgreSQL). The implementations differ only in how they write.
 */
export abstract class KyselyReads {
	constructor(protected readonly db: Db) {}

	async load(doc: string): Promise<StoredDoc> {
		const rows = await this.db.selectFrom('sync_update').select(['seq', 'data']).where('doc', '=', doc).orderBy('seq').execute();
		const clients = await this.db.selectFrom('sync_client').select(['client_id', 'user_id']).where('doc', '=', doc).execute();
		return {
			updates: rows.map((r) => new Uint8Array(r.data)),
			lastSeq: rows.at(-1)?.seq ?? 0,
			bytes: rows.reduce((sum, r) => sum + r.data.byteLength, 0),
			rows: rows.length,
			bindings: new Map(clients.map((c) => [Number(c.client_id), c.user_id]))
		};
	}

	async lastSeqs(docs: readonly string[]): Promise<Map<string, number>> {
		const last = new Map<string, number>();
		for (let i = 0; i < docs.length; i += CHUNK) {
			const rows = await this.db
				.selectFrom('sync_update')
				.select(['doc', (eb) => eb.fn.max('seq').as('last')])
				.where('doc', 'in', docs.slice(i, i + CHUNK))
				.groupBy('doc')
				.execute();
			for (const row of rows) last.set(row.doc, Number(row.last));
		}
		return last;
	}

	async bindingsOf(userId: string): Promise<Binding[]> {
		const rows = await this.db.selectFrom('sync_client').select(['doc', 'client_id', 'created_at']).where('user_id', '=', userId).orderBy('doc').orderBy('client_id').execute();
		return rows.map((r) => ({ room: r.doc, clientId: Number(r.client_id), since: r.created_at }));
	}

	async rollbacks(filter: RollbackFilter): Promise<RollbackEntry[]> {
		if (filter.actorIds.length === 0) return [];
		let query = this.db
			.selectFrom('sync_audit')
			.select(['doc', 'user_id', 'reason', 'created_at'])
			.where('outcome', '=', 'accepted')
			.where('reason', 'like', 'rollback of %')
			.where('user_id', 'in', filter.actorIds.slice(0, CHUNK));
		if (filter.from) query = query.where('created_at', '>=', filter.from);
		if (filter.to) query = query.where('created_at', '<', filter.to);
		const rows = await query.orderBy('created_at', 'desc').limit(filter.limit).execute();
		return rows.flatMap((r) => {
			const parsed = ROLLBACK.exec(r.reason ?? '');
			return parsed ? [{ room: r.doc, actorId: r.user_id, userId: parsed[1] ?? '', reason: parsed[2] ?? '', at: r.created_at }] : [];
		});
	}

	async auditOf(userId: string): Promise<AuditEntry[]> {
		const rows = await this.db.selectFrom('sync_audit').select(['doc', 'seq', 'outcome', 'reason', 'bytes', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute();
		return rows.map((a) => ({ room: a.doc, seq: a.seq, outcome: a.outcome, reason: a.reason, bytes: a.bytes, at: a.created_at }));
	}
}

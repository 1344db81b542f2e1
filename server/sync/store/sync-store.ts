/**
 * The sync server's store: everything it keeps of its documents, behind one interface with one
 * implementation per backend, side by side (`sqlite.ts`, `postgres.ts`). Nothing outside
 * `server/sync/` reads the tables behind it (`sync_update`, `sync_client`, `sync_audit`): features
 * go through the sync server's small API (`SyncDocs`, docs.ts). `sync-store.suite.ts` asserts the
 * same behaviour of every implementation.
 */

/**
 * One row change the sync server commits: an accepted update (with the clientIDs it binds to its
 * author and its audit row), a refused attempt (an audit row), or a compaction. An update's
 * sequence number is given by the store, in the transaction that appends it (the next after the
 * document's last row), not by the process: two processes may append to one document. A
 * compaction replaces the rows up to `upTo`, the last sequence number its process committed, by
 * one merged update.
 */
export type WriteOp =
	| { type: 'update'; doc: string; data: Uint8Array; userId: string; newClients: number[]; at: string; reason?: string }
	| { type: 'refused'; doc: string; userId: string; reason: string; bytes: number; at: string }
	| { type: 'compact'; doc: string; upTo: number; data: Uint8Array; at: string };

/** A document as stored: its updates in order, and the clientIDs bound in it. */
export interface StoredDoc {
	updates: Uint8Array[];
	lastSeq: number;
	bytes: number;
	rows: number;
	bindings: Map<number, string>;
}

/** A clientID bound to a user in a document, since when. */
export interface Binding {
	room: string;
	clientId: number;
	since: string;
}

/** Which rollbacks to read: by these staff members, in a time window (ISO, inclusive from, exclusive to), at most `limit`. */
export interface RollbackFilter {
	actorIds: readonly string[];
	from?: string;
	to?: string;
	limit: number;
}

/** An admin's rollback of what one user wrote in one document. `userId` is who was rolled back (a tombstone once their account is erased). */
export interface RollbackEntry {
	room: string;
	actorId: string;
	userId: string;
	reason: string;
	at: string;
}

/** One row of the audit log. */
export interface AuditEntry {
	room: string;
	seq: number | null;
	outcome: 'accepted' | 'refused';
	reason: string | null;
	bytes: number;
	at: string;
}

export interface SyncRetention {
	/** Days an accepted write stays in the audit log (CUADRA_SYNC_AUDIT_RETENTION_DAYS). */
	auditDays: number;
	/** Days a clientID binding stays once its user has no live session (CUADRA_SYNC_BINDING_RETENTION_DAYS). */
	bindingDays: number;
}

/** Refused attempts are evidence of abuse for a season, not for a year. */
export const REFUSED_AUDIT_DAYS = 90;

/** Audit reasons are cut to the column's width. */
export const REASON_CHARS = 300;

export interface SyncStore {
	/**
	 * Commits `ops` in one transaction before returning, when the backend can (the embedded SQLite
	 * store, with no other transaction open on its connection and nothing asked of `write` still
	 * uncommitted, so writes are never reordered), and returns the sequence number the store gave
	 * each update, in order. Returns null, having written nothing, when it cannot: then use
	 * `write`. Throws when the store refuses the transaction (nothing of it is written).
	 */
	writeNow(ops: readonly WriteOp[]): number[] | null;
	/**
	 * Commits `ops` in one transaction (with group commit: whatever is asked for meanwhile shares
	 * it) and resolves, once committed, to the sequence number the store gave each update, in
	 * order. Rejects when the transaction failed: nothing of it is written.
	 */
	write(ops: WriteOp[]): Promise<number[]>;
	/** Resolves when everything asked of `write` so far is committed. */
	idle(): Promise<void>;
	/** A document's rows, in order, and its bindings. */
	load(doc: string): Promise<StoredDoc>;
	/** The last sequence number of each of `docs` that the store holds rows of. */
	lastSeqs(docs: readonly string[]): Promise<Map<string, number>>;
	/** Every clientID bound to a user, by document then clientID. */
	bindingsOf(userId: string): Promise<Binding[]>;
	/** A user's rows of the audit log, oldest first. */
	auditOf(userId: string): Promise<AuditEntry[]>;
	/** Admins' rollbacks (`rollback of <user>: <reason>` writes), newest first: by whom, in which document, why, when. */
	rollbacks(filter: RollbackFilter): Promise<RollbackEntry[]>;
	/** The audit log forgets a user: its rows, and reasons naming it (a rollback), say `tombstone` instead. */
	forgetAuthor(userId: string, tombstone: string): Promise<void>;
	/**
	 * One retention pass: refused attempts after REFUSED_AUDIT_DAYS, accepted rows after
	 * `auditDays`, bindings older than `bindingDays` whose user has no live session. Returns what
	 * was deleted.
	 */
	prune(retention: SyncRetention, now: Date): Promise<{ audit: number; bindings: number }>;
}

/** A Uint8Array as the Buffer both drivers store as binary, without copying. */
export const blob = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

const DAY_MS = 86_400_000;

/** The ISO time `days` before `now`. */
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

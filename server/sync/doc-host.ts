import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { AwarenessRoom } from './awareness-room.ts';
import { Batch } from './batch.ts';
import { Compaction } from './compaction.ts';
import type { Connection, ConnectionHost, Inbound } from './connection.ts';
import { DocMemory } from './doc-memory.ts';
import { Inbox } from './inbox.ts';
import type { DocFacts, DocKind } from './kind.ts';
import { RecentAccepts } from './recent-accepts.ts';
import { rollbackUpdate } from './rollback.ts';
import { judgeUpdate } from './judge.ts';
import { DocLedger } from './ledger.ts';
import type { StoredDoc, SyncStore, WriteOp } from './store/sync-store.ts';

export type { Inbound };
export { SEEN_AFTER_MS } from './recent-accepts.ts';

/** The author recorded in the audit log for what the server writes on its own account. */
export const SERVER_AUTHOR = 'server';

/** A change the server itself makes: an admin's rollback, or a write of its own (e.g. a report's meta). */
type ServerChange =
	| {
			type: 'rollback';
			userId: string;
			actor: string;
			reason: string;
			done: (items: number) => void;
			fail: (error: unknown) => void;
	  }
	| {
			type: 'write';
			edit: (doc: Y.Doc) => void;
			reason: string;
			/** True when the edit changed the document. */
			done: (changed: boolean) => void;
			fail: (error: unknown) => void;
	  };

type InboxItem = { conn: Connection; message: Inbound } | { conn: null; message: ServerChange };

export interface HostLimits {
	maxDocBytes: number;
	compactEvery: number;
	/** The most live entry bytes one user may hold in the document (default: a tenth of maxDocBytes). */
	maxUserBytes?: number;
}

/**
 * One document in memory and the sockets on it. Inbound sync messages are handled strictly in
 * order (the inbox, inbox.ts): validate, apply, then write to the store, and only after the commit
 * broadcast and acknowledge (the batch, batch.ts). So nothing anyone has seen or been told is
 * saved can be lost in a crash. The document itself is live or resting (doc-memory.ts); presence
 * is its awareness room (awareness-room.ts); its rows are compacted by compaction.ts. What stays
 * here is what ties them together: judging each change and the server's own changes.
 */
export class DocHost implements ConnectionHost {
	private readonly memory: DocMemory;
	readonly conns = new Set<Connection>();
	/** Sockets being set up; a pinned host is never evicted. */
	pins = 0;
	lastUsed = Date.now();
	private readonly inbox: Inbox<InboxItem>;
	private readonly batch: Batch;
	private readonly compaction: Compaction;
	private bytes: number;
	private readonly bindings: Map<number, string>;
	/** Presence, for kinds that carry it. */
	private readonly awareness: AwarenessRoom | null;
	/** Entry ids and per-user bytes of the live document; built when first needed. */
	private ledger: DocLedger | null = null;
	/** Accepted changes since load: the version the cached delete set was made at. */
	private version = 0;
	/** The delete set of the document at a version, for readers' answers. */
	private deleted: { version: number; set: ReturnType<typeof Y.createDeleteSet> } | null = null;
	/** When recent changes were accepted, for what a sender had seen (judge.ts). */
	private readonly recent = new RecentAccepts();
	failed = false;

	constructor(
		readonly name: string,
		readonly kind: DocKind,
		stored: StoredDoc,
		private readonly store: SyncStore,
		private readonly limits: HostLimits,
		private readonly log: Logger,
		/** For kinds whose facts live in another room or in the store. */
		private externalFacts?: () => DocFacts,
		/** Reads the document's rows again, after a refused update was applied to judge it. */
		private readonly load?: () => Promise<StoredDoc>
	) {
		this.memory = new DocMemory(stored.updates);
		this.bytes = stored.bytes;
		this.compaction = new Compaction(name, store, limits.compactEvery, stored);
		this.bindings = stored.bindings;
		this.inbox = new Inbox<InboxItem>(
			() => this.drain(),
			(error) => {
				// Never let one document's trouble reach the process or other documents.
				this.log.error(`sync: ${this.name} failed; unloading it`, error);
				this.fail();
			},
			() => this.failed
		);
		this.batch = new Batch(store, this.conns, () => this.memory.stateVectorFrame());
		this.awareness = kind.awareness
			? new AwarenessRoom(kind.awareness, (clientId, userId) => this.othersClient(clientId, userId), (message) => this.broadcast(message), kind.awarenessIdentity?.bind(kind))
			: null;
	}

	/** True when a clientID is not this user's: bound to another user, or the server's. */
	private othersClient(clientId: number, userId: string): boolean {
		const owner = this.bindings.get(clientId);
		if (owner !== undefined) return owner !== userId;
		return this.memory.serverClaims(clientId);
	}

	/** The kind's `prepare` of this load (filling it from the feature's store); sockets attach after it. */
	prepared: Promise<void> = Promise.resolve();

	/** Facts found in the store later (e.g. the report was posted after its chat was opened). */
	storedFacts: DocFacts | null = null;

	useStoredFacts(facts: DocFacts): void {
		this.storedFacts = facts;
		this.externalFacts = () => facts;
	}

	/** The document, made live again first if it was resting. */
	get doc(): Y.Doc {
		return this.memory.doc;
	}

	/** True while the document is kept encoded instead of live. */
	get isResting(): boolean {
		return this.memory.isResting;
	}

	/**
	 * Keeps a quiet document encoded (doc-memory.ts). Only between batches, never with anything
	 * queued. Returns true when it now rests.
	 */
	rest(): boolean {
		if (this.memory.isResting || this.inbox.busy || this.inbox.length || this.pins || this.failed) return false;
		this.memory.rest(this.facts());
		this.ledger = null;
		this.deleted = null;
		// A resting document has been quiet for CUADRA_SYNC_IDLE_SECONDS: its recent accepts are
		// dropped, so what came before counts as seen (the stricter reading).
		this.recent.clear();
		return true;
	}

	facts(): DocFacts {
		if (this.externalFacts) return this.externalFacts();
		const resting = this.memory.restingFacts;
		if (resting) return resting;
		return this.kind.facts((root, key) => {
			const item = this.doc.share.get(root)?._map.get(key);
			return item && !item.deleted && item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
		});
	}

	get idle(): boolean {
		return this.conns.size === 0 && this.pins === 0 && !this.inbox.busy && this.inbox.length === 0;
	}

	attach(conn: Connection): void {
		this.conns.add(conn);
		this.lastUsed = Date.now();
		// The server speaks first: its state vector, so the client sends what the server lacks. It
		// goes through the queue, so it never covers a change that is not saved yet.
		this.receive(conn, { type: 'greet' });
		this.awareness?.joined(conn);
	}

	detach(conn: Connection): void {
		if (!this.conns.delete(conn)) return;
		this.lastUsed = Date.now();
		this.awareness?.left(conn);
	}

	receive(conn: Connection, message: Inbound): void {
		this.lastUsed = Date.now();
		this.inbox.push({ conn, message });
	}

	/** Awareness (docs/sync-protocol.md §6): nothing at all in rooms whose kind carries none. */
	receiveAwareness(conn: Connection, update: Uint8Array): void {
		this.awareness?.receive(conn, update);
	}

	answerAwarenessQuery(conn: Connection): void {
		this.awareness?.query(conn);
	}

	/** Replaces the stored rows with one merged update. Runs between batches. */
	async compact(): Promise<void> {
		await this.inbox.current;
		if (this.failed || !this.compaction.worthwhile) return;
		await this.writeCompaction();
	}

	/** One row instead of the document's rows so far. */
	private async writeCompaction(): Promise<void> {
		const data = this.memory.encoded();
		await this.compaction.write(data);
		this.bytes = data.byteLength;
	}

	/** Closes every socket (e.g. shutdown); the document itself stays consistent with the store. */
	closeAll(code: number, reason: string): void {
		for (const conn of [...this.conns]) conn.close(code, reason);
	}

	/** Marks this copy unusable: every socket reconnects and the document is reloaded from the store. */
	fail(): void {
		this.failed = true;
		for (const item of this.inbox.clear()) if (item.conn === null) item.message.fail(new Error(`${this.name} is being reloaded`));
		this.closeAll(1011, 'the document is being reloaded');
	}

	settled(): Promise<void> {
		return this.inbox.settled();
	}

	destroy(): void {
		this.awareness?.destroy();
		this.memory.destroy();
	}

	/**
	 * Deletes every live item a user wrote in this document (their clientIDs), as one update saved
	 * and broadcast like any other, audited under the actor with the reason. Resolves to the
	 * number of items deleted.
	 */
	rollback(userId: string, actor: string, reason: string): Promise<number> {
		return new Promise((done, fail) => this.inbox.push({ conn: null, message: { type: 'rollback', userId, actor, reason, done, fail } }));
	}

	/**
	 * The server writes into this document itself: `edit` runs on the server's copy, in order with
	 * every client's update, unchecked by the kind's rules (the server is their author). The change
	 * is saved, then broadcast, like any other, and audited under `SERVER_AUTHOR` with the reason.
	 * Resolves once it is saved (false when the edit changed nothing).
	 */
	writeAsServer(edit: (doc: Y.Doc) => void, reason: string): Promise<boolean> {
		return new Promise((done, fail) => this.inbox.push({ conn: null, message: { type: 'write', edit, reason, done, fail } }));
	}

	/** Commits the batch, then broadcasts it; a store that refuses drops this copy. */
	private async flush(): Promise<void> {
		let seqs: number[];
		try {
			seqs = await this.batch.flush();
		} catch (error) {
			// Memory now holds what the store does not: drop this copy, everyone reconnects.
			this.log.error(`sync: could not save ${this.name}; unloading it`, error);
			this.fail();
			return;
		}
		// The store numbers the rows; compaction replaces them up to the last one this process wrote.
		this.compaction.committed(seqs);
	}

	private async drain(): Promise<void> {
		while (this.inbox.length && !this.failed) {
			const item = this.inbox.next() as InboxItem;
			if (item.conn === null) {
				this.serverChange(item.message);
				continue;
			}
			const { conn, message } = item;
			if (conn.closed) continue;
			if (message.type === 'greet') {
				await this.flush();
				conn.send(this.memory.stateVectorFrame());
				continue;
			}
			if (message.type === 'step1') {
				await this.flush();
				this.answerStep1(conn, message.stateVector);
				continue;
			}
			if (this.handleUpdate(conn, message.update)) {
				await this.flush();
				await this.reload();
			}
		}
		await this.flush();
		if (!this.failed && this.compaction.due) {
			try {
				await this.writeCompaction();
			} catch (error) {
				this.log.error(`sync: compaction of ${this.name} failed (the uncompacted rows are intact)`, error);
			}
		}
	}

	/** SyncStep2 for what the client lacks; what it says it holds, and when, is its view (judge.ts). */
	private answerStep1(conn: Connection, stateVector: Uint8Array): void {
		let reply: Uint8Array;
		try {
			reply = this.memory.step2Frame(stateVector);
		} catch {
			return conn.close(CloseCode.badMessage, 'malformed state vector');
		}
		conn.send(reply);
		if (conn.access === 'write') {
			try {
				for (const [client, clock] of Y.decodeStateVector(stateVector)) {
					if (clock > (conn.view.get(client) ?? 0)) conn.view.set(client, clock);
				}
			} catch {
				return conn.close(CloseCode.badMessage, 'malformed state vector');
			}
		}
		conn.syncedAt = Date.now();
	}

	/** Books a change that is now in memory: its bytes, a new version, when it was accepted. */
	private applied(update: Uint8Array, now: number): void {
		this.recent.note(update, now);
		this.bytes += update.byteLength;
		this.version += 1;
	}

	private serverChange(change: ServerChange): void {
		if (change.type === 'write') return this.serverWrite(change);
		const ids = [...this.bindings].filter(([, user]) => user === change.userId).map(([client]) => client);
		const rollback = rollbackUpdate(this.doc, ids);
		if (!rollback) return change.done(0);
		try {
			Y.applyUpdate(this.doc, rollback.update, 'server');
		} catch (error) {
			change.fail(error);
			this.fail();
			return;
		}
		this.ledger = null;
		this.applied(rollback.update, Date.now());
		const op: WriteOp = {
			type: 'update',
			doc: this.name,
			data: rollback.update,
			userId: change.actor,
			newClients: [],
			at: new Date().toISOString(),
			reason: `rollback of ${change.userId}: ${change.reason}`
		};
		this.batch.push({ conn: null, update: rollback.update, op, done: () => change.done(rollback.items), fail: change.fail });
	}

	private serverWrite(change: Extract<ServerChange, { type: 'write' }>): void {
		const updates: Uint8Array[] = [];
		const capture = (update: Uint8Array) => void updates.push(update);
		this.doc.on('update', capture);
		try {
			this.doc.transact(() => change.edit(this.doc), SERVER_AUTHOR);
		} catch (error) {
			// The edit may have half-run: memory could differ from the store, so reload.
			change.fail(error);
			this.fail();
			return;
		} finally {
			this.doc.off('update', capture);
		}
		if (!updates.length) return change.done(false);
		const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
		// The server's clientID is never bound to a user; validation refuses anyone who continues it.
		this.ledger = null;
		this.applied(update, Date.now());
		const op: WriteOp = { type: 'update', doc: this.name, data: update, userId: SERVER_AUTHOR, newClients: [], at: new Date().toISOString(), reason: change.reason };
		this.batch.push({ conn: null, update, op, done: () => change.done(true), fail: change.fail });
	}

	/**
	 * Judges and applies one client update (judge.ts), and queues what Yjs integrated for the
	 * store. Returns true when a refused update had been applied to be judged: the caller reloads
	 * the document from the store before anything else is handled.
	 */
	private handleUpdate(conn: Connection, update: Uint8Array): boolean {
		const at = new Date().toISOString();
		const refuse = (code: number, reason: string) => {
			void this.store.write([{ type: 'refused', doc: this.name, userId: conn.principal.userId, reason, bytes: update.byteLength, at }]).catch((error: unknown) => this.log.error('sync: could not write the audit log', error));
			this.log.debug(`sync: refused an update to ${this.name} from ${conn.principal.userId}: ${reason}`);
			conn.close(code, reason);
		};
		// An empty update (a client's answer when it has nothing new) changes nothing: no need to
		// make a resting document live for it.
		if (update.byteLength === 2 && update[0] === 0 && update[1] === 0) return false;
		if (this.bytes + update.byteLength > this.limits.maxDocBytes) {
			refuse(CloseCode.docTooLarge, 'the document is full');
			return false;
		}
		const facts = this.facts();
		const doc = this.doc;
		const now = Date.now();
		const verdict = judgeUpdate({
			doc,
			kind: this.kind,
			facts,
			bindings: this.bindings,
			principal: conn.principal,
			update,
			ledger: (this.ledger ??= DocLedger.of(doc, this.kind, this.bindings)),
			maxUserBytes: this.limits.maxUserBytes ?? Math.floor(this.limits.maxDocBytes / 10),
			seen: (item, entry) => this.recent.seenBy(conn, item, entry, now),
			deletedRanges: () => {
				if (this.deleted?.version !== this.version) this.deleted = { version: this.version, set: Y.createDeleteSetFromStructStore(doc.store) };
				return this.deleted.set;
			}
		});
		if (!verdict.ok) {
			refuse(verdict.code, verdict.reason);
			return verdict.dirty;
		}
		if (!verdict.update) return false;
		const judged = verdict.update;
		for (const clientId of verdict.newClients) this.bindings.set(clientId, conn.principal.userId);
		this.applied(judged, now);
		this.batch.push({ conn, update: judged, op: { type: 'update', doc: this.name, data: judged, userId: conn.principal.userId, newClients: verdict.newClients, at } });
		return false;
	}

	/** After a refused update was applied to judge it: the document again as the store has it. */
	private async reload(): Promise<void> {
		if (!this.load) return this.fail();
		const stored = await this.load();
		this.memory.replace(stored.updates);
		this.ledger = null;
		this.deleted = null;
		this.bytes = stored.bytes;
		this.compaction.reloaded(stored.rows);
	}

	private broadcast(message: Uint8Array): void {
		for (const conn of this.conns) conn.send(message);
	}
}

import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { CloseCode, echoAckMaxBytes, MessageType } from '../../src/lib/sync/protocol.ts';
import { AwarenessRoom } from './awareness-room.ts';
import type { Connection, ConnectionHost, Inbound } from './connection.ts';
import type { DocFacts, DocKind } from './kind.ts';
import { rollbackUpdate } from './rollback.ts';
import { judgeUpdate } from './judge.ts';
import { DocLedger } from './ledger.ts';
import type { StoredDoc, Writer, WriteOp } from './writer.ts';

export type { Inbound };

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

type Batch = { conn: Connection | null; update: Uint8Array; op: WriteOp; done?: () => void; fail?: (error: unknown) => void }[];

export interface HostLimits {
	maxDocBytes: number;
	compactEvery: number;
	/** The most live entry bytes one user may hold in the document (default: a tenth of maxDocBytes). */
	maxUserBytes?: number;
}

/**
 * How long after the server broadcast a change to a socket the sender is taken to have seen it
 * (docs/sync-protocol.md §5, "appended at the end"): within it an entry may still land before it,
 * as two concurrent appends do.
 */
export const SEEN_AFTER_MS = 10_000;

const frame = (type: number, write: (e: encoding.Encoder) => void) => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
};

/**
 * One document in memory and the sockets on it. Inbound sync messages are handled strictly in
 * order: validate, apply, then write to the store, and only after the commit broadcast and
 * acknowledge. So nothing anyone has seen or been told is saved can be lost in a crash.
 */
export class DocHost implements ConnectionHost {
	/** The live document; null while the document rests (see `rest`). */
	private live: Y.Doc | null = new Y.Doc({ gc: true });
	/** While resting: the whole document as one update, its state vector and its facts. */
	private resting: { update: Uint8Array; vector: Uint8Array; facts: DocFacts; clientID: number } | null = null;
	readonly conns = new Set<Connection>();
	/** Sockets being set up; a pinned host is never evicted. */
	pins = 0;
	lastUsed = Date.now();
	private inbox: ({ conn: Connection; message: Inbound } | { conn: null; message: ServerChange })[] = [];
	private draining: Promise<void> | null = null;
	private seq: number;
	private bytes: number;
	private rowsSinceCompaction: number;
	private readonly bindings: Map<number, string>;
	/** Presence, for kinds that carry it. */
	private readonly awareness: AwarenessRoom | null;
	/** Entry ids and per-user bytes of the live document; built when first needed. */
	private ledger: DocLedger | null = null;
	/** Accepted changes since load: the version the cached delete set was made at. */
	private version = 0;
	/** The delete set of the document at a version, for readers' answers. */
	private deleted: { version: number; set: ReturnType<typeof Y.createDeleteSet> } | null = null;
	/** Per client, the clocks at which recent updates (younger than SEEN_AFTER_MS) started, with when. */
	private readonly recent = new Map<number, { clock: number; at: number }[]>();
	failed = false;

	constructor(
		readonly name: string,
		readonly kind: DocKind,
		stored: StoredDoc,
		private readonly writer: Writer,
		private readonly limits: HostLimits,
		private readonly log: Logger,
		/** For kinds whose facts live in another room or in the store. */
		private externalFacts?: () => DocFacts,
		/** Reads the document's rows again, after a refused update was applied to judge it. */
		private readonly load?: () => Promise<StoredDoc>
	) {
		const doc = this.doc;
		doc.transact(() => {
			for (const update of stored.updates) Y.applyUpdate(doc, update);
		});
		this.seq = stored.lastSeq;
		this.bytes = stored.bytes;
		this.rowsSinceCompaction = stored.rows;
		this.bindings = stored.bindings;
		this.awareness = kind.awareness
			? new AwarenessRoom(kind.awareness, (clientId, userId) => this.othersClient(clientId, userId), (message) => this.broadcast(message), kind.awarenessIdentity?.bind(kind))
			: null;
	}

	/** True when a clientID is not this user's: bound to another user, or the server's. */
	private othersClient(clientId: number, userId: string): boolean {
		const owner = this.bindings.get(clientId);
		if (owner !== undefined) return owner !== userId;
		// An unbound clientID that wrote here is the server's; so is the copy's own.
		return clientId === this.live?.clientID || clientId === this.resting?.clientID || (this.live !== null && Y.getState(this.live.store, clientId) > 0);
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
		if (this.live) return this.live;
		const resting = this.resting as NonNullable<typeof this.resting>;
		const doc = new Y.Doc({ gc: true });
		Y.applyUpdate(doc, resting.update);
		// The same clientID as before, so what the server writes continues its own items (set after
		// applying: Yjs picks a new one when an update brings items of the document's own clientID).
		doc.clientID = resting.clientID;
		this.live = doc;
		this.resting = null;
		return doc;
	}

	/** True while the document is kept encoded instead of live. */
	get isResting(): boolean {
		return this.resting !== null;
	}

	/**
	 * Keeps a quiet document encoded: one update instead of a live Y.Doc with an object per item,
	 * a fraction of the memory. Joining clients are served from the encoded form (their state
	 * vector against it); the first change makes it live again. Only between batches, never with
	 * anything queued. Returns true when it now rests.
	 */
	rest(): boolean {
		if (!this.live || this.draining || this.inbox.length || this.pins || this.failed) return false;
		const facts = this.facts();
		const update = Y.encodeStateAsUpdate(this.live);
		this.resting = { update, vector: Y.encodeStateVectorFromUpdate(update), facts, clientID: this.live.clientID };
		this.live.destroy();
		this.live = null;
		this.ledger = null;
		this.deleted = null;
		// A resting document has been quiet for CUADRA_SYNC_IDLE_SECONDS: its recent accepts are
		// dropped, so what came before counts as seen (the stricter reading).
		this.recent.clear();
		return true;
	}

	facts(): DocFacts {
		if (this.externalFacts) return this.externalFacts();
		if (this.resting) return this.resting.facts;
		return this.kind.facts((root, key) => {
			const item = this.doc.share.get(root)?._map.get(key);
			return item && !item.deleted && item.content instanceof Y.ContentAny ? item.content.getContent()[0] : undefined;
		});
	}

	get idle(): boolean {
		return this.conns.size === 0 && this.pins === 0 && !this.draining && this.inbox.length === 0;
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
		this.kick();
	}

	private kick(): void {
		if (this.draining) return;
		this.draining = this.drain()
			.catch((error: unknown) => {
				// Never let one document's trouble reach the process or other documents.
				this.log.error(`sync: ${this.name} failed; unloading it`, error);
				this.fail();
			})
			.finally(() => {
				this.draining = null;
				// Messages that arrived while the last batch was being written.
				if (this.inbox.length && !this.failed) this.kick();
			});
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
		await this.draining;
		if (this.failed || this.rowsSinceCompaction <= 1) return;
		await this.writeCompaction();
	}

	/** One row instead of the document's rows so far; synchronous on SQLite, like every write. */
	private async writeCompaction(): Promise<void> {
		const data = this.resting ? this.resting.update : Y.encodeStateAsUpdate(this.doc);
		const ops: WriteOp[] = [{ type: 'compact', doc: this.name, upTo: this.seq, data, at: new Date().toISOString() }];
		if (!this.writer.writeNow(ops)) await this.writer.write(ops);
		this.bytes = data.byteLength;
		this.rowsSinceCompaction = 1;
	}

	/** Closes every socket (e.g. shutdown); the document itself stays consistent with the store. */
	closeAll(code: number, reason: string): void {
		for (const conn of [...this.conns]) conn.close(code, reason);
	}

	/** Marks this copy unusable: every socket reconnects and the document is reloaded from the store. */
	fail(): void {
		this.failed = true;
		for (const item of this.inbox.splice(0)) if (item.conn === null) item.message.fail(new Error(`${this.name} is being reloaded`));
		this.closeAll(1011, 'the document is being reloaded');
	}

	async settled(): Promise<void> {
		while (this.draining) await this.draining;
	}

	destroy(): void {
		this.live?.destroy();
	}

	/**
	 * Deletes every live item a user wrote in this document (their clientIDs), as one update saved
	 * and broadcast like any other, audited under the actor with the reason. Resolves to the
	 * number of items deleted.
	 */
	rollback(userId: string, actor: string, reason: string): Promise<number> {
		return new Promise((done, fail) => {
			this.inbox.push({ conn: null, message: { type: 'rollback', userId, actor, reason, done, fail } });
			this.kick();
		});
	}

	/**
	 * The server writes into this document itself: `edit` runs on the server's copy, in order with
	 * every client's update, unchecked by the kind's rules (the server is their author). The change
	 * is saved, then broadcast, like any other, and audited under `SERVER_AUTHOR` with the reason.
	 * Resolves once it is saved (false when the edit changed nothing).
	 */
	writeAsServer(edit: (doc: Y.Doc) => void, reason: string): Promise<boolean> {
		return new Promise((done, fail) => {
			this.inbox.push({ conn: null, message: { type: 'write', edit, reason, done, fail } });
			this.kick();
		});
	}

	private async drain(): Promise<void> {
		let batch: Batch = [];
		const flush = async () => {
			if (!batch.length) return;
			const current = batch;
			batch = [];
			const ops = current.map((b) => b.op);
			try {
				// On SQLite the commit is synchronous: saved and broadcast in this same turn.
				const seqs = this.writer.writeNow(ops) ?? (await this.writer.write(ops));
				// The store numbers the rows; compaction replaces them up to the last one this process wrote.
				if (seqs.length) this.seq = seqs[seqs.length - 1] as number;
			} catch (error) {
				// Memory now holds what the store does not: drop this copy, everyone reconnects.
				this.log.error(`sync: could not save ${this.name}; unloading it`, error);
				for (const b of current) b.fail?.(error);
				this.fail();
				return;
			}
			this.rowsSinceCompaction += current.length;
			// Acknowledgement (docs/sync-protocol.md §4): a sender gets its own change back with
			// everyone else's copy, which y-websocket applies as a no-op and answers with nothing. A
			// large change (a long offline stretch) is not sent back: its sender gets the server's
			// state vector instead, once, after the batch.
			const vectorAcks = new Set<Connection>();
			for (const { conn, update, done } of current) {
				const message = frame(MessageType.sync, (e) => syncProtocol.writeUpdate(e, update));
				const echo = update.byteLength <= echoAckMaxBytes;
				for (const other of this.conns) if (other !== conn || echo) other.send(message);
				if (conn && !echo) vectorAcks.add(conn);
				done?.();
			}
			if (vectorAcks.size) {
				const ack = this.stateVectorFrame();
				for (const conn of vectorAcks) conn.send(ack);
			}
		};

		while (this.inbox.length && !this.failed) {
			const item = this.inbox.shift() as (typeof this.inbox)[number];
			if (item.conn === null) {
				this.serverChange(item.message, batch);
				continue;
			}
			const { conn, message } = item;
			if (conn.closed) continue;
			if (message.type === 'greet') {
				await flush();
				conn.send(this.stateVectorFrame());
				continue;
			}
			if (message.type === 'step1') {
				await flush();
				let reply: Uint8Array;
				try {
					const { resting } = this;
					reply = resting
						? frame(MessageType.sync, (e) => {
								encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
								encoding.writeVarUint8Array(e, Y.diffUpdate(resting.update, message.stateVector));
							})
						: frame(MessageType.sync, (e) => syncProtocol.writeSyncStep2(e, this.doc, message.stateVector));
				} catch {
					conn.close(CloseCode.badMessage, 'malformed state vector');
					continue;
				}
				conn.send(reply);
				// What the sender says it holds, and when it was sent the rest: its view (judge.ts).
				if (conn.access === 'write') {
					try {
						for (const [client, clock] of Y.decodeStateVector(message.stateVector)) {
							if (clock > (conn.view.get(client) ?? 0)) conn.view.set(client, clock);
						}
					} catch {
						conn.close(CloseCode.badMessage, 'malformed state vector');
						continue;
					}
				}
				conn.syncedAt = Date.now();
				continue;
			}
			if (this.handleUpdate(conn, message.update, batch)) {
				await flush();
				await this.reload();
			}
		}
		await flush();
		if (!this.failed && this.rowsSinceCompaction >= this.limits.compactEvery) {
			try {
				await this.writeCompaction();
			} catch (error) {
				this.log.error(`sync: compaction of ${this.name} failed (the uncompacted rows are intact)`, error);
			}
		}
	}

	private serverChange(change: ServerChange, batch: Batch): void {
		if (change.type === 'write') return this.serverWrite(change, batch);
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
		this.bytes += rollback.update.byteLength;
		this.version += 1;
		this.ledger = null;
		this.noteRecent(rollback.update, Date.now());
		const op: WriteOp = {
			type: 'update',
			doc: this.name,
			data: rollback.update,
			userId: change.actor,
			newClients: [],
			at: new Date().toISOString(),
			reason: `rollback of ${change.userId}: ${change.reason}`
		};
		batch.push({ conn: null, update: rollback.update, op, done: () => change.done(rollback.items), fail: change.fail });
	}

	private serverWrite(change: Extract<ServerChange, { type: 'write' }>, batch: Batch): void {
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
		this.noteRecent(update, Date.now());
		this.ledger = null;
		this.bytes += update.byteLength;
		this.version += 1;
		const op: WriteOp = { type: 'update', doc: this.name, data: update, userId: SERVER_AUTHOR, newClients: [], at: new Date().toISOString(), reason: change.reason };
		batch.push({ conn: null, update, op, done: () => change.done(true), fail: change.fail });
	}

	/**
	 * Judges and applies one client update (judge.ts), and queues what Yjs integrated for the
	 * store. Returns true when a refused update had been applied to be judged: the caller reloads
	 * the document from the store before anything else is handled.
	 */
	private handleUpdate(conn: Connection, update: Uint8Array, batch: Batch): boolean {
		const at = new Date().toISOString();
		const refuse = (code: number, reason: string) => {
			void this.writer.write([{ type: 'refused', doc: this.name, userId: conn.principal.userId, reason, bytes: update.byteLength, at }]).catch((error: unknown) => this.log.error('sync: could not write the audit log', error));
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
			seen: (item, entry) => this.seenBy(conn, item, entry, now),
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
		this.noteRecent(judged, now);
		this.bytes += judged.byteLength;
		this.version += 1;
		batch.push({ conn, update: judged, op: { type: 'update', doc: this.name, data: judged, userId: conn.principal.userId, newClients: verdict.newClients, at } });
		return false;
	}

	/**
	 * Whether the sender on `conn` had seen `item` when it wrote `entry` (docs/sync-protocol.md §5).
	 * An entry its client wrote before connecting (its clock is below what the client declared for
	 * itself in SyncStep1) was written with the view the client declared. One written since had,
	 * besides, the whole state the server sent it (SyncStep2) and every change broadcast to it more
	 * than SEEN_AFTER_MS ago.
	 */
	private seenBy(conn: Connection, item: Y.Item, entry: Y.Item, now: number): boolean {
		if (item.id.clock < (conn.view.get(item.id.client) ?? 0)) return true;
		if (entry.id.clock < (conn.view.get(entry.id.client) ?? 0)) return false;
		const accepted = this.acceptedAt(item.id.client, item.id.clock, now);
		return accepted === null || accepted < conn.syncedAt || accepted <= now - SEEN_AFTER_MS;
	}

	/** Remembers where an accepted update's structs start, for SEEN_AFTER_MS. */
	private noteRecent(update: Uint8Array, now: number): void {
		for (const [client, clock] of Y.parseUpdateMeta(update).from) {
			let list = this.recent.get(client);
			if (!list) this.recent.set(client, (list = []));
			while (list.length && (list[0] as { at: number }).at <= now - SEEN_AFTER_MS) list.shift();
			list.push({ clock, at: now });
		}
	}

	/** When the struct at this clock was accepted, if less than SEEN_AFTER_MS ago; null if earlier. */
	private acceptedAt(client: number, clock: number, now: number): number | null {
		const list = this.recent.get(client);
		if (!list) return null;
		while (list.length && (list[0] as { at: number }).at <= now - SEEN_AFTER_MS) list.shift();
		if (!list.length) {
			this.recent.delete(client);
			return null;
		}
		let at: number | null = null;
		for (const entry of list) {
			if (entry.clock > clock) break;
			at = entry.at;
		}
		return at;
	}

	/** After a refused update was applied to judge it: the document again as the store has it. */
	private async reload(): Promise<void> {
		if (!this.load) return this.fail();
		const stored = await this.load();
		const doc = new Y.Doc({ gc: true });
		doc.transact(() => {
			for (const row of stored.updates) Y.applyUpdate(doc, row);
		});
		this.live?.destroy();
		this.live = doc;
		this.resting = null;
		this.ledger = null;
		this.deleted = null;
		this.bytes = stored.bytes;
		this.rowsSinceCompaction = stored.rows;
	}

	/** SyncStep1: the server's state vector (a greeting, or an acknowledgement once saved). */
	private stateVectorFrame(): Uint8Array {
		const { resting } = this;
		if (!resting) return frame(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, this.doc));
		return frame(MessageType.sync, (e) => {
			encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
			encoding.writeVarUint8Array(e, resting.vector);
		});
	}

	private broadcast(message: Uint8Array): void {
		for (const conn of this.conns) conn.send(message);
	}
}

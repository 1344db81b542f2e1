import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/sync/protocol.ts';
import { frame } from './frame.ts';
import type { DocFacts } from './kind.ts';

function docOf(updates: readonly Uint8Array[]): Y.Doc {
	const doc = new Y.Doc({ gc: true });
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

/**
 * One document in memory, live or resting. Live, it is a Y.Doc; a quiet document **rests**: kept
 * as one encoded update (with its state vector, facts and the server's clientID) instead of a live
 * Y.Doc with an object per item, a fraction of the memory. Joining clients are served from either
 * form (`stateVectorFrame`, `step2Frame`); `doc` makes a resting document live again.
 */
export class DocMemory {
	/** The live document; null while the document rests. */
	private live: Y.Doc | null;
	/** While resting: the whole document as one update, its state vector and its facts. */
	private resting: { update: Uint8Array; vector: Uint8Array; facts: DocFacts; clientID: number } | null = null;

	constructor(updates: readonly Uint8Array[]) {
		this.live = docOf(updates);
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

	get isResting(): boolean {
		return this.resting !== null;
	}

	/** The facts the document had when it came to rest; null while live. */
	get restingFacts(): DocFacts | null {
		return this.resting?.facts ?? null;
	}

	/**
	 * True when an unbound clientID counts as the server's: the copy's own, or one that wrote here
	 * (every client that writes is bound; only the server writes unbound).
	 */
	serverClaims(clientId: number): boolean {
		return clientId === this.live?.clientID || clientId === this.resting?.clientID || (this.live !== null && Y.getState(this.live.store, clientId) > 0);
	}

	/** Encodes the live document and lets it go; `facts` are kept for the rules meanwhile. */
	rest(facts: DocFacts): void {
		const live = this.live as Y.Doc;
		const update = Y.encodeStateAsUpdate(live);
		this.resting = { update, vector: Y.encodeStateVectorFromUpdate(update), facts, clientID: live.clientID };
		live.destroy();
		this.live = null;
	}

	/** The whole document as one update (for compaction), without waking it. */
	encoded(): Uint8Array {
		return this.resting ? this.resting.update : Y.encodeStateAsUpdate(this.doc);
	}

	/** The document again as these updates build it (after a refused update was applied to judge it). */
	replace(updates: readonly Uint8Array[]): void {
		this.live?.destroy();
		this.live = docOf(updates);
		this.resting = null;
	}

	/** SyncStep1: the server's state vector (a greeting, or an acknowledgement once saved). */
	stateVectorFrame(): Uint8Array {
		const { resting } = this;
		if (!resting) return frame(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, this.doc));
		return frame(MessageType.sync, (e) => {
			encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
			encoding.writeVarUint8Array(e, resting.vector);
		});
	}

	/** SyncStep2: what a client with `stateVector` lacks. Throws on a malformed state vector. */
	step2Frame(stateVector: Uint8Array): Uint8Array {
		const { resting } = this;
		return resting
			? frame(MessageType.sync, (e) => {
					encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
					encoding.writeVarUint8Array(e, Y.diffUpdate(resting.update, stateVector));
				})
			: frame(MessageType.sync, (e) => syncProtocol.writeSyncStep2(e, this.doc, stateVector));
	}

	destroy(): void {
		this.live?.destroy();
	}
}

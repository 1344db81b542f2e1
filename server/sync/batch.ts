import * as syncProtocol from 'y-protocols/sync';
import { echoAckMaxBytes, MessageType } from '../../src/lib/sync/protocol.ts';
import type { Connection } from './connection.ts';
import { frame } from './frame.ts';
import type { SyncStore, WriteOp } from './store/sync-store.ts';

/** An accepted change waiting for the store: who sent it (null: the server), the update, its row. */
export interface Accepted {
	conn: Connection | null;
	update: Uint8Array;
	op: WriteOp;
	done?: () => void;
	fail?: (error: unknown) => void;
}

/**
 * The accepted changes of one document since the last commit. `flush` commits them in one
 * transaction and only then broadcasts them: nothing anyone has seen or been told is saved can be
 * lost in a crash.
 */
export class Batch {
	private items: Accepted[] = [];

	constructor(
		private readonly store: SyncStore,
		private readonly conns: ReadonlySet<Connection>,
		/** The server's state vector as a SyncStep1, for large changes' acknowledgements. */
		private readonly stateVectorFrame: () => Uint8Array
	) {}

	push(item: Accepted): void {
		this.items.push(item);
	}

	/**
	 * Commits what waits (on SQLite synchronously: saved and broadcast in this same turn), then
	 * sends each change to every socket, and resolves to the sequence numbers the store gave them.
	 * When the store refuses, every change's `fail` is called, nothing is sent, and it throws.
	 */
	async flush(): Promise<number[]> {
		if (!this.items.length) return [];
		const current = this.items;
		this.items = [];
		const ops = current.map((b) => b.op);
		let seqs: number[];
		try {
			seqs = this.store.writeNow(ops) ?? (await this.store.write(ops));
		} catch (error) {
			for (const b of current) b.fail?.(error);
			throw error;
		}
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
		return seqs;
	}
}

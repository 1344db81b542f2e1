import type { SyncStore } from './store/sync-store.ts';

/**
 * When a document's rows are replaced by one merged update, and the write that does it (written
 * once: after a batch that takes the rows to `every`, and by the sweep before a document leaves
 * memory). Counts the rows since the last compaction and the last sequence number this process
 * committed: a compaction replaces the rows up to it, never a row another process appended after.
 */
export class Compaction {
	private seq: number;
	private rows: number;

	constructor(
		private readonly doc: string,
		private readonly store: SyncStore,
		private readonly every: number,
		stored: { lastSeq: number; rows: number }
	) {
		this.seq = stored.lastSeq;
		this.rows = stored.rows;
	}

	/** A batch was committed with these sequence numbers. */
	committed(seqs: readonly number[]): void {
		if (seqs.length) this.seq = seqs[seqs.length - 1] as number;
		this.rows += seqs.length;
	}

	/** The document was read again from the store. */
	reloaded(rows: number): void {
		this.rows = rows;
	}

	/** Enough rows since the last compaction to compact after a batch. */
	get due(): boolean {
		return this.rows >= this.every;
	}

	/** More than one row: a compaction would replace something. */
	get worthwhile(): boolean {
		return this.rows > 1;
	}

	/** One row, `data` (the whole document), instead of the rows so far; synchronous on SQLite, like every write. */
	async write(data: Uint8Array): Promise<void> {
		const ops = [{ type: 'compact' as const, doc: this.doc, upTo: this.seq, data, at: new Date().toISOString() }];
		if (!this.store.writeNow(ops)) await this.store.write(ops);
		this.rows = 1;
	}
}

/**
 * One row change the sync server commits: an accepted update, a refused attempt, or a compaction.
 * An update's sequence number is given by the store, in the transaction that appends it (the next
 * after the document's last row), not by the process: two processes may append to one document.
 * A compaction replaces the rows up to `upTo`, the last sequence number its process committed.
 */
export type WriteOp =
	| { type: 'update'; doc: string; data: Uint8Array; userId: string; newClients: number[]; at: string; reason?: string }
	| { type: 'refused'; doc: string; userId: string; reason: string; bytes: number; at: string }
	| { type: 'compact'; doc: string; upTo: number; data: Uint8Array; at: string };

/** A Uint8Array as the Buffer both drivers store as binary, without copying. */
export const blob = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

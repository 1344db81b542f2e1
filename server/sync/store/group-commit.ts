import type { WriteOp } from './sync-store.ts';

/**
 * Group commit without waiting, for a store's `write`: a commit starts as soon as the code that
 * asked for writes has run (a microtask, not a later turn of the event loop, which under load can
 * be milliseconds away). Everything asked for meanwhile, including while a commit is in flight,
 * goes into the next transaction. A promise resolves only once its transaction has committed; a
 * failing transaction fails every batch in it. `commit` writes the batches in one transaction and
 * returns each one's sequence numbers.
 */
export class GroupCommit {
	private queue: { ops: WriteOp[]; done: (error: unknown, seqs?: number[]) => void }[] = [];
	private scheduled = false;
	private running: Promise<void> = Promise.resolve();
	/** Batches asked for and not yet committed (or failed). */
	pending = 0;

	constructor(private readonly commit: (batches: readonly WriteOp[][]) => Promise<number[][]>) {}

	write(ops: WriteOp[]): Promise<number[]> {
		this.pending++;
		return new Promise((resolve, reject) => {
			this.queue.push({
				ops,
				done: (error, seqs) => {
					this.pending--;
					if (error) reject(error);
					else resolve(seqs ?? []);
				}
			});
			if (!this.scheduled) {
				this.scheduled = true;
				queueMicrotask(() => {
					this.scheduled = false;
					this.running = this.running.then(() => this.next());
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

	private async next(): Promise<void> {
		const batch = this.queue.splice(0);
		if (!batch.length) return;
		try {
			const seqs = await this.commit(batch.map((b) => b.ops));
			for (const [i, { done }] of batch.entries()) done(undefined, seqs[i]);
		} catch (error) {
			for (const { done } of batch) done(error);
		}
	}
}

/**
 * One document's queue of work, handled strictly in order by one drain at a time: `drain` takes
 * items with `next()` until none is left (or it stops); what arrives meanwhile starts another
 * drain once it ends. A drain that throws is reported to `failed` and never reaches the process
 * or other documents.
 */
export class Inbox<T> {
	private readonly items: T[] = [];
	private draining: Promise<void> | null = null;

	constructor(
		private readonly drain: () => Promise<void>,
		private readonly failed: (error: unknown) => void,
		/** True once the document is unusable: nothing more is drained. */
		private readonly stopped: () => boolean
	) {}

	push(item: T): void {
		this.items.push(item);
		this.kick();
	}

	/** The next item, for the drain. */
	next(): T | undefined {
		return this.items.shift();
	}

	/** Items waiting. */
	get length(): number {
		return this.items.length;
	}

	/** True while a drain runs. */
	get busy(): boolean {
		return this.draining !== null;
	}

	/** The drain running now, if any. */
	get current(): Promise<void> | null {
		return this.draining;
	}

	/** Takes every waiting item out (the document is being dropped). */
	clear(): T[] {
		return this.items.splice(0);
	}

	/** Resolves once no drain runs. */
	async settled(): Promise<void> {
		while (this.draining) await this.draining;
	}

	private kick(): void {
		if (this.draining) return;
		this.draining = this.drain()
			.catch((error: unknown) => this.failed(error))
			.finally(() => {
				this.draining = null;
				// Items that arrived while the last batch was being written.
				if (this.items.length && !this.stopped()) this.kick();
			});
	}
}

import { OpsApiError } from '$lib/ops/api.ts';

/**
 * One of the moderation page's lists that staff decide on entry by entry (the posting limits in
 * force, the reviews waiting): read from the server, and an entry leaves the list only once the
 * server recorded the decision on it. A refusal is kept as `refusal`, on the entry it was about;
 * `done` says what was decided last. Only the answer to the latest read counts.
 */
export class DecisionList<T extends { id: string }, D = string> {
	entries = $state.raw<T[]>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	loadError = $state<unknown>(null);
	busy = $state(false);
	refusal = $state<{ id: string; error: unknown } | null>(null);
	done = $state<D | null>(null);
	#asked = 0;

	constructor(private readonly read: () => Promise<T[]>) {}

	async load({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
		const asked = ++this.#asked;
		if (!quiet) {
			this.status = 'loading';
			this.loadError = null;
		}
		try {
			const entries = await this.read();
			if (asked !== this.#asked) return;
			this.entries = entries;
			this.loadError = null;
			this.status = 'ready';
		} catch (error) {
			if (asked !== this.#asked || quiet) return;
			this.loadError = error;
			this.status = 'error';
		}
	}

	/** Takes one decision on entry `id` (one at a time); `done` is what the page says once it is recorded. */
	async decide(id: string, run: () => Promise<unknown>, done: D): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.refusal = null;
		this.done = null;
		try {
			await run();
			this.entries = this.entries.filter((entry) => entry.id !== id);
			this.done = done;
			return true;
		} catch (error) {
			this.refusal = { id, error };
			// It ended, someone decided first, it is gone: the server knows better, read the list again.
			if (error instanceof OpsApiError && [404, 409, 410].includes(error.status)) await this.load({ quiet: true });
			return false;
		} finally {
			this.busy = false;
		}
	}
}

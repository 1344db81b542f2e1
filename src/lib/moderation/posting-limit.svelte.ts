import type { OwnPostingLimit } from '$lib/domain/moderation.ts';
import { fetchOwnLimits, limitIn } from './limits-api.ts';

/** setTimeout's longest wait (about 24.8 days); a longer limit is checked again after that. */
const MAX_WAIT = 2 ** 31 - 1;

/**
 * Whether this resident may write in one municipality's threads now, as a thread shows it: the
 * limit in force there (reason and end), or null. Asked when the thread opens and again after the
 * server refused a message; it clears itself at the limit's end.
 */
export class PostingLimitState {
	limit = $state<OwnPostingLimit | null>(null);
	#timer: ReturnType<typeof setTimeout> | undefined;
	#asked = 0;

	constructor(
		readonly municipality: string,
		private readonly fetcher?: typeof fetch,
		private readonly now: () => number = Date.now
	) {}

	async check(): Promise<void> {
		const asked = ++this.#asked;
		const answer = await fetchOwnLimits(this.fetcher);
		if (asked !== this.#asked || answer.kind === 'unknown') return;
		this.#set(limitIn(answer.limits, this.municipality, this.now()));
	}

	destroy(): void {
		clearTimeout(this.#timer);
		this.#asked++;
	}

	#set(limit: OwnPostingLimit | null): void {
		clearTimeout(this.#timer);
		this.limit = limit;
		if (!limit) return;
		const wait = Date.parse(limit.until) - this.now();
		this.#timer = setTimeout(() => (wait > MAX_WAIT ? void this.check() : this.#set(null)), Math.min(Math.max(wait, 0), MAX_WAIT));
	}
}

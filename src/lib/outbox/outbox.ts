import { retryDelay, type Backoff } from './backoff.ts';
import type { SendOutcome } from './outcome.ts';

/** What every entry of an outbox carries: its id, failed attempts so far, and when (epoch ms) to try next. */
export interface Queued {
	id: string;
	attempts: number;
	nextAttemptAt: number;
}

/** Where an outbox keeps what waits: IndexedDB (Dexie) on the device, memory in tests. */
export interface OutboxQueue<T extends Queued> {
	/** What still waits to be sent, due or not, in the order to send it. */
	waiting(): Promise<T[]>;
	/** A failed attempt: remember how many so far and when to try next. */
	later(entry: T, attempts: number, nextAttemptAt: number): Promise<void>;
}

export interface OutboxOptions<T extends Queued> {
	queue: OutboxQueue<T>;
	/**
	 * Sends one entry. On 'sent' or 'refused' it settles the entry in the queue itself (deletes it,
	 * marks it received or refused); on 'retry' the outbox schedules the next attempt.
	 */
	deliver: (entry: T) => Promise<SendOutcome>;
	backoff: Backoff;
	now?: () => number;
	random?: () => number;
	/** Runs once before a round that has entries due (e.g. the device signs in). */
	beforeRound?: (due: T[]) => Promise<unknown>;
	/** Runs after every round, with what still waits and how many entries were tried. */
	afterRound?: (waiting: T[], tried: number) => unknown;
}

/**
 * The device's one outbox skeleton (reports, panic alerts, whatever comes next): entries wait in a
 * persisted queue, are sent when due, oldest first, and again at once when the browser says it is
 * back online; a retry is put off with `retryDelay` (one jitter policy) and ends the round, since
 * the rest would most likely fail too. While started, a timer wakes it when the next entry is due.
 * Rounds never overlap: a flush asked for during a round gets one more round after it.
 */
export class Outbox<T extends Queued> {
	readonly #options: OutboxOptions<T>;
	readonly #now: () => number;
	#running: Promise<void> | null = null;
	#next: Promise<void> | null = null;
	#nextForced = false;
	#started = false;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: OutboxOptions<T>) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/** Sends every entry that is due (every entry, forced). Resolves when that round is over. */
	flush(options: { force?: boolean } = {}): Promise<void> {
		const force = options.force ?? false;
		if (!this.#running) {
			const round = this.#round(force).finally(() => {
				if (this.#running === round) this.#running = null;
			});
			this.#running = round;
			return round;
		}
		this.#nextForced ||= force;
		const after = () => {
			const forced = this.#nextForced;
			this.#next = null;
			this.#nextForced = false;
			return this.flush({ force: forced });
		};
		return (this.#next ??= this.#running.then(after, after));
	}

	async #round(force: boolean): Promise<void> {
		const { queue, deliver, backoff, beforeRound, afterRound, random } = this.#options;
		let left: T[] | null = null;
		try {
			const now = this.#now();
			const due = (await queue.waiting()).filter((entry) => force || entry.nextAttemptAt <= now);
			if (due.length) await beforeRound?.(due);
			for (const entry of due) {
				if ((await deliver(entry)) !== 'retry') continue;
				const attempts = entry.attempts + 1;
				await queue.later(entry, attempts, this.#now() + retryDelay(attempts, backoff, random));
				// The network is down, most likely: the rest would fail too. They wait for the next round.
				break;
			}
			left = await queue.waiting();
			await afterRound?.(left, due.length);
		} finally {
			this.#schedule(left);
		}
	}

	/** Wakes the outbox when the next entry is due (after a failed round, after the first delay). */
	#schedule(left: T[] | null): void {
		clearTimeout(this.#timer);
		if (!this.#started || (left && !left.length)) return;
		const wait = left ? Math.min(...left.map((e) => e.nextAttemptAt)) - this.#now() : this.#options.backoff.firstMs;
		this.#timer = setTimeout(() => void this.flush().catch(() => undefined), Math.max(0, wait));
	}

	/** Sends now, then when due and whenever the browser says the network is back. Returns the stop. */
	start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		const online = () => void this.flush({ force: true }).catch(() => undefined);
		target.addEventListener('online', online);
		this.#started = true;
		void this.flush().catch(() => undefined);
		return () => {
			this.#started = false;
			target.removeEventListener('online', online);
			clearTimeout(this.#timer);
		};
	}
}

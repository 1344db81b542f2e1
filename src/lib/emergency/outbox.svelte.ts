import type { Backoff } from '$lib/outbox/backoff.ts';
import { Outbox } from '$lib/outbox/outbox.ts';
import { sendOutcome, type SendOutcome } from '$lib/outbox/outcome.ts';
import type { PanicAlert } from './alert.ts';

/** A panic alert waiting on the device for a network. Its time is the alert's own `claimedAt`. */
export interface OutboxEntry {
	id: string;
	alert: PanicAlert;
	attempts: number;
	/** Epoch ms: not before this. */
	nextAttemptAt: number;
	lastError: string | null;
}

export interface OutboxStore {
	all(): Promise<OutboxEntry[]>;
	put(entry: OutboxEntry): Promise<void>;
	delete(id: string): Promise<void>;
}

export type Sender = (alert: PanicAlert) => Promise<SendOutcome>;

/** An alert's next attempt: 2 s doubling up to 5 minutes (±20 %, the outbox's one jitter). */
export const PANIC_BACKOFF: Backoff = { firstMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Posts one alert to the server. A network failure, or no answer within 15 s (a connection that
 * looks up but carries nothing), is a retry, never an error for the caller.
 */
export const postAlert: Sender = async (alert) =>
	(
		await sendOutcome(() =>
			fetch('/api/panic', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(alert),
				signal: AbortSignal.timeout(15_000)
			})
		)
	).outcome;

/**
 * Panic alerts that have not reached the server yet. An alert is stored before the first attempt,
 * so closing the app or losing the battery does not lose it; it is sent when the network returns,
 * retried with backoff, and deleted from the device once the server has it.
 */
export class PanicOutbox {
	/** How many alerts wait to be sent. */
	pending = $state(0);
	/** Alerts the server refused as malformed (should not happen; shown so it is not silent). */
	rejected = $state(0);
	readonly #store: OutboxStore;
	/** The one outbox skeleton over the alerts' store, oldest alert first. */
	readonly #outbox: Outbox<OutboxEntry>;

	constructor(store: OutboxStore, send: Sender = postAlert, options: { backoff?: Backoff; now?: () => number } = {}) {
		this.#store = store;
		this.#outbox = new Outbox<OutboxEntry>({
			queue: {
				waiting: async () => (await store.all()).sort((a, b) => a.alert.claimedAt.localeCompare(b.alert.claimedAt)),
				later: (entry, attempts, nextAttemptAt) => store.put({ ...entry, attempts, nextAttemptAt, lastError: 'network' })
			},
			deliver: async (entry) => {
				const outcome = await send(entry.alert);
				if (outcome === 'retry') return outcome;
				await store.delete(entry.id);
				if (outcome === 'refused') this.rejected += 1;
				return outcome;
			},
			backoff: options.backoff ?? PANIC_BACKOFF,
			...(options.now ? { now: options.now } : {}),
			afterRound: (left) => (this.pending = left.length)
		});
	}

	async refreshCount(): Promise<void> {
		this.pending = (await this.#store.all()).length;
	}

	/** Keeps the alert on the device first, then tries to send everything due. */
	async enqueue(alert: PanicAlert): Promise<void> {
		await this.#store.put({ id: alert.id, alert, attempts: 0, nextAttemptAt: 0, lastError: null });
		this.pending = (await this.#store.all()).length;
		await this.flush();
	}

	/** Whether the alert with this id is still waiting. */
	async isPending(id: string): Promise<boolean> {
		return (await this.#store.all()).some((e) => e.id === id);
	}

	/** Sends every alert that is due (or every alert, forced), oldest first. Rounds never overlap. */
	flush(options: { force?: boolean } = {}): Promise<void> {
		return this.#outbox.flush(options);
	}

	/** Sends at start, when due, and whenever the browser says the network is back. Returns a stop function. */
	start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		return this.#outbox.start(target);
	}
}

import { outcomeOf, retryDelay, type Backoff, defaultBackoff, type SendOutcome } from './backoff.ts';
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

/**
 * Posts one alert to the server. A network failure, or no answer within 15 s (a connection that
 * looks up but carries nothing), is a retry, never an error for the caller.
 */
export const postAlert: Sender = async (alert) => {
	try {
		const response = await fetch('/api/panic', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(alert),
			signal: AbortSignal.timeout(15_000)
		});
		return outcomeOf(response.status);
	} catch {
		return 'retry';
	}
};

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
	readonly #send: Sender;
	readonly #backoff: Backoff;
	readonly #now: () => number;
	#flushing: Promise<void> = Promise.resolve();
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(store: OutboxStore, send: Sender = postAlert, options: { backoff?: Backoff; now?: () => number } = {}) {
		this.#store = store;
		this.#send = send;
		this.#backoff = options.backoff ?? defaultBackoff;
		this.#now = options.now ?? Date.now;
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

	/** Sends every alert that is due (or every alert, forced), oldest first. Passes run one after another. */
	flush(options: { force?: boolean } = {}): Promise<void> {
		const pass = this.#flushing.then(() => this.#flushOnce(options.force ?? false));
		this.#flushing = pass.catch(() => undefined);
		return pass;
	}

	async #flushOnce(force: boolean): Promise<void> {
		const entries = (await this.#store.all()).sort((a, b) => a.alert.claimedAt.localeCompare(b.alert.claimedAt));
		for (const entry of entries) {
			if (!force && entry.nextAttemptAt > this.#now()) continue;
			const outcome = await this.#send(entry.alert);
			if (outcome === 'sent') {
				await this.#store.delete(entry.id);
			} else if (outcome === 'rejected') {
				await this.#store.delete(entry.id);
				this.rejected += 1;
			} else {
				const attempts = entry.attempts + 1;
				await this.#store.put({ ...entry, attempts, nextAttemptAt: this.#now() + retryDelay(attempts, this.#backoff), lastError: 'network' });
			}
		}
		const left = await this.#store.all();
		this.pending = left.length;
		this.#schedule(left);
	}

	#schedule(left: OutboxEntry[]): void {
		clearTimeout(this.#timer);
		if (!left.length || typeof setTimeout === 'undefined') return;
		const next = Math.min(...left.map((e) => e.nextAttemptAt));
		this.#timer = setTimeout(() => void this.flush(), Math.max(0, next - this.#now()));
	}

	/** Sends at start and whenever the browser says the network is back. Returns a stop function. */
	start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		const onOnline = () => void this.flush({ force: true });
		target.addEventListener('online', onOnline);
		void this.flush();
		return () => {
			target.removeEventListener('online', onOnline);
			clearTimeout(this.#timer);
		};
	}
}

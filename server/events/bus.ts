/**
 * Events after commit. A feature publishes an event only once the transaction that made it true has
 * committed; whoever needs to act on it (alert streams, the feed documents, the sync server closing
 * sockets) subscribes, and the publisher knows none of them.
 *
 * `EventBus` is the interface; `InProcessBus` is the one implementation, for one server process. A
 * bus shared by several processes (Redis pub/sub) implements the same two methods: `publish` sends
 * the event to the others and runs this process's listeners; `subscribe` listens to both.
 */
export interface EventBus<E> {
	/**
	 * Publishes a committed event. Listeners run in the order they subscribed; the promise resolves
	 * once every listener of this process has finished (an answer that must follow their work, such
	 * as a report's document existing when the device opens it, awaits it). A listener that throws
	 * or rejects is logged and does not stop the others, nor the publisher.
	 */
	publish<K extends keyof E>(name: K, event: E[K]): Promise<void>;
	/** Returns the unsubscribe function. */
	subscribe<K extends keyof E>(name: K, listener: (event: E[K]) => void | Promise<void>): () => void;
}

type Listener = (event: never) => void | Promise<void>;

export class InProcessBus<E> implements EventBus<E> {
	readonly #listeners = new Map<keyof E, Set<Listener>>();

	constructor(private readonly onError: (name: string, error: unknown) => void = () => {}) {}

	async publish<K extends keyof E>(name: K, event: E[K]): Promise<void> {
		const pending: Promise<void>[] = [];
		for (const listener of [...(this.#listeners.get(name) ?? [])] as ((e: E[K]) => void | Promise<void>)[]) {
			try {
				const result = listener(event);
				if (result) pending.push(result.catch((error: unknown) => this.onError(String(name), error)));
			} catch (error) {
				this.onError(String(name), error);
			}
		}
		await Promise.all(pending);
	}

	subscribe<K extends keyof E>(name: K, listener: (event: E[K]) => void | Promise<void>): () => void {
		let set = this.#listeners.get(name);
		if (!set) this.#listeners.set(name, (set = new Set()));
		const entry = listener as Listener;
		set.add(entry);
		return () => set.delete(entry);
	}
}

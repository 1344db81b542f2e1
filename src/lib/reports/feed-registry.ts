import { untrack } from 'svelte';
import { syncServerUrl } from '$lib/sync/url.ts';
import { ReportFeedState } from './feed.svelte.ts';

/** One consumer's hold on a shared feed: read `feed`, call `release` once when done. */
export interface FeedLease {
	readonly feed: ReportFeedState;
	/** Gives the feed back; the last release closes it (socket, y-indexeddb copy). Idempotent. */
	release(): void;
}

interface Entry {
	feed: ReportFeedState;
	users: number;
}

/**
 * One `ReportFeedState` per municipality on the device, shared by everything that follows that
 * feed (the home page's list and map, the report flow's suggestions, the alerts watcher), so
 * `feed:<municipality>` is opened once: one socket, one y-indexeddb copy (the feed's only copy on the device).
 * The first `acquire` loads and follows the feed (`start`); the last `release` destroys it.
 * Consumers read the feed and never call `load`, `subscribe` or `destroy` on it themselves.
 */
export class FeedRegistry {
	readonly #feeds = new Map<string, Entry>();
	readonly #start: (feed: ReportFeedState, municipality: string) => void;
	readonly #create: () => ReportFeedState;

	constructor(start: (feed: ReportFeedState, municipality: string) => void, create: () => ReportFeedState = () => new ReportFeedState()) {
		this.#start = start;
		this.#create = create;
	}

	acquire(municipality: string): FeedLease {
		// Consumers acquire from effects: what the feed reads while starting must not become the
		// effect's dependencies (a re-run would release and reopen the feed).
		return untrack(() => {
			let entry = this.#feeds.get(municipality);
			if (!entry) {
				const feed = this.#create();
				entry = { feed, users: 0 };
				this.#feeds.set(municipality, entry);
				this.#start(feed, municipality);
			}
			entry.users++;
			const held = entry;
			let released = false;
			return {
				feed: held.feed,
				release: () => {
					if (released) return;
					released = true;
					held.users--;
					if (held.users > 0 || this.#feeds.get(municipality) !== held) return;
					this.#feeds.delete(municipality);
					held.feed.destroy();
				}
			};
		});
	}

	/** How many consumers hold this municipality's feed (0: not open). */
	users(municipality: string): number {
		return this.#feeds.get(municipality)?.users ?? 0;
	}
}

let shared: FeedRegistry | undefined;

/** The device's registry: feeds read their y-indexeddb copy and follow this origin's sync server. */
export function feedRegistry(): FeedRegistry {
	return (shared ??= new FeedRegistry((feed, municipality) => {
		void feed.load(municipality).then(() => feed.subscribe({ serverUrl: syncServerUrl(location) }));
	}));
}

/** This municipality's feed, shared with every other consumer on the device. */
export function acquireFeed(municipality: string): FeedLease {
	return feedRegistry().acquire(municipality);
}

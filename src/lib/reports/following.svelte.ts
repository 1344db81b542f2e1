import { isoNow } from '$lib/domain/time.ts';
import { reportsDb, type ReportsDb } from './db.ts';

/**
 * The reports this resident follows ("Follow this one"), kept only on the device
 * (`cuadra-reports.following`). Components read `has`; `follow` writes and updates at once.
 */
export class FollowingState {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
	ids = $state.raw<ReadonlySet<string>>(new Set());
	loaded = $state(false);
	readonly #db: ReportsDb;
	#loading: Promise<void> | null = null;

	constructor(db: ReportsDb) {
		this.#db = db;
	}

	/** Reads the device's list (once; later calls share it). */
	load(): Promise<void> {
		return (this.#loading ??= this.#db.following.toArray().then((rows) => {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
			this.ids = new Set([...rows.map((r) => r.id), ...this.ids]);
			this.loaded = true;
		}));
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	async follow(id: string, since: string = isoNow()): Promise<void> {
		await this.#db.following.put({ id, since });
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
		this.ids = new Set([...this.ids, id]);
	}
}

let shared: FollowingState | undefined;
/** The device's one list of followed reports. */
export function followingState(): FollowingState {
	return (shared ??= new FollowingState(reportsDb()));
}

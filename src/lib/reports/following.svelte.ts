import { reportsDb, type ReportsDb } from './db.ts';

/**
 * The reports this resident follows ("Follow this one"), kept only on the device
 * (`cuadra-reports.following`). Components read `has`; `follow` writes and updates at once.
 */
export class FollowingState {
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
			this.ids = new Set([...rows.map((r) => r.id), ...this.ids]);
			this.loaded = true;
		}));
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	async follow(id: string, now: Date = new Date()): Promise<void> {
		await this.#db.following.put({ id, since: now.toISOString() });
		this.ids = new Set([...this.ids, id]);
	}
}

let shared: FollowingState | undefined;
/** The device's one list of followed reports. */
export function followingState(): FollowingState {
	return (shared ??= new FollowingState(reportsDb()));
}

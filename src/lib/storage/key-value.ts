import Dexie, { type EntityTable } from 'dexie';

/** A small durable key-value store on the device, for settings and cached configuration. */
export interface KeyValueStore {
	get<T>(key: string): Promise<T | undefined>;
	set<T>(key: string, value: T): Promise<void>;
	delete(key: string): Promise<void>;
}

interface Entry {
	key: string;
	value: unknown;
	updatedAt: number;
}

/**
 * Each feature keeps its own IndexedDB database (`cuadra-<feature>`), so features evolve their
 * schemas independently and one can be cleared without touching another.
 */
export class DexieKeyValueStore implements KeyValueStore {
	readonly #db: Dexie & { entries: EntityTable<Entry, 'key'> };

	constructor(name: string, options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		this.#db = new Dexie(name, options) as Dexie & { entries: EntityTable<Entry, 'key'> };
		this.#db.version(1).stores({ entries: 'key' });
	}

	async get<T>(key: string): Promise<T | undefined> {
		return (await this.#db.entries.get(key))?.value as T | undefined;
	}

	async set<T>(key: string, value: T): Promise<void> {
		await this.#db.entries.put({ key, value, updatedAt: Date.now() });
	}

	async delete(key: string): Promise<void> {
		await this.#db.entries.delete(key);
	}

	close(): void {
		this.#db.close();
	}
}

/** For code paths that must work when IndexedDB is unavailable (private modes, tests). */
export class MemoryKeyValueStore implements KeyValueStore {
	readonly #map = new Map<string, unknown>();
	async get<T>(key: string) {
		return structuredClone(this.#map.get(key)) as T | undefined;
	}
	async set<T>(key: string, value: T) {
		this.#map.set(key, structuredClone(value));
	}
	async delete(key: string) {
		this.#map.delete(key);
	}
}

import { DexieKeyValueStore, MemoryKeyValueStore, type KeyValueStore } from '$lib/storage/key-value.ts';

const KEY = 'practice-mode';

/**
 * Practice mode, shared by every feature that can alert people (the panic button, reports).
 * In practice, features go through every step and send nothing, and say so.
 *
 * A new resident starts in practice: first-time users "trying it out" must not alert anyone.
 * Until the stored choice has been read, the mode is practice too (the safe side).
 */
export class PracticeMode {
	enabled = $state(true);
	/** Whether the stored choice has been read. */
	loaded = $state(false);
	readonly #store: KeyValueStore;

	constructor(store: KeyValueStore) {
		this.#store = store;
	}

	async load(): Promise<void> {
		try {
			const stored = await this.#store.get<boolean>(KEY);
			if (typeof stored === 'boolean') this.enabled = stored;
		} catch {
			// Unreadable storage: stay in practice.
		}
		this.loaded = true;
	}

	async set(enabled: boolean): Promise<void> {
		this.enabled = enabled;
		await this.#store.set(KEY, enabled).catch(() => undefined);
	}
}

function deviceStore(): KeyValueStore {
	return typeof indexedDB === 'undefined' ? new MemoryKeyValueStore() : new DexieKeyValueStore('cuadra-practice');
}

export const practice = new PracticeMode(deviceStore());

import { publicConfigSchema, type PublicConfig, type PublicMunicipality } from '$lib/domain/municipality.ts';
import { isoNow } from '$lib/domain/time.ts';
import { DexieKeyValueStore, MemoryKeyValueStore, type KeyValueStore } from '$lib/storage/key-value.ts';

export interface StoredConfig {
	config: PublicConfig;
	/** When the server last answered, as the device's clock saw it. */
	fetchedAt: string;
}

export type ConfigStatus = 'loading' | 'ready' | 'empty' | 'error';

const CONFIG_KEY = 'public-config';
const HOME_KEY = 'home-municipality';

/**
 * The municipalities' public configuration (boundaries, categories, emergency numbers), kept on the
 * device at the first visit and refreshed whenever the server answers, so everything that depends on
 * it works in airplane mode.
 */
export class PublicConfigState {
	stored = $state<StoredConfig | null>(null);
	status = $state<ConfigStatus>('loading');
	/** The municipality the resident chose as theirs; null until they choose. */
	homeId = $state<string | null>(null);
	readonly #store: KeyValueStore;
	readonly #fetch: typeof fetch;

	constructor(store: KeyValueStore, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
		this.#store = store;
		this.#fetch = fetchImpl;
	}

	get config(): PublicConfig | null {
		return this.stored?.config ?? null;
	}

	get municipalities(): PublicMunicipality[] {
		return this.config?.municipalities ?? [];
	}

	get home(): PublicMunicipality | undefined {
		return this.municipalities.find((m) => m.id === this.homeId);
	}

	/** Reads what the device has, then asks the server for anything newer. */
	async load(): Promise<void> {
		try {
			const [stored, homeId] = await Promise.all([
				this.#store.get<StoredConfig>(CONFIG_KEY),
				this.#store.get<string>(HOME_KEY)
			]);
			const valid = stored && publicConfigSchema.safeParse(stored.config).success ? stored : null;
			this.stored = valid;
			this.homeId = homeId ?? null;
			if (valid) this.status = 'ready';
		} catch {
			// Storage can fail (private mode, quota): carry on with what the network gives.
		}
		await this.refresh();
	}

	/** Fetches /api/config. Offline or refused, the stored copy stays as it is. */
	async refresh(): Promise<boolean> {
		try {
			const response = await this.#fetch('/api/config', { headers: { accept: 'application/json' } });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const config = publicConfigSchema.parse(await response.json());
			const stored = { config, fetchedAt: isoNow() };
			this.stored = stored;
			this.status = 'ready';
			await this.#store.set(CONFIG_KEY, stored).catch(() => undefined);
			return true;
		} catch {
			if (!this.stored) this.status = navigator.onLine === false ? 'empty' : 'error';
			return false;
		}
	}

	async chooseHome(id: string): Promise<void> {
		this.homeId = id;
		await this.#store.set(HOME_KEY, id);
	}
}

function deviceStore(): KeyValueStore {
	return typeof indexedDB === 'undefined' ? new MemoryKeyValueStore() : new DexieKeyValueStore('cuadra-config');
}

export const publicConfig = new PublicConfigState(deviceStore());

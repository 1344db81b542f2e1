export type PersistOutcome = 'granted' | 'denied' | 'unsupported';

/**
 * Asks the browser not to evict Cuadra's storage. Called the first time the person keeps something
 * of their own on the device (a setting, a draft, a contact), when the request makes sense to them,
 * never on first load.
 */
export async function requestPersistentStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<PersistOutcome> {
	if (!storage?.persist) return 'unsupported';
	try {
		if (await storage.persisted()) return 'granted';
		return (await storage.persist()) ? 'granted' : 'denied';
	} catch {
		return 'denied';
	}
}

import { describe, expect, it } from 'vitest';
import { requestPersistentStorage } from './persist.ts';

function storage(persisted: boolean, grant: boolean | Error) {
	let asked = 0;
	return {
		get asked() {
			return asked;
		},
		persisted: async () => persisted,
		persist: async () => {
			asked++;
			if (grant instanceof Error) throw grant;
			return grant;
		}
	};
}

describe('requestPersistentStorage', () => {
	it('does not ask again when storage is already persistent', async () => {
		const s = storage(true, false);
		expect(await requestPersistentStorage(s as unknown as StorageManager)).toBe('granted');
		expect(s.asked).toBe(0);
	});

	it('reports what the browser decided', async () => {
		expect(await requestPersistentStorage(storage(false, true) as unknown as StorageManager)).toBe('granted');
		expect(await requestPersistentStorage(storage(false, false) as unknown as StorageManager)).toBe('denied');
		expect(await requestPersistentStorage(storage(false, new Error('nope')) as unknown as StorageManager)).toBe('denied');
	});

	it('says when the browser cannot do it at all', async () => {
		expect(await requestPersistentStorage(undefined)).toBe('unsupported');
	});
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieKeyValueStore } from './key-value.ts';

describe('DexieKeyValueStore', () => {
	it('keeps values across reopening the database', async () => {
		const indexedDB = new IDBFactory();
		const first = new DexieKeyValueStore('cuadra-test', { indexedDB, IDBKeyRange });
		await first.set('numbers', [{ number: '133' }]);
		first.close();

		const second = new DexieKeyValueStore('cuadra-test', { indexedDB, IDBKeyRange });
		expect(await second.get('numbers')).toEqual([{ number: '133' }]);
		await second.delete('numbers');
		expect(await second.get('numbers')).toBeUndefined();
		second.close();
	});
});

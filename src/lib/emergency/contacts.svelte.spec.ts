import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ContactsState } from './contacts.svelte.ts';
import { EmergencyDb, dexieContactStore } from './db.ts';

let n = 0;
const fresh = () => {
	const db = new EmergencyDb();
	return { db, store: dexieContactStore(db) };
};
const ids = () => `id-${++n}`;

describe('ContactsState', () => {
	it('adds, edits and keeps contacts on the device across loads', async () => {
		const { db, store } = fresh();
		await db.contacts.clear();
		let asked = 0;
		const contacts = new ContactsState(store, { newId: ids, onFirstSave: () => asked++ });
		await contacts.load();
		expect(contacts.list).toEqual([]);

		expect((await contacts.add({ name: 'Marta', phone: '+56 9 1111 1111' })).ok).toBe(true);
		expect((await contacts.add({ name: 'Luis', phone: '922222222' })).ok).toBe(true);
		expect(asked).toBe(1);
		const marta = contacts.list[0]!;
		expect((await contacts.update(marta.id, { name: 'Marta P.', phone: '+56 9 3333 3333' })).ok).toBe(true);

		const again = new ContactsState(store);
		await again.load();
		expect(again.list.map((c) => [c.name, c.dial])).toEqual([
			['Marta P.', '+56933333333'],
			['Luis', '922222222']
		]);
		expect(again.numbers).toEqual(['+56933333333', '922222222']);
		db.close();
	});

	it('returns the problems of an invalid contact and saves nothing', async () => {
		const { db, store } = fresh();
		await db.contacts.clear();
		const contacts = new ContactsState(store, { newId: ids });
		await contacts.load();
		expect(await contacts.add({ name: '', phone: 'x' })).toEqual({ ok: false, problems: { name: 'name_missing', phone: 'phone_invalid' } });
		expect(await store.all()).toEqual([]);
		db.close();
	});

	it('stops at ten contacts', async () => {
		const { db, store } = fresh();
		await db.contacts.clear();
		const contacts = new ContactsState(store, { newId: ids });
		await contacts.load();
		for (let i = 0; i < 10; i++) expect((await contacts.add({ name: `C${i}`, phone: `9000000${i}0` })).ok).toBe(true);
		expect(contacts.full).toBe(true);
		expect(await contacts.add({ name: 'Eleven', phone: '911111111' })).toEqual({ ok: false, problems: { form: 'too_many' } });
		expect((await store.all()).length).toBe(10);
		db.close();
	});

	it('deletes and undoes the delete, in the same place', async () => {
		const { db, store } = fresh();
		await db.contacts.clear();
		const contacts = new ContactsState(store, { newId: ids });
		await contacts.load();
		await contacts.add({ name: 'A', phone: '911111111' });
		await contacts.add({ name: 'B', phone: '922222222' });
		await contacts.add({ name: 'C', phone: '933333333' });
		const b = contacts.list[1]!;
		await contacts.remove(b.id);
		expect(contacts.list.map((c) => c.name)).toEqual(['A', 'C']);
		expect((await store.all()).map((c) => c.name)).toEqual(['A', 'C']);
		expect(await contacts.undo()).toBe(true);
		expect(contacts.list.map((c) => c.name)).toEqual(['A', 'B', 'C']);
		expect((await store.all()).map((c) => c.name)).toEqual(['A', 'B', 'C']);
		expect(await contacts.undo()).toBe(false);
		db.close();
	});
});

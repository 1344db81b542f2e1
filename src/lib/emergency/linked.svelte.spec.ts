import { describe, expect, it } from 'vitest';
import type { LinkedPerson } from './db.ts';
import { LinkedContacts, type LinkedStore } from './linked.svelte.ts';
import type { LinksApi } from './links-api.ts';

class Memory implements LinkedStore {
	map = new Map<string, LinkedPerson>();
	async all() {
		return [...this.map.values()];
	}
	async put(p: LinkedPerson) {
		this.map.set(p.subjectId, p);
	}
	async delete(id: string) {
		this.map.delete(id);
	}
}

function fakeApi(over: Partial<LinksApi> = {}): LinksApi {
	return {
		createInvite: async () => ({ ok: true, data: { code: 'ABCD2345', expiresAt: '2026-11-22T10:00:00.000Z' } }),
		redeem: async () => ({ ok: true, data: { subjectId: 'marta' } }),
		list: async () => ({ ok: true, data: { watching: [{ subjectId: 'marta', since: 'x' }], watchedBy: [{ watcherId: 'w1', since: 'y' }] } }),
		stopWatching: async () => ({ ok: true, data: undefined }),
		removeWatcher: async () => ({ ok: true, data: undefined }),
		...over
	};
}

describe('LinkedContacts', () => {
	it('names a linked person on this device only, and forgets links the other side ended', async () => {
		const store = new Memory();
		const linked = new LinkedContacts(store, fakeApi(), async () => true);
		expect(await linked.redeem('abcd 2345', '  Mamá ')).toBe(true);
		expect(linked.nameOf('marta')).toBe('Mamá');
		await store.put({ subjectId: 'gone', name: 'Old', since: 'z' });
		await linked.load({ server: true });
		expect(linked.watching.map((p) => p.subjectId)).toEqual(['marta']);
		expect([...store.map.keys()]).toEqual(['marta']);
		expect(linked.watchedBy).toEqual([{ watcherId: 'w1', since: 'y' }]);
	});

	it('asks for a name, and explains a refused code or no network', async () => {
		const linked = new LinkedContacts(new Memory(), fakeApi({ redeem: async () => ({ ok: false, code: 'invalid_code' }) }), async () => true);
		expect(await linked.redeem('ABCD2345', ' ')).toBe(false);
		expect(linked.problem).toBe('name_missing');
		expect(await linked.redeem('ABCD2345', 'Ana')).toBe(false);
		expect(linked.problem).toBe('invalid_code');
		const offline = new LinkedContacts(new Memory(), fakeApi(), async () => false);
		expect(await offline.createInvite()).toBe(false);
		expect(offline.problem).toBe('offline');
		expect(offline.invite).toBeNull();
	});

	it('shows a new invite code and ends links from either side', async () => {
		const store = new Memory();
		const linked = new LinkedContacts(store, fakeApi(), async () => true);
		expect(await linked.createInvite()).toBe(true);
		expect(linked.invite?.code).toBe('ABCD2345');
		await linked.redeem('ABCD2345', 'Marta');
		await linked.load({ server: true });
		expect(await linked.stopWatching('marta')).toBe(true);
		expect(linked.watching).toEqual([]);
		expect(await linked.removeWatcher('w1')).toBe(true);
		expect(linked.watchedBy).toEqual([]);
	});
});

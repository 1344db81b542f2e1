import { describe, expect, it } from 'vitest';
import { deleteAccount, fetchExport, forgetAccountOnDevice, isAccountDatabase } from './account-data.ts';
import { SECRET_KEY } from './device-credential.ts';

describe('account data on the device', () => {
	it('names the databases that belong to the account', () => {
		expect(['cuadra-sync:report:1', 'cuadra-reports', 'cuadra-emergency'].every(isAccountDatabase)).toBe(true);
		expect(['cuadra-config', 'cuadra-practice'].some(isAccountDatabase)).toBe(false);
	});

	it('forgets the secret and the cached account, and deletes only the account’s databases', async () => {
		const removed: string[] = [];
		const deleted: string[] = [];
		const factory = {
			databases: async () => [{ name: 'cuadra-config' }, { name: 'cuadra-reports' }, { name: 'cuadra-sync:report:x' }],
			deleteDatabase(name: string) {
				deleted.push(name);
				const request = {} as IDBOpenDBRequest;
				queueMicrotask(() => request.onsuccess?.({} as Event));
				return request;
			}
		} as unknown as IDBFactory;
		await forgetAccountOnDevice({ removeItem: (key) => removed.push(key) }, factory);
		expect(removed).toEqual([SECRET_KEY, 'cuadra.user']);
		expect(deleted.sort()).toEqual(['cuadra-reports', 'cuadra-sync:report:x']);
	});

	it('sends the confirmation and tells failures apart', async () => {
		let sent: RequestInit | undefined;
		const ok = await deleteAccount(async (_url, init) => ((sent = init), new Response('{}', { status: 200 })));
		expect(ok).toEqual({ ok: true });
		expect(sent?.method).toBe('DELETE');
		expect(JSON.parse(String(sent?.body))).toEqual({ confirm: true });
		expect(await deleteAccount(async () => new Response('{}', { status: 403 }))).toEqual({ ok: false, failure: 'refused' });
		expect(await deleteAccount(async () => Promise.reject(new TypeError('offline')))).toEqual({ ok: false, failure: 'offline' });
		expect(await fetchExport(async () => new Response('{}', { status: 401 }))).toEqual({ ok: false, failure: 'signed_out' });
		const file = await fetchExport(async () => new Response('{"a":1}', { headers: { 'content-disposition': 'attachment; filename="cuadra-my-data-2026-01-01.json"' } }));
		expect(file.ok && file.filename).toBe('cuadra-my-data-2026-01-01.json');
	});
});

import { describe, expect, it } from 'vitest';
import type { Contact } from './contact.ts';
import { ContactsBackup, type BackupApi, type SecretKeeper } from './backup.svelte.ts';

/** A server that stores what it is given and can read none of it. */
function fakeServer() {
	const blobs = new Map<string, string>();
	let online = true;
	const api: BackupApi = {
		put: async (id, blob) => (online ? (blobs.set(id, blob), { ok: true, data: undefined }) : { ok: false, code: 'offline' }),
		get: async (id) => (blobs.has(id) ? { ok: true, data: { blob: blobs.get(id)!, updatedAt: 'x' } } : { ok: false, code: 'not_found' }),
		remove: async (id) => (blobs.delete(id) ? { ok: true, data: undefined } : { ok: false, code: 'not_found' })
	};
	return { api, blobs, setOnline: (v: boolean) => (online = v) };
}

function keeper(): SecretKeeper {
	let secret: Uint8Array | null = null;
	return { get: async () => secret, set: async (s) => void (secret = s) };
}

const contact = (name: string, phone: string): Contact => ({ id: name, name, phone, dial: phone.replace(/\D/g, ''), createdAt: 'x', position: 0 });

describe('ContactsBackup', () => {
	it('is off until turned on; then only ciphertext reaches the server and a new phone restores with the code', async () => {
		const server = fakeServer();
		const phone = new ContactsBackup(server.api, keeper(), async () => true);
		await phone.load();
		expect(phone.enabled).toBe(false);
		await phone.sync([contact('Marta', '+56 9 1111 2222')]);
		expect(server.blobs.size).toBe(0);

		expect(await phone.enable([contact('Marta', '+56 9 1111 2222')])).toBe(true);
		expect(phone.code).toMatch(/^([A-Z2-9]{4}-){6}[A-Z2-9]{4}$/);
		expect([...server.blobs.values()].join()).not.toContain('Marta');
		await phone.sync([contact('Marta', '+56 9 1111 2222'), contact('Luis', '933334444')]);

		const newPhone = new ContactsBackup(server.api, keeper(), async () => true);
		expect(await newPhone.restore(phone.code!.toLowerCase())).toEqual([
			{ name: 'Marta', phone: '+56 9 1111 2222' },
			{ name: 'Luis', phone: '933334444' }
		]);
		expect(await newPhone.restore('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAB')).toBeNull();
		expect(newPhone.problem).toBe('invalid_code');
	});

	it('says when a change could not be uploaded, and turning it off deletes the server copy', async () => {
		const server = fakeServer();
		const phone = new ContactsBackup(server.api, keeper(), async () => true);
		await phone.enable([]);
		server.setOnline(false);
		await phone.sync([contact('Ana', '911111111')]);
		expect(phone.behind).toBe(true);
		server.setOnline(true);
		await phone.sync([contact('Ana', '911111111')]);
		expect(phone.behind).toBe(false);
		expect(await phone.disable()).toBe(true);
		expect(server.blobs.size).toBe(0);
		expect(phone.enabled).toBe(false);
	});
});

import { SECRET_KEY } from './device-credential.ts';

/** localStorage key of the last `GET /api/auth/me` answer (src/lib/reports/me.ts). */
const LAST_USER_KEY = 'cuadra.user';

/** IndexedDB databases that belong to the account: its reports, its emergency links, document copies. */
export function isAccountDatabase(name: string): boolean {
	return name.startsWith('cuadra-sync:') || name === 'cuadra-reports' || name === 'cuadra-emergency';
}

export type AccountFailure = 'offline' | 'signed_out' | 'refused' | 'failed';

function failureOf(status: number): AccountFailure {
	return status === 401 ? 'signed_out' : status === 403 ? 'refused' : 'failed';
}

/** Everything the server keeps about this account, as a JSON file to save. */
export async function fetchExport(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<{ ok: true; blob: Blob; filename: string } | { ok: false; failure: AccountFailure }> {
	let response: Response;
	try {
		response = await fetchImpl('/api/account/export', { credentials: 'same-origin', headers: { accept: 'application/json' } });
	} catch {
		return { ok: false, failure: 'offline' };
	}
	if (!response.ok) return { ok: false, failure: failureOf(response.status) };
	const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'cuadra-my-data.json';
	return { ok: true, blob: new Blob([await response.text()], { type: 'application/json' }), filename };
}

/** Deletes the account on the server. It cannot be undone. */
export async function deleteAccount(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<{ ok: true } | { ok: false; failure: AccountFailure }> {
	let response: Response;
	try {
		response = await fetchImpl('/api/account', {
			method: 'DELETE',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ confirm: true })
		});
	} catch {
		return { ok: false, failure: 'offline' };
	}
	return response.ok ? { ok: true } : { ok: false, failure: failureOf(response.status) };
}

function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = factory.deleteDatabase(name);
		request.onsuccess = request.onerror = () => resolve();
		// An open connection that never closes must not hold the reset forever.
		setTimeout(resolve, 3000);
	});
}

/**
 * After the account is deleted: this device forgets it and starts fresh. The device secret, the
 * cached account, the resident's reports, emergency links and copies of documents go; the chosen
 * language and home municipality stay. The next feature that needs an account creates a new one.
 */
export async function forgetAccountOnDevice(storage: Pick<Storage, 'removeItem'> = localStorage, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<void> {
	storage.removeItem(SECRET_KEY);
	storage.removeItem(LAST_USER_KEY);
	if (!factory) return;
	const known = typeof factory.databases === 'function' ? (await factory.databases()).map((d) => d.name ?? '') : ['cuadra-reports', 'cuadra-emergency'];
	await Promise.all(known.filter(isAccountDatabase).map((name) => deleteDatabase(factory, name)));
}

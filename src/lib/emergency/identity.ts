import { SECRET_KEY, signInDevice } from '$lib/account/device-credential.ts';

/** Whether this device has ever signed in (it keeps a device secret). */
export function hasDeviceAccount(): boolean {
	try {
		return !!localStorage.getItem(SECRET_KEY);
	} catch {
		return false;
	}
}

/**
 * Makes sure the device has a live session, signing it in (and creating its pseudonymous account on
 * first use) when needed. Only features that need an identity call this: linking contacts, and the
 * alerts of linked people. Resolves to whether a session exists now.
 */
export async function ensureSignedIn(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<boolean> {
	try {
		if (hasDeviceAccount()) {
			const me = await fetchImpl('/api/auth/me', { credentials: 'same-origin' });
			if (me.ok) return true;
		}
		await signInDevice({ store: localStorage, fetch: fetchImpl });
		return true;
	} catch {
		return false;
	}
}

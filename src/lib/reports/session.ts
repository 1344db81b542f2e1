import { signInDevice } from '$lib/account/device-credential.ts';

/**
 * Makes sure the device has a session before reports are sent, so the server can record the
 * reporter privately (an operator may need to phone back). The account is pseudonymous and created
 * on first use (issue 3). Offline or refused, reports are still sent and the server records them
 * without a reporter; nothing waits on this.
 */
export async function ensureSession(fetchImpl: typeof fetch = (...args) => fetch(...args), store: Pick<Storage, 'getItem' | 'setItem'> = localStorage): Promise<boolean> {
	try {
		const me = await fetchImpl('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
		if (me.ok) return true;
		await signInDevice({ store, fetch: fetchImpl });
		return true;
	} catch {
		return false;
	}
}

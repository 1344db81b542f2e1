/**
 * The resident's pseudonymous credential: a random secret created on this device at first launch
 * and kept here. The server stores only its SHA-256; whoever holds the secret is that resident.
 * No name, phone number or e-mail is needed.
 */
export interface SecretStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

export const SECRET_KEY = 'cuadra.device-secret';

function base64url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Returns this device's secret, creating 256 random bits the first time. */
export function deviceSecret(store: SecretStore, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
	const existing = store.getItem(SECRET_KEY);
	if (existing && /^[A-Za-z0-9_-]{43,128}$/.test(existing)) return existing;
	const secret = base64url(random(new Uint8Array(32)));
	store.setItem(SECRET_KEY, secret);
	return secret;
}

export interface SignedInUser {
	id: string;
	kind: 'resident' | 'staff';
	displayName: string | null;
	memberships: { municipalityId: string; role: 'resident' | 'operator' | 'admin' | 'organisation' }[];
}

/**
 * Signs this device in (creating the account on first use). The session arrives as an httpOnly
 * cookie; nothing else needs keeping. Call again when the server says the session ended (4401).
 */
export async function signInDevice(options: { store: SecretStore; municipalityId?: string; fetch?: typeof fetch; baseUrl?: string }): Promise<SignedInUser> {
	const doFetch = options.fetch ?? fetch;
	const response = await doFetch(`${options.baseUrl ?? ''}/api/auth/resident`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		credentials: 'same-origin',
		body: JSON.stringify({ secret: deviceSecret(options.store), ...(options.municipalityId ? { municipalityId: options.municipalityId } : {}) })
	});
	const body = (await response.json().catch(() => null)) as { user?: SignedInUser; error?: { code: string; message: string } } | null;
	if (!response.ok || !body?.user) throw new Error(body?.error?.message ?? `sign-in failed (${response.status})`);
	return body.user;
}

import { z } from 'zod';
import { signInDevice, type SecretStore } from '$lib/account/device-credential.ts';

export const LAST_USER_KEY = 'cuadra.user';

const userSchema = z.object({
	id: z.string().min(1),
	kind: z.enum(['resident', 'staff']).default('resident'),
	memberships: z.array(z.object({ municipalityId: z.string(), role: z.enum(['resident', 'operator', 'admin', 'organisation']) }))
});
export type Me = z.infer<typeof userSchema>;

/**
 * Who this device is signed in as (`GET /api/auth/me`), signing the device in first when it has no
 * session, or when the resident's home municipality (chosen on the device) is not yet their
 * membership on the server. The server decides identity; the device only needs its own id to
 * write chat entries in its own name. Offline, the last answer kept on this device; null when
 * there never was one.
 */
export async function currentUser(
	options: { homeMunicipality?: string | null; fetch?: typeof fetch; store?: SecretStore } = {}
): Promise<Me | null> {
	const fetchImpl = options.fetch ?? ((...args) => fetch(...args));
	const store = options.store ?? localStorage;
	const home = options.homeMunicipality ?? undefined;
	const signIn = async () => userSchema.parse(await signInDevice({ store, fetch: fetchImpl, ...(home ? { municipalityId: home } : {}) }));
	try {
		const response = await fetchImpl('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
		let user: Me;
		if (response.ok) user = userSchema.parse(((await response.json()) as { user: unknown }).user);
		else if (response.status === 401) user = await signIn();
		else throw new Error(`me: ${response.status}`);
		// Staff sign in with a password, never with the device's secret.
		if (user.kind === 'resident' && home && !user.memberships.some((m) => m.municipalityId === home)) user = await signIn();
		store.setItem(LAST_USER_KEY, JSON.stringify({ id: user.id, kind: user.kind, memberships: user.memberships }));
		return user;
	} catch {
		try {
			return userSchema.parse(JSON.parse(store.getItem(LAST_USER_KEY) ?? 'null'));
		} catch {
			return null;
		}
	}
}

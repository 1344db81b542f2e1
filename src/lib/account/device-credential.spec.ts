import { describe, expect, it, vi } from 'vitest';
import { deviceSecret, SECRET_KEY, signInDevice } from './device-credential.ts';

const memory = () => {
	const map = new Map<string, string>();
	return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};

describe('deviceSecret', () => {
	it('creates 256 random bits once, base64url, and keeps them', () => {
		const store = memory();
		const secret = deviceSecret(store);
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(deviceSecret(store)).toBe(secret);
		expect(store.map.get(SECRET_KEY)).toBe(secret);
	});

	it('replaces a damaged stored value', () => {
		const store = memory();
		store.setItem(SECRET_KEY, 'short');
		expect(deviceSecret(store)).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});
});

describe('signInDevice', () => {
	it('posts the secret and returns the user, or throws the server’s message', async () => {
		const store = memory();
		const ok = vi.fn(async () => new Response(JSON.stringify({ user: { id: 'u1', kind: 'resident', displayName: null, memberships: [] } }), { status: 201 }));
		expect((await signInDevice({ store, municipalityId: 'providencia', fetch: ok })).id).toBe('u1');
		const body = JSON.parse((ok.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
		expect(body).toEqual({ secret: deviceSecret(store), municipalityId: 'providencia' });
		const limited = async () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many' } }), { status: 429 });
		await expect(signInDevice({ store, fetch: limited })).rejects.toThrow('Too many');
	});
});

import { describe, expect, it } from 'vitest';
import { ensureSession } from './session.ts';

function memoryStore() {
	const map = new Map<string, string>();
	return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('ensureSession', () => {
	it('keeps a live session as it is', async () => {
		const calls: string[] = [];
		const ok = await ensureSession(async (url) => {
			calls.push(String(url));
			return Response.json({ user: { id: 'u1' } });
		}, memoryStore());
		expect(ok).toBe(true);
		expect(calls).toEqual(['/api/auth/me']);
	});

	it('signs the device in with its own secret when there is no session', async () => {
		const calls: string[] = [];
		const store = memoryStore();
		const ok = await ensureSession(async (url) => {
			calls.push(String(url));
			if (String(url).endsWith('/me')) return Response.json({ error: { code: 'unauthenticated', message: '' } }, { status: 401 });
			return Response.json({ user: { id: 'u1', kind: 'resident', displayName: null, memberships: [] }, expiresAt: new Date().toISOString() });
		}, store);
		expect(ok).toBe(true);
		expect(calls).toEqual(['/api/auth/me', '/api/auth/resident']);
		expect(store.getItem('cuadra.device-secret')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
	});

	it('answers false offline, without throwing', async () => {
		expect(await ensureSession(async () => Promise.reject(new TypeError('offline')), memoryStore())).toBe(false);
	});
});

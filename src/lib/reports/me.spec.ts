import { describe, expect, it } from 'vitest';
import { currentUser, LAST_USER_KEY } from './me.ts';

const memoryStore = () => {
	const data = new Map<string, string>();
	return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
};
const user = { id: 'u1', kind: 'resident', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'resident' }] };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('currentUser', () => {
	it('asks the server and keeps the answer for offline use', async () => {
		const store = memoryStore();
		const me = await currentUser({ fetch: async () => json(200, { user, expiresAt: 'x' }), store, homeMunicipality: 'providencia' });
		expect(me).toEqual({ id: 'u1', kind: 'resident', memberships: user.memberships });
		expect(JSON.parse(store.data.get(LAST_USER_KEY) ?? '')).toEqual(me);
		// Offline: the last known answer.
		expect(await currentUser({ fetch: async () => Promise.reject(new TypeError('offline')), store })).toEqual(me);
	});

	it('signs the device in when it has no session', async () => {
		const store = memoryStore();
		const calls: string[] = [];
		const me = await currentUser({
			fetch: async (input) => {
				calls.push(String(input));
				return String(input).endsWith('/me') ? json(401, { error: { code: 'unauthenticated', message: '' } }) : json(201, { user, expiresAt: 'x' });
			},
			store
		});
		expect(calls).toEqual(['/api/auth/me', '/api/auth/resident']);
		expect(me?.id).toBe('u1');
	});

	it('signs in again with the home municipality the resident chose when the server does not have it yet', async () => {
		const bodies: unknown[] = [];
		const me = await currentUser({
			fetch: async (input, init) => {
				if (String(input).endsWith('/me')) return json(200, { user: { ...user, memberships: [] }, expiresAt: 'x' });
				bodies.push(JSON.parse(String(init?.body)));
				return json(200, { user, expiresAt: 'x' });
			},
			store: memoryStore(),
			homeMunicipality: 'providencia'
		});
		expect(bodies).toEqual([{ secret: expect.any(String), municipalityId: 'providencia' }]);
		expect(me?.memberships).toEqual(user.memberships);
	});

	it('never signs staff in with the device secret', async () => {
		const calls: string[] = [];
		const operator = { ...user, kind: 'staff', memberships: [{ municipalityId: 'providencia', role: 'operator' }] };
		const me = await currentUser({ fetch: async (input) => (calls.push(String(input)), json(200, { user: operator, expiresAt: 'x' })), store: memoryStore(), homeMunicipality: 'las-condes' });
		expect(calls).toEqual(['/api/auth/me']);
		expect(me?.kind).toBe('staff');
	});

	it('is null offline on a device that never signed in', async () => {
		expect(await currentUser({ fetch: async () => Promise.reject(new TypeError('offline')), store: memoryStore() })).toBeNull();
	});
});

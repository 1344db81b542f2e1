import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { SessionSockets, samePrincipal, type SessionSocket } from './session-sockets.ts';

const principal = (over: Partial<Principal> = {}): Principal => ({
	userId: 'u1',
	kind: 'resident',
	displayName: null,
	memberships: [{ municipalityId: 'providencia', role: 'resident' }],
	sessionHash: 'h1',
	expiresAt: Date.now() + 60_000,
	...over
});

const socket = (p: Principal): SessionSocket & { closed: number[] } => {
	const s = { principal: p, closed: [] as number[], close: (code: number) => void s.closed.push(code) };
	return s;
};

afterEach(() => vi.useRealTimers());

describe('SessionSockets', () => {
	it('gives the sockets of one session one principal object while it says the same', () => {
		const sessions = new SessionSockets<ReturnType<typeof socket>>(() => {});
		const first = principal();
		sessions.add(socket(first));
		expect(sessions.share(principal())).toBe(first);
		// A role or name read fresh from the store that differs is not replaced by the old one.
		const renamed = principal({ displayName: 'Rosa' });
		expect(sessions.share(renamed)).toBe(renamed);
		expect(sessions.share(principal({ sessionHash: 'h2' }))).not.toBe(first);
	});

	it('finds the open sockets of a session, and forgets a session whose last socket closed', () => {
		const sessions = new SessionSockets<ReturnType<typeof socket>>(() => {});
		const a = socket(principal());
		const b = socket(principal());
		const other = socket(principal({ sessionHash: 'h2', userId: 'u2' }));
		for (const s of [a, b, other]) sessions.add(s);
		expect(sessions.socketsOf('h1')).toEqual([a, b]);
		sessions.remove(a);
		sessions.remove(b);
		expect(sessions.socketsOf('h1')).toEqual([]);
		expect(sessions.size).toBe(1);
	});

	it('closes every socket of a session when it ends, with one timer', () => {
		vi.useFakeTimers();
		const expired: unknown[] = [];
		const sessions = new SessionSockets<ReturnType<typeof socket>>((s) => expired.push(s));
		const p = principal({ expiresAt: Date.now() + 5_000 });
		const a = socket(p);
		const b = socket(p);
		sessions.add(a);
		sessions.add(b);
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(4_999);
		expect(expired).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(expired).toEqual([a, b]);
		sessions.remove(a);
		sessions.remove(b);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('compares principals field by field', () => {
		expect(samePrincipal(principal(), principal())).toBe(true);
		expect(samePrincipal(principal(), principal({ memberships: [{ municipalityId: 'providencia', role: 'operator' }] }))).toBe(false);
		expect(samePrincipal(principal(), principal({ memberships: [] }))).toBe(false);
	});
});

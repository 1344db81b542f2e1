import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { SessionSockets, samePrincipal, type SessionSocket } from './session-sockets.ts';

const EXPIRES = Date.now() + 3_600_000;
const principal = (over: Partial<Principal> = {}): Principal => ({
	userId: 'u1',
	kind: 'resident',
	displayName: null,
	memberships: [{ municipalityId: 'providencia', role: 'resident' }],
	sessionHash: 'h1',
	expiresAt: EXPIRES,
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

	it('closes the sockets of a session whose timer fired before its expiry by the clock', () => {
		vi.useFakeTimers();
		const expired: unknown[] = [];
		const sessions = new SessionSockets<ReturnType<typeof socket>>((s) => expired.push(s));
		const a = socket(principal({ expiresAt: Date.now() + 5_000 }));
		sessions.add(a);
		// The wall clock falls 3 ms behind the timers' clock: the timer fires while Date.now() is short of the expiry.
		vi.setSystemTime(Date.now() - 3);
		vi.advanceTimersByTime(5_000);
		expect(expired).toEqual([]);
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(3);
		expect(expired).toEqual([a]);
	});

	it('compares principals field by field', () => {
		expect(samePrincipal(principal(), principal())).toBe(true);
		expect(samePrincipal(principal(), principal({ memberships: [{ municipalityId: 'providencia', role: 'operator' }] }))).toBe(false);
		expect(samePrincipal(principal(), principal({ memberships: [] }))).toBe(false);
	});

	it('reuses a recent check of a session with open sockets, never one that ended or was signed out', () => {
		const sessions = new SessionSockets<ReturnType<typeof socket>>(() => {});
		const now = Date.now();
		expect(sessions.recent('h1', 5_000, now)).toBeNull();
		const p = principal();
		const a = socket(p);
		sessions.add(a);
		expect(sessions.recent('h1', 5_000, now + 1_000)).toBe(p);
		expect(sessions.recent('h1', 5_000, now + 6_000)).toBeNull();
		// Read again from the store and the same: the check is fresh again.
		vi.useFakeTimers({ now: now + 6_000 });
		expect(sessions.share(principal())).toBe(p);
		expect(sessions.recent('h1', 5_000, now + 7_000)).toBe(p);
		// Signed out: forgotten at once, though its socket has not closed yet.
		expect(sessions.revoke('h1')).toEqual([a]);
		expect(sessions.recent('h1', 5_000, now + 7_000)).toBeNull();
		sessions.remove(a);
		expect(sessions.size).toBe(0);
	});

	it('remembers a revoked session for a minute, so an upgrade checked before the sign-out does not open', () => {
		const sessions = new SessionSockets<ReturnType<typeof socket>>(() => {});
		const checkedFrom = 1_000_000;
		expect(sessions.endedSince('h1', checkedFrom)).toBe(false);
		// Revoked while the upgrade waited (no socket of it open yet): still known as ended.
		expect(sessions.revoke('h1', checkedFrom + 5)).toEqual([]);
		expect(sessions.endedSince('h1', checkedFrom)).toBe(true);
		// An upgrade that began after the sign-out read the store afterwards: the store decides.
		expect(sessions.endedSince('h1', checkedFrom + 10)).toBe(false);
		expect(sessions.endedSince('h2', checkedFrom)).toBe(false);
		// A minute later the memory is pruned by the next revocation.
		sessions.revoke('h2', checkedFrom + 61_000);
		expect(sessions.endedSince('h1', 0)).toBe(false);
		expect(sessions.endedSince('h2', checkedFrom)).toBe(true);
	});
});

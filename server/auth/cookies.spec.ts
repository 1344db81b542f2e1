import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, sessionCookie } from './cookies.ts';

describe('cookies', () => {
	it('reads one cookie among others and ignores malformed ones', () => {
		expect(readCookie('a=1; cuadra_session=abc; b', 'cuadra_session')).toBe('abc');
		expect(readCookie('cuadra_session=%E0%A4%A', 'cuadra_session')).toBeUndefined();
		expect(readCookie(undefined, 'x')).toBeUndefined();
		expect(readCookie('xcuadra_session=1', 'cuadra_session')).toBeUndefined();
	});

	it('writes httpOnly, SameSite=Lax cookies, Secure only over https', () => {
		expect(sessionCookie('t', 60, false)).toBe('cuadra_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
		expect(sessionCookie('t', 60, true)).toMatch(/; Secure$/);
		expect(clearedSessionCookie(false)).toMatch(/Max-Age=0/);
	});
});

import { describe, expect, it } from 'vitest';
import { OpsApiError, type OpsSession } from './api.ts';
import { SignInForm } from './sign-in-form.svelte.ts';

const session: OpsSession = { user: { id: 'u1', kind: 'staff', displayName: 'Ana', memberships: [{ municipalityId: 'providencia', role: 'operator' }] }, expiresAt: '2026-12-05T00:00:00Z' };

describe('the staff sign-in form', () => {
	it('signs in with what was typed and forgets the password', async () => {
		const sent: string[][] = [];
		const form = new SignInForm({ signIn: async (username, password) => (sent.push([username, password]), session) });
		form.username = 'ana@providencia';
		form.password = 'correct horse battery';
		const user = await form.submit();
		expect(sent).toEqual([['ana@providencia', 'correct horse battery']]);
		expect(user).toEqual(session.user);
		expect(form).toMatchObject({ password: '', error: '', busy: false });
	});

	it('says why it was refused, in plain words, keeps the username and clears the password', async () => {
		const form = new SignInForm({
			signIn: async () => {
				throw new OpsApiError(429, 'rate_limited', 'Too many attempts', 120);
			}
		});
		form.username = 'ana@providencia';
		form.password = 'guess';
		expect(await form.submit()).toBeNull();
		expect(form.error).toMatch(/2/);
		expect(form).toMatchObject({ username: 'ana@providencia', password: '', busy: false });
		form.reset();
		expect(form.error).toBe('');
	});
});

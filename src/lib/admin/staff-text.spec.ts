import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { OpsApiError } from '$lib/ops/api.ts';
import type { StaffLogEntry, StaffMember } from './staff-api.ts';
import { actorName, changeText, logOf, membersOf, personName, refusalText } from './staff-text.ts';

const member = (id: string, role: StaffMember['role'], displayName: string | null = null): StaffMember => ({ id, username: `${id}@providencia`, displayName, role, createdAt: '2026-12-01T10:00:00Z', lastSignInAt: null });
const entry = (userId: string, action: StaffLogEntry['action'], role: StaffLogEntry['role'], actor: string | null = 'rosa@providencia'): StaffLogEntry => ({
	at: '2026-12-04T13:00:00Z',
	action,
	actor: actor === null ? null : { id: 'rosa', username: actor },
	user: { id: userId, username: `${userId}@providencia` },
	municipalityId: role ? 'providencia' : null,
	role
});

beforeAll(() => overwriteGetLocale(() => 'en'));
afterAll(() => overwriteGetLocale(() => 'es-CL'));

describe('refusalText', () => {
	it("says in the person's language why the staff API refused", () => {
		expect(refusalText(new OpsApiError(409, 'username_taken', 'taken'))).toMatch(/username is taken/);
		expect(refusalText(new OpsApiError(409, 'last_admin', 'last'))).toMatch(/last admin/);
		expect(refusalText(new OpsApiError(409, 'own_account', 'own'))).toMatch(/your own account/);
		expect(refusalText(new OpsApiError(404, 'not_found', 'gone'))).toMatch(/no longer works here/);
		expect(refusalText(new OpsApiError(403, 'forbidden', 'no'))).toBe(refusalText(new OpsApiError(403, 'other_municipality', 'no')));
		expect(refusalText(new OpsApiError(400, 'invalid_request', 'username must be…'))).toMatch(/Check the username/);
		expect(refusalText(new OpsApiError(0, 'network', 'offline'))).toMatch(/No connection/);
		expect(refusalText(new OpsApiError(429, 'rate_limited', 'slow'))).toMatch(/Too many/);
		expect(refusalText(new OpsApiError(500, 'internal', 'bug'))).toMatch(/\(internal\)/);
		expect(refusalText(new Error('?'))).toMatch(/\(unknown\)/);
	});

	it('is translated', () => {
		overwriteGetLocale(() => 'es-CL');
		try {
			expect(refusalText(new OpsApiError(409, 'last_admin', 'last'))).toMatch(/último administrador/);
		} finally {
			overwriteGetLocale(() => 'en');
		}
	});
});

describe('the two screens', () => {
	const members = [member('rosa', 'admin', 'Rosa Díaz'), member('pedro', 'operator'), member('junta12', 'organisation', 'Junta de Vecinos 12')];

	it('split the people: operators and admins on Staff, organisations on Organisations', () => {
		expect(membersOf(members, 'staff').map((x) => x.id)).toEqual(['rosa', 'pedro']);
		expect(membersOf(members, 'organisations').map((x) => x.id)).toEqual(['junta12']);
		expect(personName(members[2]!)).toBe('Junta de Vecinos 12');
		expect(personName(members[1]!)).toBe('pedro@providencia');
	});

	it("split the log, a password reset going with its person's screen, also once they are removed", () => {
		const log = [entry('junta7', 'password_reset', null), entry('junta7', 'removed', 'organisation'), entry('junta12', 'password_reset', null), entry('pedro', 'password_reset', null), entry('pedro', 'added', 'operator'), entry('rosa', 'added', 'admin', null)];
		expect(logOf(log, members, 'organisations').map((e) => [e.user.id, e.action])).toEqual([
			['junta7', 'password_reset'],
			['junta7', 'removed'],
			['junta12', 'password_reset']
		]);
		expect(logOf(log, members, 'staff').map((e) => [e.user.id, e.action])).toEqual([
			['pedro', 'password_reset'],
			['pedro', 'added'],
			['rosa', 'added']
		]);
	});

	it('say who did what to whom', () => {
		expect(actorName(entry('pedro', 'added', 'operator'))).toBe('rosa@providencia');
		expect(actorName(entry('rosa', 'added', 'admin', null))).toBe('Server operator');
		expect(changeText(entry('pedro', 'added', 'operator'))).toBe('added pedro@providencia as Operator');
		expect(changeText(entry('junta12', 'removed', 'organisation'))).toBe('removed junta12@providencia as Organisation');
		expect(changeText(entry('pedro', 'password_reset', null))).toBe('reset the password of pedro@providencia');
		expect(changeText({ ...entry('pedro', 'password_changed', null), user: { id: 'pedro', username: null } })).toBe('changed their own password');
	});
});

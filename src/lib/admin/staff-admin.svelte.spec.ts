import { describe, expect, it } from 'vitest';
import { OpsApiError } from '$lib/ops/api.ts';
import type { StaffApi, StaffLogEntry, StaffMember } from './staff-api.ts';
import { StaffAdmin } from './staff-admin.svelte.ts';

const member = (id: string, role: StaffMember['role'], displayName: string | null = null): StaffMember => ({ id, username: `${id}@providencia`, displayName, role, createdAt: '2026-12-01T10:00:00Z', lastSignInAt: null });

/** A staff API in memory, recording what it was asked: just enough server for the state's rules. */
function fakeApi(people: StaffMember[] = [member('rosa', 'admin'), member('junta12', 'organisation', 'Junta 12')]) {
	const log: StaffLogEntry[] = [];
	const calls: string[] = [];
	const api: StaffApi = {
		list: async (municipality) => (calls.push(`list ${municipality}`), people.slice()),
		log: async () => log.slice(),
		add: async (_m, person) => {
			if (people.some((p) => p.username === person.username)) throw new OpsApiError(409, 'username_taken', 'taken');
			const added = member(person.username.split('@')[0] ?? '', person.role, person.displayName ?? null);
			people.push(added);
			log.unshift({ at: 'now', action: 'added', actor: { id: 'rosa', username: 'rosa@providencia' }, user: { id: added.id, username: added.username }, municipalityId: 'providencia', role: person.role });
			return { member: added, password: 'abcde-fghij-kmnop-qrstu' };
		},
		remove: async (_m, userId) => {
			if (userId === 'rosa') throw new OpsApiError(409, 'own_account', 'own');
			people.splice(people.findIndex((p) => p.id === userId), 1);
			return { accountClosed: true };
		},
		resetPassword: async (userId) => ({ userId, password: 'vwxyz-23456-789ab-cdefg' }),
		channels: async () => ({ channels: { app: 3, phone: 1, walk_in: 0, organisation: 2 }, organisations: [{ userId: 'junta12', reports: 2 }] })
	};
	return { api, calls, people };
}

describe('StaffAdmin', () => {
	it('shows each screen its own people, and an organisation its reports', async () => {
		const { api } = fakeApi();
		const staff = new StaffAdmin('providencia', 'staff', api);
		const orgs = new StaffAdmin('providencia', 'organisations', api);
		await Promise.all([staff.load(), orgs.load()]);
		expect(staff.members.map((p) => p.id)).toEqual(['rosa']);
		expect(orgs.members.map((p) => p.id)).toEqual(['junta12']);
		expect(staff.counts.value).toBeNull();
		expect(orgs.reportsOf('junta12')).toBe(2);
		expect(orgs.reportsOf('nobody')).toBe(0);
		expect([staff.people.status, staff.changes.status, orgs.counts.status]).toEqual(['ready', 'ready', 'ready']);
	});

	it('shows a new password once, confirms the change, and reads the list and log again', async () => {
		const { api, calls } = fakeApi();
		const staff = new StaffAdmin('providencia', 'staff', api);
		await staff.load();
		expect(await staff.add({ username: 'pedro@providencia', role: 'operator' })).toBe(true);
		expect(staff.revealed).toEqual({ username: 'pedro@providencia', password: 'abcde-fghij-kmnop-qrstu' });
		expect(staff.done?.action).toBe('added');
		expect(staff.members.map((p) => p.id)).toEqual(['rosa', 'pedro']);
		expect(staff.log.map((e) => e.user.id)).toEqual(['pedro']);
		expect(calls.filter((c) => c === 'list providencia')).toHaveLength(2);
		staff.forgetPassword();
		expect(staff.revealed).toBeNull();

		expect(await staff.resetPassword(staff.members[1]!)).toBe(true);
		expect(staff.revealed?.password).toBe('vwxyz-23456-789ab-cdefg');
		expect(await staff.remove(staff.members[1]!)).toBe(true);
		// The password of the reset is not kept past the next change.
		expect(staff.revealed).toBeNull();
		expect(staff.done).toMatchObject({ action: 'removed', member: { id: 'pedro' } });
		expect(staff.members.map((p) => p.id)).toEqual(['rosa']);
	});

	it('keeps a refusal, and no confirmation, when the server says no', async () => {
		const { api } = fakeApi();
		const staff = new StaffAdmin('providencia', 'staff', api);
		await staff.load();
		expect(await staff.add({ username: 'rosa@providencia', role: 'admin' })).toBe(false);
		expect(staff.error).toMatchObject({ code: 'username_taken' });
		expect(staff.done).toBeNull();
		expect(staff.revealed).toBeNull();
		expect(await staff.remove(staff.members[0]!)).toBe(false);
		expect(staff.error).toMatchObject({ code: 'own_account' });
	});

	it('has an error state per part when the server cannot be reached', async () => {
		const { api } = fakeApi();
		const offline = new OpsApiError(0, 'network', 'offline');
		const staff = new StaffAdmin('providencia', 'organisations', { ...api, log: async () => Promise.reject(offline), channels: async () => Promise.reject(offline) });
		await staff.load();
		expect([staff.people.status, staff.changes.status, staff.counts.status]).toEqual(['ready', 'error', 'error']);
		expect(staff.changes.error).toBe(offline);
	});
});

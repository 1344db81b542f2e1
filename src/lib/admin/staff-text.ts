import { m } from '$lib/paraglide/messages.js';
import { OpsApiError } from '$lib/ops/api.ts';
import type { StaffLogEntry, StaffMember, StaffRole } from './staff-api.ts';

/**
 * What the Staff and Organisations screens say, in the person's language: refusals of the staff API
 * (server/staff/store.ts `StaffRefusal`, the HTTP layer's), roles and the staff log's lines. Pure.
 */

/** Which screen: operators and admins (Staff), or neighbourhood organisations' accounts (Organisations). */
export type StaffScreen = 'staff' | 'organisations';

export function refusalText(error: unknown): string {
	if (!(error instanceof OpsApiError)) return m.admin_staff_error_other({ code: 'unknown' });
	if (error.status === 0) return m.admin_staff_error_network();
	if (error.status === 429) return m.admin_staff_error_rate();
	switch (error.code) {
		case 'username_taken':
			return m.admin_staff_error_taken();
		case 'last_admin':
			return m.admin_staff_error_last_admin();
		case 'own_account':
			return m.admin_staff_error_own();
		case 'not_found':
			return m.admin_staff_error_not_found();
		case 'forbidden':
		case 'other_municipality':
			return m.admin_staff_error_forbidden();
		case 'invalid_request':
			return m.admin_staff_error_invalid();
		default:
			return m.admin_staff_error_other({ code: error.code });
	}
}

export function roleName(role: StaffRole | null): string {
	if (role === 'admin') return m.admin_staff_role_admin();
	if (role === 'organisation') return m.admin_staff_role_organisation();
	return m.admin_staff_role_operator();
}

/** How a person is named on the screens: their display name (an organisation's name), else their username. */
export const personName = (member: Pick<StaffMember, 'displayName' | 'username'>): string => member.displayName || member.username;

/** The people of one screen: operators and admins, or organisations' accounts. */
export function membersOf(members: StaffMember[], screen: StaffScreen): StaffMember[] {
	return members.filter((member) => (member.role === 'organisation') === (screen === 'organisations'));
}

/**
 * The log entries of one screen. A password reset names no role, so it goes where its person
 * belongs: anyone who was ever added or removed as an organisation, or is one now, is an organisation's account.
 */
export function logOf(entries: StaffLogEntry[], members: StaffMember[], screen: StaffScreen): StaffLogEntry[] {
	const organisations = new Set([...entries.filter((e) => e.role === 'organisation').map((e) => e.user.id), ...membersOf(members, 'organisations').map((member) => member.id)]);
	return entries.filter((e) => organisations.has(e.user.id) === (screen === 'organisations'));
}

/** Who made a change: a username, or the server operator's command line. */
export const actorName = (entry: StaffLogEntry): string => entry.actor?.username ?? m.admin_staff_log_server();

/** What was done, to whom: "added pedro@providencia as Operator". */
export function changeText(entry: StaffLogEntry): string {
	const user = entry.user.username ?? m.admin_staff_someone();
	if (entry.action === 'added') return m.admin_staff_log_added({ user, role: roleName(entry.role) });
	if (entry.action === 'removed') return m.admin_staff_log_removed({ user, role: roleName(entry.role) });
	if (entry.action === 'password_reset') return m.admin_staff_log_reset({ user });
	return m.admin_staff_log_changed();
}

/**
 * Staff accounts as the server keeps them and the admins' screens show them (server/staff,
 * src/lib/admin): the roles, a person as an admin of one municipality sees them, and the staff
 * log's entries. Pure types, shared by both sides.
 */

/**
 * The roles of a staff account; residents are never made staff. `organisation` is a neighbourhood
 * organisation's account (a junta de vecinos): it only reports on a resident's behalf (docs/operators.md).
 */
export const staffRoles = ['operator', 'admin', 'organisation'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** What happened to someone's staff access. */
export type StaffAction = 'added' | 'removed' | 'password_reset' | 'password_changed';

/** One change of the staff log (`GET /api/staff/log`), newest first. */
export interface StaffLogEntry {
	at: string;
	action: StaffAction;
	/** Null: the server operator (`npm run staff`). */
	actor: { id: string; username: string | null } | null;
	user: { id: string; username: string | null };
	municipalityId: string | null;
	role: StaffRole | null;
}

/** One person as an admin of a municipality sees them (`GET /api/staff`): their role there, never a hash. */
export interface StaffMember {
	id: string;
	username: string;
	displayName: string | null;
	role: StaffRole | null;
	createdAt: string;
	lastSignInAt: string | null;
}

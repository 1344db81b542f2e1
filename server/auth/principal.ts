/**
 * `organisation`: a neighbourhood organisation's account (a junta de vecinos), which only enters
 * reports on a resident's behalf (`POST /api/ops/reports`); it is not staff of anything else.
 */
export type Role = 'resident' | 'operator' | 'admin' | 'organisation';

export interface Membership {
	municipalityId: string;
	role: Role;
}

/** Who is asking, as established by the server from a session. Never taken from a client. */
export interface Principal {
	userId: string;
	kind: 'resident' | 'staff';
	displayName: string | null;
	memberships: Membership[];
	/** SHA-256 of the session token, so the session can be revoked and its sockets closed. */
	sessionHash: string;
	/** Epoch milliseconds. */
	expiresAt: number;
}

export function roleIn(principal: Pick<Principal, 'memberships'>, municipalityId: string): Role | null {
	return principal.memberships.find((m) => m.municipalityId === municipalityId)?.role ?? null;
}

/** Operators and admins of the municipality moderate its documents. */
export function isStaffOf(principal: Pick<Principal, 'memberships'>, municipalityId: string): boolean {
	const role = roleIn(principal, municipalityId);
	return role === 'operator' || role === 'admin';
}

/** The highest role anywhere, for awareness badges. */
export function topRole(principal: Pick<Principal, 'memberships'>): Role {
	const roles = principal.memberships.map((m) => m.role);
	return roles.includes('admin') ? 'admin' : roles.includes('operator') ? 'operator' : 'resident';
}

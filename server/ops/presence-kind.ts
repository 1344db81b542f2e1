import { z } from 'zod';
import { isStaffOf } from '../auth/principal.ts';
import type { DocKind } from '../sync/kind.ts';

/** What a console announces in `ops:<municipality>`: the incident it has open, or null (the queue). */
export const opsAwareness = { viewing: z.string().max(64).nullable() };

/**
 * `ops:<municipality>`: the presence of the municipality's staff in the console, so two operators
 * see who else has an incident open and do not dispatch twice. No document content at all (no
 * roots: every update is refused), only awareness. The municipality's operators and admins write
 * (announce themselves); everyone else, residents and other municipalities' staff, cannot open it.
 * The server stamps each state's `user` with the staff member's id, role and display name: names
 * are shown to staff only, and this room has no one else.
 * Its facts come from the store (`municipalityFacts`): an unknown municipality has none.
 */
export const opsPresenceKind: DocKind = {
	name: 'ops',
	roots: {},
	awareness: opsAwareness,
	awarenessIdentity: (principal) => ({ name: principal.displayName }),
	facts: () => ({ creator: null, municipalityId: null }),
	access: (principal, facts) => (facts.municipalityId && isStaffOf(principal, facts.municipalityId) ? 'write' : 'none')
};

import { organisationMunicipalities, staffMunicipalities, type OpsUser } from './api.ts';

/**
 * Which municipality's console this is: `?m=<id>` when given (a person who is staff of several),
 * else the first one the user is operator or admin of. Null: this user may not use that console
 * (a resident, or staff of another municipality), so the layout shows the 403 page.
 */
export function consoleMunicipality(user: Pick<OpsUser, 'memberships'> | null, asked: string | null): string | null {
	if (!user) return null;
	const mine = staffMunicipalities(user);
	if (asked) return mine.includes(asked) ? asked : null;
	return mine[0] ?? null;
}

/**
 * A neighbourhood organisation's account (role `organisation`) uses only these pages of the console:
 * reporting on a resident's behalf, and its own password. The server refuses it everything else.
 */
export const organisationPages: readonly string[] = ['/ops/new', '/ops/password'];

/** The municipality whose organisation's account this is (as `consoleMunicipality` chooses), or null. */
export function organisationMunicipality(user: Pick<OpsUser, 'memberships'> | null, asked: string | null): string | null {
	if (!user) return null;
	const mine = organisationMunicipalities(user);
	if (asked) return mine.includes(asked) ? asked : null;
	return mine[0] ?? null;
}

/** The console's current municipality, set by the layout, read by the pages below it. */
export const opsConsole = $state<{ municipality: string | null }>({ municipality: null });

import { readArguments } from '../cli/arguments.ts';
import { formatColumns } from '../cli/columns.ts';
import { z } from 'zod';
import { municipalityIdSchema, newStaffSchema, staffRoleSchema } from './schema.ts';
import type { StaffLogEntry } from './audit.ts';
import type { StaffAccount, StaffMembership } from './store.ts';

/** What `npm run staff -- …` was asked to do. Pure: parsing and printing only (server/staff/cli.ts runs it). */
export type StaffCommand =
	| { name: 'add'; username: string; municipalityId: string; role: z.infer<typeof staffRoleSchema>; displayName?: string }
	| { name: 'remove'; username: string; municipalityId?: string }
	| { name: 'reset-password'; username: string }
	| { name: 'list'; municipalityId?: string }
	| { name: 'log'; municipalityId?: string }
	| { name: 'help' };

export const usage = `Usage: npm run staff -- <command>

Manages the staff accounts (operators, admins and neighbourhood organisations' accounts, which
only report on a resident's behalf) in the store the server uses: the same
CUADRA_DATA_DIR, CUADRA_DATABASE and DATABASE_URL. Works with the server running or stopped.

Commands:
  add <username> --municipality <id> --role operator|admin|organisation [--display-name "<name>"]
      Creates a staff account and prints its password, once. Usernames are 3 to 100 lowercase
      letters, digits and . _ - @, e.g. maria@providencia.
  remove <username> [--municipality <id>]
      Removes their role in that municipality (without --municipality: every role) and signs them
      out. With no role left they cannot sign in; the account stays as the record of their work.
  reset-password <username>
      Prints a new password, once, and signs them out everywhere.
  list [--municipality <id>]
      Staff with their roles, when each was added and last signed in (while that session is
      kept: sessions are deleted when they end).
  log [--municipality <id>]
      Who added, removed or reset whom, and when, newest first (the last 500 changes); "server
      operator" is this command line.

Exit codes: 0 done, 1 refused (the message says why), 64 bad usage, 78 bad configuration.`;

/** Lookups accept any name sign-in accepts; only new usernames follow the stricter rule. */
const existingUsername = z.string().min(1).max(100);
const options = { municipality: { type: 'string' }, role: { type: 'string' }, 'display-name': { type: 'string' } } as const;
type OptionName = keyof typeof options;

const commands: Record<Exclude<StaffCommand['name'], 'help'>, { username: boolean; allowed: OptionName[]; schema: z.ZodType }> = {
	add: { username: true, allowed: ['municipality', 'role', 'display-name'], schema: newStaffSchema.extend({ name: z.literal('add') }) },
	remove: { username: true, allowed: ['municipality'], schema: z.strictObject({ name: z.literal('remove'), username: existingUsername, municipalityId: municipalityIdSchema.optional() }) },
	'reset-password': { username: true, allowed: [], schema: z.strictObject({ name: z.literal('reset-password'), username: existingUsername }) },
	list: { username: false, allowed: ['municipality'], schema: z.strictObject({ name: z.literal('list'), municipalityId: municipalityIdSchema.optional() }) },
	log: { username: false, allowed: ['municipality'], schema: z.strictObject({ name: z.literal('log'), municipalityId: municipalityIdSchema.optional() }) }
};

/** How a field of the command is written on the command line, for messages. */
const spelled: Record<string, string> = { username: '<username>', municipalityId: '--municipality', role: '--role', displayName: '--display-name' };

export function parseCommand(argv: string[]): { ok: true; command: StaffCommand } | { ok: false; problem: string } {
	const read = readArguments(argv, options, Object.fromEntries(Object.entries(commands).map(([name, spec]) => [name, spec.allowed])));
	if (read.kind === 'help') return { ok: true, command: { name: 'help' } };
	if (read.kind === 'problem') return { ok: false, problem: read.problem };
	const { name, values } = read;
	const [username, ...extra] = read.words;
	const spec = commands[name as keyof typeof commands];
	if (spec.username && username === undefined) return { ok: false, problem: `${name} needs a <username>.` };
	const unexpected = spec.username ? extra : [username, ...extra].filter((p) => p !== undefined);
	if (unexpected.length) return { ok: false, problem: `${name} does not take "${unexpected.join(' ')}".` };
	if (name === 'add') {
		const missing = (['municipality', 'role'] as const).filter((o) => values[o] === undefined);
		if (missing.length) return { ok: false, problem: `add needs ${missing.map((o) => `--${o}`).join(' and ')}.` };
	}
	const raw = Object.fromEntries(
		Object.entries({ name, username: spec.username ? username : undefined, municipalityId: values.municipality, role: values.role, displayName: values['display-name'] }).filter(([, v]) => v !== undefined)
	);
	const result = spec.schema.safeParse(raw);
	if (!result.success) {
		const issue = result.error.issues[0];
		const field = String(issue?.path[0] ?? 'command');
		return { ok: false, problem: `${spelled[field] ?? field} ${issue?.message ?? 'is invalid'}.` };
	}
	return { ok: true, command: result.data as StaffCommand };
}

const roles = (memberships: StaffMembership[]) => (memberships.length ? memberships.map((m) => `${m.role} of ${m.municipalityId}`).join(', ') : 'removed (cannot sign in)');
const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : 'never');

export function formatAdded(account: StaffAccount, password: string): string {
	return [
		`Added ${account.username}: ${roles(account.memberships)}.`,
		'Their password, shown only now (the store keeps only its hash). Hand it over in person:',
		'',
		`  ${password}`,
		'',
		`If it is lost: npm run staff -- reset-password ${account.username}`
	].join('\n');
}

export function formatRemoved(change: { username: string; removed: StaffMembership[]; accountClosed: boolean; sessionHashes: string[] }): string {
	return [
		`Removed ${change.username}: no longer ${roles(change.removed)}.`,
		change.accountClosed ? 'No staff role is left: they can no longer sign in. Their account stays as the record of what they did.' : 'Their other roles stay; they sign in again to use them.',
		signedOut(change.sessionHashes.length)
	].join('\n');
}

export function formatReset(change: { username: string; password: string; sessionHashes: string[] }): string {
	return [`New password for ${change.username}, shown only now (the store keeps only its hash):`, '', `  ${change.password}`, '', signedOut(change.sessionHashes.length)].join('\n');
}

function signedOut(sessions: number): string {
	if (sessions === 0) return 'They had no open session.';
	return `Ended ${sessions} session${sessions === 1 ? '' : 's'}; a running server closes their open connections within seconds.`;
}

export function formatList(accounts: StaffAccount[], municipalityId?: string): string {
	if (accounts.length === 0) return municipalityId ? `${municipalityId} has no staff.` : 'There are no staff accounts.';
	const rows = accounts.map((a) => [a.username, roles(a.memberships), day(a.createdAt), day(a.lastSignInAt), a.displayName ?? '']);
	return formatColumns(['username', 'roles', 'added', 'last sign-in', 'display name'], rows);
}

/** The record of staff changes, a line each: `2026-11-21 22:40 UTC  admin@providencia added pedro@providencia as operator of providencia`. */
export function formatLog(entries: StaffLogEntry[], municipalityId?: string): string {
	if (entries.length === 0) return municipalityId ? `No changes to the staff of ${municipalityId} are recorded.` : 'No changes to staff accounts are recorded.';
	const name = (person: { id: string; username: string | null }) => person.username ?? person.id;
	return entries
		.map((e) => {
			const who = e.actor === null ? 'server operator' : name(e.actor);
			const whom = name(e.user);
			const what =
				e.action === 'added'
					? `added ${whom} as ${e.role} of ${e.municipalityId}`
					: e.action === 'removed'
						? `removed ${whom} as ${e.role} of ${e.municipalityId}`
						: e.action === 'password_reset'
							? `reset the password of ${whom}`
							: e.actor?.id === e.user.id
								? 'changed their own password'
								: `changed the password of ${whom}`;
			return `${day(e.at)}  ${who} ${what}`;
		})
		.join('\n');
}

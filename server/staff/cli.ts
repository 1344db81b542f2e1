/**
 * `npm run staff -- <command>`: the server operator's command line for staff accounts, e.g. the
 * first admin of a municipality. Opens the store the server uses (same environment variables),
 * with the server running or stopped. Passwords are printed once, to stdout, and never logged.
 * Exit codes: 0 done, 1 refused or the store cannot be opened, 64 bad usage, 78 bad configuration.
 */
import { runCommandLine } from '../cli/store-command.ts';
import type { Db } from '../db/index.ts';
import { staffLog } from './audit.ts';
import { formatAdded, formatList, formatLog, formatRemoved, formatReset, parseCommand, usage, type StaffCommand } from './command.ts';
import { addStaff, listStaff, removeStaff, resetStaffPassword } from './store.ts';

async function run(db: Db, command: Exclude<StaffCommand, { name: 'help' }>): Promise<string> {
	switch (command.name) {
		case 'add': {
			const { name: _name, ...input } = command;
			const { account, password } = await addStaff(db, input);
			return formatAdded(account, password);
		}
		case 'remove':
			return formatRemoved(await removeStaff(db, { username: command.username }, { municipalityId: command.municipalityId }));
		case 'reset-password':
			return formatReset(await resetStaffPassword(db, { username: command.username }));
		case 'list':
			return formatList(await listStaff(db, command.municipalityId), command.municipalityId);
		case 'log':
			return formatLog(await staffLog(db, { municipalityId: command.municipalityId }), command.municipalityId);
	}
}

process.exitCode = await runCommandLine(process.argv.slice(2), { parse: parseCommand, usage, run });

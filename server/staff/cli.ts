/**
 * `npm run staff -- <command>`: the server operator's command line for staff accounts, e.g. the
 * first admin of a municipality. Opens the store the server uses (same environment variables),
 * with the server running or stopped. Passwords are printed once, to stdout, and never logged.
 * Exit codes: 0 done, 1 refused or the store cannot be opened, 64 bad usage, 78 bad configuration.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadStoreConfig } from '../config/index.ts';
import { migrate, openStore, StoreError, type Db } from '../db/index.ts';
import { staffLog } from './audit.ts';
import { formatAdded, formatList, formatLog, formatRemoved, formatReset, parseCommand, usage, type StaffCommand } from './command.ts';
import { addStaff, listStaff, removeStaff, resetStaffPassword, StaffRefused } from './store.ts';

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

async function main(argv: string[]): Promise<number> {
	const parsed = parseCommand(argv);
	if (!parsed.ok) {
		console.error(`${parsed.problem}\n\n${usage}`);
		return 64;
	}
	const { command } = parsed;
	if (command.name === 'help') {
		console.log(usage);
		return 0;
	}
	let store;
	try {
		store = loadStoreConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(`${error.message}\nSee the configuration table in README.md.`);
		return 78;
	}
	// A mistyped CUADRA_DATA_DIR must not quietly make a new, empty store.
	if (store.kind === 'sqlite' && !existsSync(store.file)) {
		console.error(`There is no Cuadra store at ${store.file}. Set CUADRA_DATA_DIR to the server's data directory, or start the server once to create the store.`);
		return 1;
	}
	let db: Db | undefined;
	try {
		try {
			db = await openStore(store);
			await migrate(db);
		} catch (error) {
			// StoreError says what to fix; others (PostgreSQL unreachable, refused login) say what failed.
			console.error(error instanceof StoreError ? error.message : `Cannot open the ${store.kind} store: ${(error as Error).message}`);
			return 1;
		}
		console.log(await run(db, command));
		return 0;
	} catch (error) {
		if (!(error instanceof StaffRefused)) throw error;
		console.error(error.message);
		return 1;
	} finally {
		await db?.destroy();
	}
}

process.exitCode = await main(process.argv.slice(2));

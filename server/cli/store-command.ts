/**
 * What the server operator's command lines (`npm run staff`, `npm run municipality`) share: open
 * the store the server uses (same environment variables), with the server running or stopped,
 * run one command, print its answer, and exit with the same codes.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadStoreConfig } from '../config/index.ts';
import { migrate, openStore, StoreError, type Db } from '../db/index.ts';
import { Refusal } from '../http/refusal.ts';

/** 0 done, 1 refused or the store cannot be opened, 64 bad usage (EX_USAGE), 78 bad configuration (EX_CONFIG). */
export const exitCode = { done: 0, refused: 1, usage: 64, config: 78 } as const;

/** A command line refused: its message goes to stderr, and it exits 1. Stores' refusals (`StaffRefused`, …) count too. */
export class CommandRefused extends Error {
	override name = 'CommandRefused';
}

/**
 * Opens the store, runs `command` on it, prints what it returns to stdout and resolves to the exit
 * code. A refusal (a `Refusal` or `CommandRefused`) is printed to stderr: 1. Anything else is a bug.
 */
export async function runOnStore(command: (db: Db) => Promise<string>): Promise<number> {
	let store;
	try {
		store = loadStoreConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(`${error.message}\nSee the configuration table in README.md.`);
		return exitCode.config;
	}
	// A mistyped CUADRA_DATA_DIR must not quietly make a new, empty store.
	if (store.kind === 'sqlite' && !existsSync(store.file)) {
		console.error(`There is no Cuadra store at ${store.file}. Set CUADRA_DATA_DIR to the server's data directory, or start the server once to create the store.`);
		return exitCode.refused;
	}
	let db: Db | undefined;
	try {
		try {
			db = await openStore(store);
			await migrate(db);
		} catch (error) {
			// StoreError says what to fix; others (PostgreSQL unreachable, refused login) say what failed.
			console.error(error instanceof StoreError ? error.message : `Cannot open the ${store.kind} store: ${(error as Error).message}`);
			return exitCode.refused;
		}
		console.log(await command(db));
		return exitCode.done;
	} catch (error) {
		if (!(error instanceof Refusal) && !(error instanceof CommandRefused)) throw error;
		console.error(error.message);
		return exitCode.refused;
	} finally {
		await db?.destroy();
	}
}

/** Bad usage: the problem, then the command's usage, on stderr. */
export function badUsage(problem: string, usage: string): number {
	console.error(`${problem}\n\n${usage}`);
	return exitCode.usage;
}

/**
 * A whole command line: parse `argv` (bad usage: 64, with the usage), print the usage for help, or
 * run the command on the store. Resolves to the exit code.
 */
export async function runCommandLine<C extends { name: string }>(
	argv: string[],
	tool: { parse(argv: string[]): { ok: true; command: C } | { ok: false; problem: string }; usage: string; run(db: Db, command: Exclude<C, { name: 'help' }>): Promise<string> }
): Promise<number> {
	const parsed = tool.parse(argv);
	if (!parsed.ok) return badUsage(parsed.problem, tool.usage);
	const { command } = parsed;
	if (command.name === 'help') {
		console.log(tool.usage);
		return exitCode.done;
	}
	return runOnStore((db) => tool.run(db, command as Exclude<C, { name: 'help' }>));
}

/**
 * `npm run municipality -- <command>`: the server operator's command line for municipalities'
 * configurations (docs/municipalities.md). Opens the store the server uses, with the server
 * running or stopped (server/cli/store-command.ts, shared with `npm run staff`). A file is checked
 * whole before anything is written; a change is one transaction with its record.
 * Exit codes: 0 done, 1 refused or the store cannot be opened, 64 bad usage, 78 bad configuration.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CommandRefused, runCommandLine } from '../cli/store-command.ts';
import type { Db } from '../db/index.ts';
import { formatList, formatProblems, formatSaved, formatShow, parseCommand, readConfigs, usage, type MunicipalityCommand } from './command.ts';
import { municipalityChanges, municipalityConfig, municipalityConfigs, saveMunicipalities, type MunicipalityChange } from './store.ts';

function readJson(file: string): unknown {
	let text;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new CommandRefused(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new CommandRefused(`${file} is not JSON, so nothing was written: ${(error as Error).message}`);
	}
}

function toJson(value: unknown, out: string | undefined): string {
	const text = `${JSON.stringify(value, null, '\t')}\n`;
	if (out === undefined) return text.trimEnd();
	try {
		writeFileSync(out, text);
	} catch (error) {
		throw new CommandRefused(`Cannot write ${out}: ${(error as Error).message}`);
	}
	return `Wrote ${out}.`;
}

async function run(db: Db, command: Exclude<MunicipalityCommand, { name: 'help' }>): Promise<string> {
	switch (command.name) {
		case 'add':
		case 'update':
		case 'import': {
			const read = readConfigs(readJson(command.file), command.name === 'import');
			if (!read.ok) throw new CommandRefused(formatProblems(command.file, read.problems));
			const mode = command.name === 'import' ? 'put' : command.name;
			const changes = await saveMunicipalities(db, read.configs, mode, { reason: command.reason });
			return formatSaved(changes, new Map(read.configs.map((c) => [c.id, c.name])));
		}
		case 'show':
			return formatShow(await municipalityConfig(db, command.id), await municipalityChanges(db, command.id, 10));
		case 'export':
			return toJson(command.id === undefined ? { municipalities: await municipalityConfigs(db) } : await municipalityConfig(db, command.id), command.out);
		case 'list': {
			const configs = await municipalityConfigs(db);
			const last = new Map<string, MunicipalityChange | undefined>();
			for (const c of configs) last.set(c.id, (await municipalityChanges(db, c.id, 1))[0]);
			return formatList(configs, last);
		}
	}
}

process.exitCode = await runCommandLine(process.argv.slice(2), { parse: parseCommand, usage, run });

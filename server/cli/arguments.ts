import { parseArgs } from 'node:util';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** A command line read: help asked for, a problem (bad usage), or a known command with its words and options. */
export type ReadArguments =
	| { kind: 'help' }
	| { kind: 'problem'; problem: string }
	| { kind: 'command'; name: string; words: string[]; values: Record<string, string | boolean | undefined> };

/**
 * The first steps every `npm run <tool> -- <command> …` takes: parse the options strictly, answer
 * help (`help`, `--help`, `-h`, nothing at all), refuse an unknown command and an option the
 * command does not take. `allowed` lists each command's options; `help` is always allowed.
 */
export function readArguments(argv: string[], options: Options, allowed: Record<string, readonly string[]>): ReadArguments {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
	} catch (error) {
		return { kind: 'problem', problem: (error as Error).message };
	}
	const values = parsed.values as Record<string, string | boolean | undefined>;
	const [name, ...words] = parsed.positionals;
	if (values.help || name === 'help' || (name === undefined && argv.length === 0)) return { kind: 'help' };
	if (name === undefined || !Object.hasOwn(allowed, name)) return { kind: 'problem', problem: name === undefined ? 'Say which command.' : `Unknown command "${name}".` };
	const foreign = Object.keys(values).find((o) => o !== 'help' && !allowed[name]?.includes(o));
	if (foreign) return { kind: 'problem', problem: `--${foreign} is not an option of ${name}.` };
	return { kind: 'command', name, words, values };
}

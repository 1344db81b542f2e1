import { readArguments } from '../cli/arguments.ts';
import { formatColumns } from '../cli/columns.ts';
import { z } from 'zod';
import { checkMunicipalityConfig, municipalityIdSchema, publicMunicipalityOf, type ConfigProblem, type MunicipalityConfig } from '../../src/lib/domain/municipality-config.ts';
import type { MunicipalityChange, SavedChange } from './store.ts';

/** What `npm run municipality -- …` was asked to do. Pure: parsing, checking and printing (server/municipalities/cli.ts runs it). */
export type MunicipalityCommand =
	| { name: 'add' | 'update' | 'import'; file: string; reason?: string }
	| { name: 'show'; id: string }
	| { name: 'export'; id?: string; out?: string }
	| { name: 'list' }
	| { name: 'help' };

export const usage = `Usage: npm run municipality -- <command>

Manages the municipalities (their boundary, numbers, categories, answers and figures) in the store
the server uses: the same CUADRA_DATA_DIR, CUADRA_DATABASE and DATABASE_URL. Works with the
server running or stopped; a running server serves a change at once. docs/municipalities.md
describes the file, field by field; docs/examples/municipality.json is a whole one.

Commands:
  add <file> [--reason "<why>"]
      Adds the municipality the JSON file describes. Its id must be new.
  update <file> [--reason "<why>"]
      Replaces the configuration of the municipality with the file's id.
  import <file> [--reason "<why>"]
      Adds or replaces every municipality of a file written by export: all of them, or none.
  show <id>
      The configuration in words, and its last changes.
  export [<id>] [--out <file>]
      The configuration as JSON (without <id>: every municipality, as import reads it), to
      stdout or to --out.
  list
      Every municipality: id, name, categories shown, last change.

A file with any problem is refused whole: every problem is listed with its field, e.g.
"categories.3.handledBy: needs a phone or a web address", and nothing is written. Every change
is recorded with who made it ("server operator" is this command line), when, what it replaced,
and the --reason.

Exit codes: 0 done, 1 refused (the message says why), 64 bad usage, 78 bad configuration.`;

const reasonSchema = z
	.string()
	.trim()
	.min(1, 'must not be empty')
	.max(500, 'must be at most 500 characters')
	// eslint-disable-next-line no-control-regex
	.refine((r) => !/[\u0000-\u001f\u007f]/.test(r), 'must be one line of text');
const options = { reason: { type: 'string' }, out: { type: 'string' } } as const;
type OptionName = keyof typeof options;
const commands: Record<Exclude<MunicipalityCommand['name'], 'help'>, { argument: 'file' | 'id' | 'optional id' | null; allowed: OptionName[] }> = {
	add: { argument: 'file', allowed: ['reason'] },
	update: { argument: 'file', allowed: ['reason'] },
	import: { argument: 'file', allowed: ['reason'] },
	show: { argument: 'id', allowed: [] },
	export: { argument: 'optional id', allowed: ['out'] },
	list: { argument: null, allowed: [] }
};

export function parseCommand(argv: string[]): { ok: true; command: MunicipalityCommand } | { ok: false; problem: string } {
	const read = readArguments(argv, options, Object.fromEntries(Object.entries(commands).map(([name, spec]) => [name, spec.allowed])));
	if (read.kind === 'help') return { ok: true, command: { name: 'help' } };
	if (read.kind === 'problem') return { ok: false, problem: read.problem };
	const { name, values } = read;
	const [argument, ...extra] = read.words;
	const spec = commands[name as keyof typeof commands];
	const unexpected = spec.argument === null ? [argument, ...extra].filter((p) => p !== undefined) : extra;
	if (unexpected.length) return { ok: false, problem: `${name} does not take "${unexpected.join(' ')}".` };
	if ((spec.argument === 'file' || spec.argument === 'id') && argument === undefined) return { ok: false, problem: `${name} needs a <${spec.argument}>.` };
	if (values.reason !== undefined) {
		const reason = reasonSchema.safeParse(values.reason);
		if (!reason.success) return { ok: false, problem: `--reason ${reason.error.issues[0]?.message ?? 'is invalid'}.` };
		values.reason = reason.data;
	}
	const reasonGiven = typeof values.reason === 'string' ? { reason: values.reason } : {};
	if (argument !== undefined && spec.argument !== 'file') {
		const id = municipalityIdSchema.safeParse(argument);
		if (!id.success) return { ok: false, problem: `<id> ${id.error.issues[0]?.message ?? 'is invalid'}.` };
	}
	switch (name) {
		case 'add':
		case 'update':
		case 'import':
			return { ok: true, command: { name, file: argument as string, ...reasonGiven } };
		case 'show':
			return { ok: true, command: { name, id: argument as string } };
		case 'export':
			return { ok: true, command: { name, ...(argument === undefined ? {} : { id: argument }), ...(typeof values.out === 'string' ? { out: values.out } : {}) } };
		default:
			return { ok: true, command: { name: 'list' } };
	}
}

/** The municipalities a file describes: one configuration (add, update), or `{ municipalities: [...] }` as export writes it (import). */
export function readConfigs(json: unknown, many: boolean): { ok: true; configs: MunicipalityConfig[] } | { ok: false; problems: ConfigProblem[] } {
	if (!many) {
		const checked = checkMunicipalityConfig(json);
		return checked.ok ? { ok: true, configs: [checked.config] } : checked;
	}
	const list = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { municipalities?: unknown }).municipalities : undefined;
	if (!Array.isArray(list)) return { ok: false, problems: [{ path: 'municipalities', message: 'must be a list of municipality configurations (the file export writes)' }] };
	if (list.length === 0) return { ok: false, problems: [{ path: 'municipalities', message: 'is empty: there is nothing to import' }] };
	const configs: MunicipalityConfig[] = [];
	const problems: ConfigProblem[] = [];
	const ids = new Set<string>();
	list.forEach((item, i) => {
		const checked = checkMunicipalityConfig(item);
		if (!checked.ok) problems.push(...checked.problems.map((p) => ({ path: `municipalities.${i}.${p.path}`, message: p.message })));
		else if (ids.has(checked.config.id)) problems.push({ path: `municipalities.${i}.id`, message: `"${checked.config.id}" is listed twice` });
		else {
			ids.add(checked.config.id);
			configs.push(checked.config);
		}
	});
	return problems.length ? { ok: false, problems } : { ok: true, configs };
}

export function formatProblems(file: string, problems: ConfigProblem[]): string {
	const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
	return [`${file} has ${count}, so nothing was written:`, ...problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n');
}

export function formatSaved(changes: SavedChange[], names: Map<string, string>): string {
	return changes
		.map((c) => {
			const who = `${names.get(c.id) ?? c.id} (${c.id})`;
			if (!c.changed) return `${who} already has exactly this configuration: nothing changed.`;
			return c.action === 'added' ? `Added ${who}. Its first admin: npm run staff -- add <username> --municipality ${c.id} --role admin` : `Updated ${who}; the change is recorded.`;
		})
		.join('\n');
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';
const who = (c: MunicipalityChange) => (c.actor === null ? 'server operator' : (c.actor.username ?? c.actor.id));
const duration = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/** One line per change: `2026-12-03 18:00 UTC  server operator updated it: "new phone"`. */
export function formatChange(c: MunicipalityChange): string {
	return `${minute(c.at)}  ${who(c)} ${c.action === 'added' ? 'added it' : 'updated it'}${c.reason ? `: "${c.reason}"` : ''}`;
}

/** `show`: the configuration in words (es-CL labels, which are the default), then its last changes. */
export function formatShow(config: MunicipalityConfig, changes: MunicipalityChange[]): string {
	const shown = publicMunicipalityOf(config);
	const rings = config.boundary.type === 'Polygon' ? [config.boundary.coordinates] : config.boundary.coordinates;
	const positions = rings.flat(2);
	const lngs = positions.map((p) => p[0]);
	const lats = positions.map((p) => p[1]);
	const lines = [
		`${config.name} (${config.id})`,
		`  boundary: ${config.boundary.type}, ${rings.length} polygon${rings.length === 1 ? '' : 's'}, ${positions.length} positions, longitude ${Math.min(...lngs)} to ${Math.max(...lngs)}, latitude ${Math.min(...lats)} to ${Math.max(...lats)}`,
		`  security line: ${config.securityLine.number} "${config.securityLine.label['es-CL']}"`,
		`  other numbers: ${config.numbers.length ? config.numbers.map((n) => `${n.number} "${n.label['es-CL']}"`).join(', ') : 'none'}`,
		`  service hours: ${config.serviceHours}`,
		`  alert areas: ${config.alertAreas.defaultRadiusMetres} m by default`,
		`  categories (${shown.categories.length} offered):`,
		...config.categories.map((c) => {
			const status = c.status === 'not_handled' ? `not handled here: ${c.handledBy?.name}${c.handledBy?.phone ? ` ${c.handledBy.phone}` : ''}${c.handledBy?.web ? ` ${c.handledBy.web}` : ''}` : c.status;
			return `    ${c.key.padEnd(22)} ${status}; acknowledge within ${duration(c.targets.acknowledgeMinutes)}, close within ${duration(c.targets.closeHours * 60)}${c.pointsAtHome ? '; points at a home (coarse on public maps)' : ''}`;
		}),
		`  first answer: "${config.autoAnswer['es-CL']}"`,
		`  own templates: ${Object.keys(config.templates).length ? Object.keys(config.templates).join(', ') : "none (the app's)"}`,
		`  population: ${config.population.length ? config.population.map((a) => `${a.name} ${a.residents} (${a.source})`).join(', ') : 'not given'}`,
		'',
		changes.length ? 'Last changes, newest first:' : 'No change is recorded.',
		...changes.slice(0, 10).map((c) => `  ${formatChange(c)}`)
	];
	return lines.join('\n');
}

export function formatList(configs: MunicipalityConfig[], last: Map<string, MunicipalityChange | undefined>): string {
	if (configs.length === 0) return 'There are no municipalities yet. Add one: npm run municipality -- add <file> (docs/municipalities.md).';
	const rows = configs.map((c) => {
		const change = last.get(c.id);
		return [c.id, c.name, String(publicMunicipalityOf(c).categories.length), change ? `${minute(change.at)} by ${who(change)}` : ''];
	});
	return formatColumns(['id', 'name', 'categories offered', 'last change'], rows);
}
